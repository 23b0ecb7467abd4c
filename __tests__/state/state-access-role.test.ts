/**
 * State across accounts, as synthesized: each environment's stacks assume its role, and
 * that role's policies (evaluated with an IAM policy simulator) let it read and write its
 * own state and lock items, read only what it must of another environment's, and nothing
 * else. The bucket policy's part is evaluated on the planned bootstrap stack
 * (__tests__/terraform/support-stacks-plan.test.ts).
 */
import { ENVIRONMENTS, EnvironmentName, environmentConfig, loadConfig, ProjectConfig, validateConfig } from '../../src/config';
import { stateKey } from '../../src/stacks/backend';
import { logsStackName, securityStackName } from '../../src/config/plan';
import { decideAssumeRole, decideRequest as decide, Decision } from '../helpers/policy-sim';
import { stackJson, synthApp } from '../helpers/terraform';

type Json = Record<string, any>;

const base = loadConfig();
const STATE_ACCOUNT = '999999999999';
const UNRELATED_ACCOUNT = '333333333333';

function configWith(change: (c: Json) => void): ProjectConfig {
  const c = JSON.parse(JSON.stringify(base));
  change(c);
  return validateConfig(c);
}

interface Synthesized {
  config: ProjectConfig;
  bootstrap: Json;
  stacks: Record<string, Json>;
}

function synthesize(config: ProjectConfig): Synthesized {
  const s = synthApp(config);
  try {
    const stacks: Record<string, Json> = {};
    for (const env of ENVIRONMENTS) for (const stack of [logsStackName(env), securityStackName(env)]) stacks[stack] = stackJson(s, stack);
    return { config, bootstrap: stackJson(s, 'bootstrap'), stacks };
  } finally {
    s.cleanup();
  }
}

/** The role of `env` as the bootstrap stack creates it: its ARN, trust policy and permissions. */
function role(s: Synthesized, env: EnvironmentName) {
  const r = s.bootstrap.resource.aws_iam_role[`state_${env}`];
  const p = s.bootstrap.resource.aws_iam_role_policy[`state_${env}`];
  return {
    arn: `arn:aws:iam::${STATE_ACCOUNT}:role/${r.name}`,
    trust: JSON.parse(r.assume_role_policy),
    policy: JSON.parse(p.policy),
    roleRef: p.role,
  };
}

const bucketOf = (s: Synthesized) => s.config.stateBackend.bucket;
const objectArn = (s: Synthesized, key: string) => `arn:aws:s3:::${bucketOf(s)}/${key}`;
const tableArn = (s: Synthesized) =>
  `arn:aws:dynamodb:${s.config.stateBackend.region}:${STATE_ACCOUNT}:table/${s.config.stateBackend.dynamodbTable}`;

/** What `env`'s role may do: one request, evaluated against its permissions. */
function asRole(s: Synthesized, env: EnvironmentName) {
  const r = role(s, env);
  const request = (action: string, resource: string, context: Record<string, string | string[]> = {}) =>
    decide({ principal: r.arn, action, resource, resourceAccount: STATE_ACCOUNT, identityPolicies: [r.policy], context });
  return {
    object: (action: string, key: string) => request(action, objectArn(s, key)),
    list: (prefix: string) => request('s3:ListBucket', `arn:aws:s3:::${bucketOf(s)}`, { 's3:prefix': prefix }),
    item: (action: string, lockId: string) => request(action, tableArn(s), { 'dynamodb:LeadingKeys': [lockId] }),
    /** A request on the table itself (no item): DescribeTable. */
    table: (action: string, arn = tableArn(s)) => request(action, arn),
  };
}

async function decisions(requests: Record<string, Promise<Decision>>): Promise<Record<string, Decision>> {
  const entries = await Promise.all(Object.entries(requests).map(async ([k, v]) => [k, await v] as const));
  return Object.fromEntries(entries);
}

const OBJECT_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'];
const ITEM_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'];

describe('checked-in config: three environments in three accounts, state in a fourth', () => {
  const s = synthesize(base);

  test.each(ENVIRONMENTS)(
    "%s's logs and security stacks assume %s's role, for their backend and for every remote state they read",
    (env) => {
      for (const stack of [logsStackName(env), securityStackName(env)]) {
        const json = s.stacks[stack];
        expect(json.terraform.backend.s3.assume_role).toEqual({ role_arn: base.stateBackend.roleArns?.[env] });
        for (const remote of Object.values<Json>(json.data?.terraform_remote_state ?? {})) {
          if (remote.config.bucket === bucketOf(s))
            expect(remote.config.assume_role).toEqual({ role_arn: base.stateBackend.roleArns?.[env] });
        }
      }
      expect(role(s, env).arn).toBe(base.stateBackend.roleArns?.[env]);
    },
  );

  test.each(ENVIRONMENTS)("%s's role: trusted by %s's account only", async (env) => {
    const { trust, arn } = role(s, env);
    const assume = (principal: string) => decideAssumeRole(arn, STATE_ACCOUNT, trust, principal);
    for (const other of ENVIRONMENTS) {
      expect([other, await assume(`arn:aws:iam::${environmentConfig(base, other).accountId}:role/deployer`)]).toEqual([
        other,
        other === env ? 'Allowed' : 'ImplicitlyDenied',
      ]);
    }
    expect(await assume(`arn:aws:iam::${UNRELATED_ACCOUNT}:role/deployer`)).toBe('ImplicitlyDenied');
  });

  test.each(ENVIRONMENTS)("%s's role reads and writes exactly the state its backends use, and locks exactly their items", async (env) => {
    const as = asRole(s, env);
    const requests: Record<string, Promise<Decision>> = {};
    for (const other of ENVIRONMENTS) {
      for (const stack of [logsStackName(other), securityStackName(other)]) {
        const backend = s.stacks[stack].terraform.backend.s3;
        const lockId = `${backend.bucket}/${backend.key}`;
        for (const action of OBJECT_ACTIONS) requests[`${action} ${backend.key}`] = as.object(action, backend.key);
        for (const action of ITEM_ACTIONS) {
          requests[`${action} ${lockId}`] = as.item(action, lockId);
          requests[`${action} ${lockId}-md5`] = as.item(action, `${lockId}-md5`);
        }
        // Terraform lists the stack's workspaces at init; S3 answers 404 for a missing state only to those who may list.
        requests[`list ${backend.workspace_key_prefix}/`] = as.list(`${backend.workspace_key_prefix}/`);
        requests[`list ${backend.key}`] = as.list(backend.key);
      }
    }
    const got = await decisions(requests);
    const expected = Object.fromEntries(Object.keys(requests).map((k) => [k, k.includes(`-${env}/`) ? 'Allowed' : 'ImplicitlyDenied']));
    expect(got).toEqual(expected);
  });

  test.each(ENVIRONMENTS)(
    "%s's role describes the lock table (Terraform's S3 backend documentation lists DynamoDB DescribeTable), and no other table",
    async (env) => {
      const as = asRole(s, env);
      const otherTable = `arn:aws:dynamodb:${base.stateBackend.region}:${STATE_ACCOUNT}:table/other-table`;
      expect(
        await decisions({
          describe: as.table('dynamodb:DescribeTable'),
          other: as.table('dynamodb:DescribeTable', otherTable),
          update: as.table('dynamodb:UpdateTable'),
        }),
      ).toEqual({ describe: 'Allowed', other: 'ImplicitlyDenied', update: 'ImplicitlyDenied' });
    },
  );

  test('no role lists the whole bucket, the default workspace prefix, or writes lock files it does not use', async () => {
    for (const env of ENVIRONMENTS) {
      const as = asRole(s, env);
      expect(
        await decisions({
          all: as.list(''),
          prefix: as.list(`${base.stateBackend.keyPrefix}/`),
          workspaces: as.list('env:/'),
          lockfile: as.object('s3:PutObject', `${stateKey(base.stateBackend, securityStackName(env))}.tflock`),
          bootstrap: as.object('s3:GetObject', stateKey(base.stateBackend, 'bootstrap')),
          scan: decide({
            principal: role(s, env).arn,
            action: 'dynamodb:Scan',
            resource: tableArn(s),
            resourceAccount: STATE_ACCOUNT,
            identityPolicies: [role(s, env).policy],
          }),
        }),
      ).toEqual({
        all: 'ImplicitlyDenied',
        prefix: 'ImplicitlyDenied',
        workspaces: 'ImplicitlyDenied',
        lockfile: 'ImplicitlyDenied',
        bootstrap: 'ImplicitlyDenied',
        scan: 'ImplicitlyDenied',
      });
    }
  });
});

describe("an environment sharing the owner's account reads the owner's state, read-only", () => {
  const s = synthesize(
    configWith((c) => {
      c.environments.staging.accountId = c.environments.dev.accountId;
      c.environments.staging.accountServicesOwner = 'dev';
    }),
  );
  const ownerKey = stateKey(base.stateBackend, securityStackName('dev'));
  const ownerLock = `${base.stateBackend.bucket}/${ownerKey}`;

  test("staging's remote state of security-dev assumes staging's role", () => {
    const remote = s.stacks[securityStackName('staging')].data.terraform_remote_state.account_services_owner.config;
    expect(remote).toMatchObject({ key: ownerKey, assume_role: { role_arn: base.stateBackend.roleArns?.staging } });
  });

  test("staging's role: gets security-dev's state and digest; cannot write, delete or lock it", async () => {
    const as = asRole(s, 'staging');
    expect(
      await decisions({
        get: as.object('s3:GetObject', ownerKey),
        put: as.object('s3:PutObject', ownerKey),
        delete: as.object('s3:DeleteObject', ownerKey),
        digest: as.item('dynamodb:GetItem', `${ownerLock}-md5`),
        writeDigest: as.item('dynamodb:PutItem', `${ownerLock}-md5`),
        lock: as.item('dynamodb:PutItem', ownerLock),
        readLock: as.item('dynamodb:GetItem', ownerLock),
        unlock: as.item('dynamodb:DeleteItem', ownerLock),
        devLogs: as.object('s3:GetObject', stateKey(base.stateBackend, logsStackName('dev'))),
      }),
    ).toEqual({
      get: 'Allowed',
      put: 'ImplicitlyDenied',
      delete: 'ImplicitlyDenied',
      digest: 'Allowed',
      writeDigest: 'ImplicitlyDenied',
      lock: 'ImplicitlyDenied',
      readLock: 'ImplicitlyDenied',
      unlock: 'ImplicitlyDenied',
      devLogs: 'ImplicitlyDenied',
    });
  });

  test("the owner's role does not read the other's state", async () => {
    expect(await asRole(s, 'dev').object('s3:GetObject', stateKey(base.stateBackend, securityStackName('staging')))).toBe(
      'ImplicitlyDenied',
    );
  });
});

test('use_lockfile: the role also writes and removes its own .tflock lock files; without a table, no DynamoDB access', async () => {
  const s = synthesize(
    configWith((c) => {
      c.stateBackend.useLockfile = true;
      delete c.stateBackend.dynamodbTable;
    }),
  );
  const as = asRole(s, 'prod');
  const own = `${stateKey(base.stateBackend, securityStackName('prod'))}.tflock`;
  const dev = `${stateKey(base.stateBackend, securityStackName('dev'))}.tflock`;
  expect(
    await decisions({
      ...Object.fromEntries(OBJECT_ACTIONS.map((a) => [`${a} own`, as.object(a, own)])),
      ...Object.fromEntries(OBJECT_ACTIONS.map((a) => [`${a} dev`, as.object(a, dev)])),
    }),
  ).toEqual({
    ...Object.fromEntries(OBJECT_ACTIONS.map((a) => [`${a} own`, 'Allowed'])),
    ...Object.fromEntries(OBJECT_ACTIONS.map((a) => [`${a} dev`, 'ImplicitlyDenied'])),
  });
  expect(role(s, 'prod').policy.Statement.map((st: Json) => st.Sid)).toEqual(['ListOwnStateFolders', 'ReadWriteOwnState']);
});

test('rolePrincipals: only the named principals of the environment may assume its role', async () => {
  const deployer = 'arn:aws:iam::123456789012:role/govtech-deployer';
  const s = synthesize(configWith((c) => (c.stateBackend.rolePrincipals = { prod: [deployer] })));
  const { trust, arn } = role(s, 'prod');
  const assume = (principal: string) => decideAssumeRole(arn, STATE_ACCOUNT, trust, principal);
  expect([await assume(deployer), await assume('arn:aws:iam::123456789012:role/other')]).toEqual(['Allowed', 'ImplicitlyDenied']);
});

test('single-account layout (no accountId, no roles): no role, no assume_role, the bucket keeps only its TLS rule', () => {
  const s = synthesize(
    configWith((c) => {
      delete c.stateBackend.accountId;
      delete c.stateBackend.roleArns;
    }),
  );
  expect(s.bootstrap.resource.aws_iam_role).toBeUndefined();
  expect(s.bootstrap.provider.aws[0].allowed_account_ids).toBeUndefined();
  for (const json of Object.values(s.stacks)) {
    expect(json.terraform.backend.s3.assume_role).toBeUndefined();
    expect(json.terraform.backend.s3.workspace_key_prefix).toBeUndefined();
  }
  expect(s.bootstrap.data.aws_iam_policy_document.state_bucket.statement.map((st: Json) => st.sid)).toEqual(['DenyInsecureTransport']);
});

test('a role ARN with a path: the role is created under that path, with its name', () => {
  const arn = 'arn:aws:iam::999999999999:role/terraform/state/govtech-prod';
  const s = synthesize(configWith((c) => (c.stateBackend.roleArns.prod = arn)));
  expect(s.bootstrap.resource.aws_iam_role.state_prod).toMatchObject({ name: 'govtech-prod', path: '/terraform/state/' });
  expect(s.stacks[securityStackName('prod')].terraform.backend.s3.assume_role).toEqual({ role_arn: arn });
});
