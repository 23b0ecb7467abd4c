/**
 * The state backend against real protocol servers (s3rver for S3, dynalite for DynamoDB, on
 * loopback ports picked at start; see helpers/local-aws.ts for the few operations emulated):
 * bootstrap creates the bucket and lock table, stacks init and plan on their synthesized S3
 * backend, the lock table serializes runs, state written by one configuration is read by
 * another, and a backend that is down fails fast and clearly. Endpoints and keys are given by
 * the tests only (override files, `-backend-config`); the stacks stay as synthesized.
 *
 * Creating a lifecycle configuration makes the AWS provider (5.100.0) wait until ten reads in
 * a row, 5 s apart after a first 10 s, return it unchanged: 55 s per bucket, against AWS as
 * against s3rver (terraform-provider-aws#41764, "eventual consistency for some regions"). The
 * bootstrap and logs-dev applies each have one, so both start in `beforeAll` and run at once,
 * logs-dev as soon as the state bucket and lock table answer; the tests that only need the
 * bucket and table run meanwhile, and the assertions on each apply come once it is done.
 */
import { createHash } from 'crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { environmentConfig, loadConfig, ProjectConfig, validateConfig } from '../../src/config';
import { stateKey } from '../../src/stacks/backend';
import { stateAccessByEnvironment } from '../../src/stacks/state-access';
import { parseRoleArn } from '../../src/state/state-access-role';
import { BOOTSTRAP_STACK } from '../../src/stacks/bootstrap-stack';
import { logsStackName, resolveEnvironment, resolvePlan, securityStackName } from '../../src/config/plan';
import { decideRequest as decide } from '../helpers/policy-sim';
import { expectLogsBucket } from '../helpers/logs-bucket-checks';
import { backendConfigArgs, closedPort, LocalAws, localAwsProvider, localBackendSettings, startLocalAws } from '../helpers/local-aws';
import {
  describeWithTerraform,
  OFFLINE_AWS_PROVIDER,
  PlanJson,
  planJson,
  planned,
  RunResult,
  synthApp,
  SynthResult,
  terraform,
  terraformOk,
  TerraformTool,
} from '../helpers/terraform';

/** Every Terraform run is bounded: a backend that does not answer must fail the test, not hang it. */
/** The run's critical path: its Terraform runs keep normal priority (see RunOptions.niceness). */
const RUN = { timeoutMs: 150_000, niceness: 0 };
const OVERRIDE_FILE = 'zz_test_override.tf.json';

type Json = Record<string, any>;

function writeJson(file: string, json: unknown): void {
  writeFileSync(file, JSON.stringify(json, null, 2));
}

/** `terraform show -json` of the current state: resource values by address, and outputs. */
async function showState(tool: TerraformTool, dir: string): Promise<{ resources: Record<string, Json>; outputs: Record<string, unknown> }> {
  const shown = JSON.parse((await terraformOk(tool, dir, ['show', '-json', '-no-color'], RUN)).stdout);
  const resources: Record<string, Json> = {};
  for (const r of shown.values?.root_module?.resources ?? []) resources[r.address] = r.values;
  const outputs = Object.fromEntries(Object.entries<Json>(shown.values?.outputs ?? {}).map(([k, v]) => [k, v.value]));
  return { resources, outputs };
}

/** logs-dev as applied: its synth, outputs and resources (from its state). */
interface LogsDevApplied {
  readonly synth: SynthResult;
  readonly outputs: Record<string, unknown>;
  readonly resources: Record<string, Json>;
}

describeWithTerraform('state backend on local S3 (s3rver) and DynamoDB (dynalite)', (tool) => {
  const config = loadConfig();
  const { bucket, region } = config.stateBackend;
  const table = config.stateBackend.dynamodbTable as string;
  /** The same config with dev's logs bucket read from the logs stack (a cdktf cross-stack reference). */
  const crossStackConfig: ProjectConfig = validateConfig(
    JSON.parse(
      JSON.stringify({
        ...config,
        environments: { ...config.environments, dev: { ...config.environments.dev, logsBucket: { fromLogsStack: true } } },
      }),
    ),
    'test config: dev.logsBucket = { "fromLogsStack": true }',
  );

  let aws: LocalAws;
  let synth: SynthResult;
  let work: string;
  /** Where the bootstrap stack keeps its (local) state in this test. */
  let bootstrapState: string;
  /** `terraform apply` of the bootstrap stack, started in beforeAll. */
  let bootstrapApplied: Promise<RunResult>;
  /** Then a second plan (which must find nothing to do) and the state, read back at once. */
  let bootstrapReadBack: Promise<{ replan: RunResult; state: Awaited<ReturnType<typeof showState>> }>;
  /** Resolves once the state bucket and lock table answer (while the bootstrap apply still waits on the lifecycle). */
  let backendReady: Promise<void>;
  /** logs-dev applied against the local servers, started as soon as the backend is ready. */
  let logsDevApplied: Promise<LogsDevApplied>;

  /** The S3 backend as every stack synthesizes it (src/stacks/backend.ts), for `key`. */
  const s3Backend = (key: string) => ({ bucket, key, region, dynamodb_table: table, encrypt: true });
  const lockId = (key: string) => `${bucket}/${key}`;

  /** A directory of `work` holding `main.tf.json` = `json`. */
  function configDir(name: string, json: unknown): string {
    const dir = path.join(work, name);
    mkdirSync(dir, { recursive: true });
    writeJson(path.join(dir, 'main.tf.json'), json);
    return dir;
  }

  /** `terraform init` on the directory's own backend, plus the local endpoints and keys. */
  function initS3(dir: string, extra: Record<string, unknown> = {}): Promise<RunResult> {
    return terraformOk(tool, dir, ['init', '-input=false', '-no-color', ...backendConfigArgs(dir, aws, extra)], RUN);
  }

  /** The lock table's items by LockID, read with a DynamoDB Scan. */
  async function lockTableItems(): Promise<Record<string, Json>> {
    const { Items } = await aws.dynamodb('Scan', { TableName: table });
    return Object.fromEntries((Items as Json[]).map((i) => [i.LockID.S, i]));
  }

  /** The lock items Terraform put (PutItem accepted by DynamoDB) for `key`, from the request log. */
  const locksTaken = (key: string, since = 0) =>
    aws.dynamodbRequests
      .slice(since)
      .filter((r) => r.target === 'PutItem' && r.status === 200 && r.body.Item?.LockID?.S === lockId(key) && r.body.Item?.Info)
      .map((r) => JSON.parse(r.body.Item.Info.S) as { ID: string; Operation: string; Path: string });

  /** The environments' state roles the bootstrap stack creates (config: stateBackend.roleArns). */
  const stateRoles = stateAccessByEnvironment(resolvePlan(config).environments).map((a) => ({
    environment: a.environment,
    arn: a.roleArn,
    name: parseRoleArn(a.roleArn).name,
  }));

  /** Whether the state bucket, the lock table and the state roles exist on the local servers. */
  async function backendExists(): Promise<boolean> {
    if (stateRoles.some((r) => Object.keys(aws.iam.role(r.name)?.inlinePolicies ?? {}).length === 0)) return false;
    if (!(await aws.s3('GET', '/')).body.includes(`<Name>${bucket}</Name>`)) return false;
    const { TableNames } = await aws.dynamodb('ListTables', {});
    if (!(TableNames as string[]).includes(table)) return false;
    return (await aws.dynamodb('DescribeTable', { TableName: table })).Table.TableStatus === 'ACTIVE';
  }

  /** Poll until the backend exists; fail as soon as the bootstrap apply has ended without it. */
  async function waitForBackend(): Promise<void> {
    let ended = false;
    bootstrapApplied.then(
      () => (ended = true),
      () => (ended = true),
    );
    for (;;) {
      if (await backendExists()) return;
      if (ended) {
        const outcome = await bootstrapApplied.then(
          () => 'it succeeded',
          (e: Error) => e.message,
        );
        throw new Error(`the bootstrap apply ended without creating the state bucket ${bucket} and lock table ${table}: ${outcome}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'backend-it-'));
    aws = await startLocalAws();
    synth = synthApp(config);
    const dir = synth.stackDir(BOOTSTRAP_STACK);
    bootstrapState = path.join(work, 'bootstrap.tfstate');
    // The stack's local backend points outside the synth dir; the test keeps the state in its temp dir.
    writeJson(path.join(dir, OVERRIDE_FILE), {
      terraform: { backend: { local: { path: bootstrapState } } },
      provider: { aws: [localAwsProvider(aws)] },
    });
    bootstrapApplied = (async () => {
      await terraformOk(tool, dir, ['init', '-input=false', '-no-color'], RUN);
      return terraformOk(tool, dir, ['apply', '-auto-approve', '-input=false', '-no-color'], { ...RUN, timeoutMs: 200_000 });
    })();
    bootstrapReadBack = bootstrapApplied.then(async () => ({
      replan: await terraform(tool, dir, ['plan', '-detailed-exitcode', '-input=false', '-no-color'], RUN),
      state: await showState(tool, dir),
    }));
    backendReady = waitForBackend();
    logsDevApplied = backendReady.then(applyLogsDev);
    // Each is awaited by the tests that need it; none may go unhandled meanwhile.
    for (const p of [bootstrapApplied, bootstrapReadBack, backendReady, logsDevApplied]) p.catch(() => undefined);
  }, 60_000);

  afterAll(async () => {
    try {
      // The background applies end before the servers they talk to go away.
      await Promise.allSettled([bootstrapReadBack, logsDevApplied]);
      (await logsDevApplied?.catch(() => undefined))?.synth.cleanup();
    } finally {
      await aws?.stop();
      synth?.cleanup();
      if (work) rmSync(work, { recursive: true, force: true });
    }
  }, 240_000);

  test('lock contention: a second run fails on the held lock, then succeeds once it is released; no state is lost', async () => {
    await backendReady;
    const key = 'integration-tests/lock/terraform.tfstate';
    const first = {
      resource: { terraform_data: { first: { input: 'first-run', provisioner: [{ 'local-exec': { command: 'sleep 12' } }] } } },
      output: { first: { value: '${terraform_data.first.output}' } },
    };
    const second = {
      resource: { terraform_data: { ...first.resource.terraform_data, second: { input: 'second-run' } } },
      output: { ...first.output, second: { value: '${terraform_data.second.output}' } },
    };
    const dirA = configDir('lock-a', { terraform: { backend: { s3: s3Backend(key) } }, ...first });
    const dirB = configDir('lock-b', { terraform: { backend: { s3: s3Backend(key) } }, ...second });
    await Promise.all([initS3(dirA), initS3(dirB)]);

    const since = aws.dynamodbRequests.length;
    const runA = terraform(tool, dirA, ['apply', '-auto-approve', '-input=false', '-no-color'], RUN);
    let resultA: RunResult;
    try {
      // Wait until A holds the lock (its PutItem went through), then start B.
      const deadline = Date.now() + 60_000;
      while (locksTaken(key, since).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const [lockA] = locksTaken(key, since);
      expect(lockA).toMatchObject({ Operation: 'OperationTypeApply', Path: lockId(key) });
      expect((await lockTableItems())[lockId(key)]).toBeDefined();

      const blocked = await terraform(tool, dirB, ['apply', '-auto-approve', '-input=false', '-no-color', '-lock-timeout=0s'], RUN);
      expect(blocked.code).toBe(1);
      expect(blocked.stderr).toContain('Error acquiring the state lock');
      expect(blocked.stderr).toMatch(new RegExp(`ID:\\s+${lockA.ID}`));
      expect(blocked.stderr).toMatch(new RegExp(`Path:\\s+${lockId(key)}`));
      expect(blocked.stderr).toMatch(/Operation:\s+OperationTypeApply/);
    } finally {
      resultA = await runA;
    }
    expect(resultA.code).toBe(0);
    expect(resultA.stdout).toContain('Apply complete! Resources: 1 added');
    expect((await lockTableItems())[lockId(key)]).toBeUndefined();

    const retried = await terraformOk(tool, dirB, ['apply', '-auto-approve', '-input=false', '-no-color', '-lock-timeout=0s'], RUN);
    // B read A's state: it adds only its own resource.
    expect(retried.stdout).toContain('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.');
    const listed = await terraformOk(tool, dirA, ['state', 'list', '-no-color'], RUN);
    expect(listed.stdout.trim().split('\n').sort()).toEqual(['terraform_data.first', 'terraform_data.second']);
    const { resources, outputs } = await showState(tool, dirA);
    expect(outputs).toEqual({ first: 'first-run', second: 'second-run' });
    expect(resources['terraform_data.first']).toMatchObject({ input: 'first-run', output: 'first-run' });
    // The digest the backend keeps in the table is that of the state object now in S3.
    const stored = await aws.s3('GET', `/${bucket}/${key}`);
    expect(JSON.parse(stored.body).serial).toBeGreaterThanOrEqual(2);
    expect((await lockTableItems())[`${lockId(key)}-md5`]?.Digest?.S).toBe(createHash('md5').update(stored.body).digest('hex'));
  }, 180_000);

  test('remote state: outputs applied to S3 by one configuration are planned with by another', async () => {
    await backendReady;
    const key = 'integration-tests/producer/terraform.tfstate';
    const producer = configDir('producer', {
      terraform: { backend: { s3: s3Backend(key) } },
      resource: { terraform_data: { logs: { input: { bucket_id: 'govtech-dev-logs-111111111111', retention_days: 90 } } } },
      output: {
        bucket_id: { value: '${terraform_data.logs.output.bucket_id}' },
        retention_days: { value: '${terraform_data.logs.output.retention_days}' },
      },
    });
    await initS3(producer);
    await terraformOk(tool, producer, ['apply', '-auto-approve', '-input=false', '-no-color'], RUN);
    expect(JSON.parse((await aws.s3('GET', `/${bucket}/${key}`)).body).outputs.bucket_id.value).toBe('govtech-dev-logs-111111111111');

    const consumer = configDir('consumer', {
      data: { terraform_remote_state: { producer: { backend: 's3', config: { ...s3Backend(key), ...localBackendSettings(aws) } } } },
      resource: { terraform_data: { trail: { input: '${data.terraform_remote_state.producer.outputs.bucket_id}' } } },
      output: { logs_bucket: { value: '${data.terraform_remote_state.producer.outputs.bucket_id}' } },
    });
    await terraformOk(tool, consumer, ['init', '-input=false', '-no-color'], RUN);
    const plan = await planJson(tool, consumer);
    expect(plan.planned_values.outputs).toEqual({ logs_bucket: expect.objectContaining({ value: 'govtech-dev-logs-111111111111' }) });
    expect(planned(plan, 'terraform_data.trail')).toMatchObject({ input: 'govtech-dev-logs-111111111111' });
  }, 120_000);

  /**
   * Synthesize with dev's logs bucket from the logs stack, and apply logs-dev with its
   * synthesized S3 backend, its provider on the local servers.
   */
  async function applyLogsDev(): Promise<LogsDevApplied> {
    let cross: SynthResult;
    try {
      cross = synthApp(crossStackConfig);
    } catch (e) {
      throw new Error(`synth with environments.dev.logsBucket = { "fromLogsStack": true } failed: ${(e as Error).stack}`, { cause: e });
    }
    const dir = cross.stackDir(logsStackName('dev'));
    writeJson(path.join(dir, OVERRIDE_FILE), { provider: { aws: [localAwsProvider(aws)] } });
    await initS3(dir);
    await terraformOk(tool, dir, ['apply', '-auto-approve', '-input=false', '-no-color'], { ...RUN, timeoutMs: 200_000 });
    const state = await showState(tool, dir);
    return { synth: cross, outputs: state.outputs, resources: state.resources };
  }

  test('security-dev on its synthesized S3 backend: init, plan locked in the lock table, and the logs bucket its terraform_remote_state reads from the logs stack state', async () => {
    const { synth: cross, outputs } = await logsDevApplied;
    const expectedBucket = resolveEnvironment(crossStackConfig, 'dev').logsStack?.bucket;
    expect(outputs.bucket_id).toBe(expectedBucket);
    expect((await aws.s3('GET', '/')).body).toContain(`<Name>${expectedBucket}</Name>`);

    const stack = securityStackName('dev');
    const key = stateKey(config.stateBackend, stack);
    const dir = cross.stackDir(stack);
    const stackJson = JSON.parse(readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'));
    const logsKey = stateKey(config.stateBackend, logsStackName('dev'));
    const reads = Object.entries<Json>(stackJson.data?.terraform_remote_state ?? {}).filter(
      ([, d]) => d.backend === 's3' && d.config?.key === logsKey,
    );
    expect(reads).toHaveLength(1);
    const [[name, remote]] = reads;
    expect(remote.config).toMatchObject(s3Backend(logsKey));
    // The provider only plans (no AWS calls). An override replaces the remote state's `config`
    // wholesale: the synthesized settings plus the local endpoints. The backend stays the synthesized S3 one.
    writeJson(path.join(dir, OVERRIDE_FILE), {
      provider: { aws: [OFFLINE_AWS_PROVIDER] },
      data: { terraform_remote_state: { [name]: { config: { ...remote.config, ...localBackendSettings(aws) } } } },
    });
    const init = await initS3(dir);
    expect(init.stdout).toContain('Successfully configured the backend "s3"');
    const backend = JSON.parse(readFileSync(path.join(dir, '.terraform', 'terraform.tfstate'), 'utf8')).backend;
    expect(backend.type).toBe('s3');
    expect(backend.config).toMatchObject(s3Backend(key));
    // dev's state is in the state account: the backend and the remote state read go through dev's role.
    const devRole = resolveEnvironment(config, 'dev').state.roleArn;
    expect(devRole).toBeDefined();
    expect(backend.config.assume_role).toMatchObject({ role_arn: devRole });
    expect(remote.config.assume_role).toMatchObject({ role_arn: devRole });
    const assumedBefore = aws.iam.calls.filter((c) => c.action === 'AssumeRole').length;

    const since = aws.dynamodbRequests.length;
    // The trail is what this test asserts on (the bucket from the logs stack's state): planning it
    // alone still takes the lock, reads the state and the remote state, and validates the stack.
    await terraformOk(
      tool,
      dir,
      ['plan', '-input=false', '-no-color', '-lock-timeout=30s', '-target=aws_cloudtrail.govtech_audit', '-out=backend.tfplan'],
      RUN,
    );
    const plan = JSON.parse((await terraformOk(tool, dir, ['show', '-json', '-no-color', 'backend.tfplan'], RUN)).stdout) as PlanJson;
    expect(planned(plan, 'aws_cloudtrail.govtech_audit')).toMatchObject({ s3_bucket_name: expectedBucket });

    // The plan took the lock in the table and released it.
    const taken = locksTaken(key, since);
    expect(taken).toEqual([expect.objectContaining({ Operation: 'OperationTypePlan', Path: lockId(key) })]);
    expect(aws.dynamodbRequests.slice(since)).toContainEqual(
      expect.objectContaining({
        target: 'DeleteItem',
        status: 200,
        body: expect.objectContaining({ Key: { LockID: { S: lockId(key) } } }),
      }),
    );
    // Reading the (still empty) state, the backend looked up its digest in the table.
    expect(aws.dynamodbRequests.slice(since)).toContainEqual(
      expect.objectContaining({
        target: 'GetItem',
        status: 200,
        body: expect.objectContaining({ Key: { LockID: { S: `${lockId(key)}-md5` } } }),
      }),
    );
    // The plan assumed dev's role (backend and remote state), and no other.
    const assumed = aws.iam.calls.filter((c) => c.action === 'AssumeRole').slice(assumedBefore);
    expect(assumed.length).toBeGreaterThan(0);
    expect(assumed.map((c) => [c.params.RoleArn, c.status])).toEqual(assumed.map(() => [devRole, 200]));
    // A plan writes no state, and leaves no lock behind.
    expect((await aws.s3('GET', `/${bucket}/${key}`)).status).toBe(404);
    expect(Object.keys(await lockTableItems())).not.toContain(lockId(key));
  }, 240_000);

  test("logs-dev as applied: only this account's trail and Config may write, each under its prefix (evaluated); logs are archived then expired", async () => {
    const { resources } = await logsDevApplied;
    const { accountId, awsRegion, logsRetentionDays } = environmentConfig(crossStackConfig, 'dev');
    const logsBucket = resolveEnvironment(crossStackConfig, 'dev').logsStack!.bucket;
    expect(resources['aws_s3_bucket.logs']).toMatchObject({ bucket: logsBucket });
    const policy = resources['aws_s3_bucket_policy.logs'].policy as string;
    const [rule] = resources['aws_s3_bucket_lifecycle_configuration.logs'].rule as Json[];
    await expectLogsBucket(policy, rule, {
      environment: 'dev',
      accountId,
      awsRegion,
      bucketName: logsBucket,
      retentionDays: logsRetentionDays,
    });
    // Its server access logs go to the access-logs bucket (CloudTrail.7), as S3 holds it.
    const accessLogs = resources['aws_s3_bucket.access_logs']?.bucket as string;
    expect(accessLogs).toBeDefined();
    expect(aws.bucketConfig(logsBucket, 'logging')).toContain(`<TargetBucket>${accessLogs}</TargetBucket>`);
    // The bucket holds what the servers hold.
    expect(aws.bucketConfig(logsBucket, 'policy')).toBeDefined();
    expect(JSON.parse(aws.bucketConfig(logsBucket, 'policy') as string)).toEqual(JSON.parse(policy));
  }, 240_000);

  test("bootstrap as applied: the bucket policy refuses every other account; the state account and each environment's role keep their access (evaluated)", async () => {
    const { state } = await bootstrapReadBack;
    const { accountId } = config.stateBackend;
    const bucketPolicy = JSON.parse(state.resources['aws_s3_bucket_policy.state'].policy);
    const rolePolicy = (env: string) => JSON.parse(state.resources[`aws_iam_role_policy.state_${env}`].policy);
    const anyS3 = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
    const prodKey = stateKey(config.stateBackend, 'security-prod');
    const devKey = stateKey(config.stateBackend, 'security-dev');
    const request = (principal: string, action: string, key: string, identity: unknown) =>
      decide({
        principal,
        action,
        resource: `arn:aws:s3:::${bucket}/${key}`,
        resourceAccount: accountId as string,
        identityPolicies: [identity],
        resourcePolicy: bucketPolicy,
      });
    const prodRole = config.stateBackend.roleArns?.prod as string;
    expect(state.resources['aws_iam_role.state_prod']).toMatchObject({
      name: prodRole.split('/').pop(),
      arn: prodRole.replace(/:\d{12}:/, `:${accountId}:`),
    });
    expect(
      await Promise.all([
        request(prodRole, 's3:GetObject', prodKey, rolePolicy('prod')),
        request(prodRole, 's3:PutObject', prodKey, rolePolicy('prod')),
        request(prodRole, 's3:GetObject', devKey, rolePolicy('prod')),
        request(prodRole, 's3:PutObject', devKey, rolePolicy('prod')),
        // The state account's own administrators keep their access.
        request(`arn:aws:iam::${accountId}:role/state-admin`, 's3:GetObject', prodKey, anyS3),
        request(`arn:aws:iam::${accountId}:role/state-admin`, 's3:PutObject', devKey, anyS3),
        // Principals of other accounts, even prod's own, only come in through the roles; an unrelated account not at all.
        request(`arn:aws:iam::${environmentConfig(config, 'prod').accountId}:role/deployer`, 's3:GetObject', prodKey, anyS3),
        request('arn:aws:iam::333333333333:role/intruder', 's3:GetObject', prodKey, anyS3),
        request('arn:aws:iam::333333333333:role/intruder', 's3:PutObject', devKey, anyS3),
      ]),
    ).toEqual([
      'Allowed',
      'Allowed',
      'ImplicitlyDenied',
      'ImplicitlyDenied',
      'Allowed',
      'Allowed',
      'ExplicitlyDenied',
      'ExplicitlyDenied',
      'ExplicitlyDenied',
    ]);
  }, 240_000);

  test('a backend that is down fails terraform init fast with a clear connection error', async () => {
    const port = await closedPort();
    const down = { s3Endpoint: `http://127.0.0.1:${port}`, dynamodbEndpoint: `http://127.0.0.1:${port}` };
    const dir = configDir('down', { terraform: { backend: { s3: s3Backend('integration-tests/down/terraform.tfstate') } } });
    // Bounded run: a hang would be killed at the bound and fail on timedOut, not stall the suite.
    const r = await terraform(tool, dir, ['init', '-input=false', '-no-color', ...backendConfigArgs(dir, down, { max_retries: 1 })], {
      timeoutMs: 60_000,
      niceness: 0,
    });
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Error: Failed to get existing workspaces: Unable to list objects in S3 bucket "${bucket}"`);
    expect(r.stderr).toMatch(new RegExp(`dial tcp 127\\.0\\.0\\.1:${port}: connect: connection refused`));
  }, 120_000);

  test('bootstrap: terraform apply creates the state bucket and lock table with their key settings', async () => {
    const applied = await bootstrapApplied;
    // Bucket and its 6 settings, lock table, and a role with its policy per environment role.
    expect(applied.stdout).toContain(`Apply complete! Resources: ${8 + 2 * stateRoles.length} added`);
    expect(existsSync(bootstrapState)).toBe(true);
    // What was created reads back as configured: a second plan has nothing to do.
    const { replan, state } = await bootstrapReadBack;
    expect({ code: replan.code, output: replan.code === 0 ? '' : replan.stdout + replan.stderr }).toEqual({ code: 0, output: '' });

    // The bucket, through S3.
    expect((await aws.s3('GET', '/')).body).toContain(`<Name>${bucket}</Name>`);
    expect((await aws.s3('GET', `/${bucket}?versioning`)).body).toMatch(/<Status>Enabled<\/Status>/);
    expect(aws.bucketConfig(bucket, 'encryption')).toMatch(/<SSEAlgorithm>AES256<\/SSEAlgorithm>/);
    for (const setting of ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets']) {
      expect(aws.bucketConfig(bucket, 'publicAccessBlock')).toContain(`<${setting}>true</${setting}>`);
    }
    expect(aws.bucketConfig(bucket, 'tagging')).toMatch(/<Tag><Key>ManagedBy<\/Key><Value>cdktf<\/Value><\/Tag>/);
    expect(aws.bucketConfig(bucket, 'ownershipControls')).toContain('<ObjectOwnership>BucketOwnerEnforced</ObjectOwnership>');
    const policy = JSON.parse(aws.bucketConfig(bucket, 'policy') ?? '{}');
    expect(policy.Statement).toEqual([
      // Principals of other accounts only come in through the state roles (s3rver does not enforce this: simulated in support-stacks-plan.test.ts).
      expect.objectContaining({
        Sid: 'DenyOtherAccounts',
        Effect: 'Deny',
        Condition: { StringNotEquals: { 'aws:PrincipalAccount': config.stateBackend.accountId } },
      }),
      expect.objectContaining({
        Effect: 'Deny',
        Action: 's3:*',
        Principal: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        Resource: expect.arrayContaining([`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`]),
      }),
    ]);
    const lifecycle = aws.bucketConfig(bucket, 'lifecycle') ?? '';
    expect(lifecycle).toMatch(/<ID>expire-noncurrent-state-versions<\/ID>/);
    expect(lifecycle).toMatch(/<NoncurrentVersionExpiration><NoncurrentDays>90<\/NoncurrentDays><\/NoncurrentVersionExpiration>/);
    expect(lifecycle).toMatch(
      /<AbortIncompleteMultipartUpload><DaysAfterInitiation>7<\/DaysAfterInitiation><\/AbortIncompleteMultipartUpload>/,
    );

    // The state roles, through IAM: trust and access policy as synthesized.
    const synthesized = JSON.parse(readFileSync(path.join(synth.stackDir(BOOTSTRAP_STACK), 'cdk.tf.json'), 'utf8')).resource;
    expect(stateRoles.length).toBeGreaterThan(0);
    for (const role of stateRoles) {
      const created = aws.iam.role(role.name);
      expect(JSON.parse(created?.assumeRolePolicy ?? '{}')).toEqual(
        JSON.parse(synthesized.aws_iam_role[`state_${role.environment}`].assume_role_policy),
      );
      expect(Object.values(created?.inlinePolicies ?? {}).map((d) => JSON.parse(d))).toEqual([
        JSON.parse(synthesized.aws_iam_role_policy[`state_${role.environment}`].policy),
      ]);
    }

    // The table, through DynamoDB.
    const { Table } = await aws.dynamodb('DescribeTable', { TableName: table });
    expect(Table).toMatchObject({
      TableStatus: 'ACTIVE',
      KeySchema: [{ AttributeName: 'LockID', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'LockID', AttributeType: 'S' }],
      BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
      SSEDescription: { Status: 'ENABLED' },
      DeletionProtectionEnabled: true,
    });
    const { Tags } = await aws.dynamodb('ListTagsOfResource', { ResourceArn: Table.TableArn });
    expect(Tags).toEqual(
      expect.arrayContaining([
        { Key: 'ManagedBy', Value: 'cdktf' },
        { Key: 'Environment', Value: 'shared' },
      ]),
    );
    const backups = await aws.dynamodb('DescribeContinuousBackups', { TableName: table });
    expect(backups.ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus).toBe('ENABLED');

    // Terraform's state records what the servers hold.
    const { resources, outputs } = state;
    expect(outputs).toEqual({ state_bucket: bucket, lock_table: table });
    const lock = resources['aws_dynamodb_table.lock'];
    expect(lock).toMatchObject({
      arn: Table.TableArn,
      hash_key: Table.KeySchema[0].AttributeName,
      billing_mode: Table.BillingModeSummary.BillingMode,
      deletion_protection_enabled: Table.DeletionProtectionEnabled,
    });
    expect([lock.point_in_time_recovery[0].enabled, lock.server_side_encryption[0].enabled]).toEqual([true, true]);
    expect(resources['aws_s3_bucket.state']).toMatchObject({ bucket });
    expect(resources['aws_s3_bucket_versioning.state']).toMatchObject({ versioning_configuration: [{ status: 'Enabled' }] });
    expect(resources['aws_s3_bucket_lifecycle_configuration.state']).toMatchObject({
      rule: [
        { status: 'Enabled', noncurrent_version_expiration: [{ noncurrent_days: config.stateBackend.noncurrentVersionExpirationDays }] },
      ],
    });
    expect(resources['aws_s3_bucket_server_side_encryption_configuration.state']).toMatchObject({
      rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'AES256' }] }],
    });
    expect(resources['aws_s3_bucket_public_access_block.state']).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  }, 240_000);
});
