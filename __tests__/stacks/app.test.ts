/**
 * How the stacks are wired: backends from the one config section, logs_bucket from a plain
 * name, the logs stack (cross-stack reference) or another configuration's state, and
 * account-wide services owned by one environment of a shared account.
 */
import { EnvironmentName, environmentConfig, loadConfig, ProjectConfig, validateConfig } from '../../src/config';
import { synthApp, stackJson, SynthResult } from '../helpers/terraform';
import { App, TerraformStack, Testing } from 'cdktf';
import { resolvePlan } from '../../src/config/plan';
import { projectAwsProvider } from '../../src/stacks/provider';
import { ORGANIZATION_CONFIG } from '../fixtures/organization-config';

const base = loadConfig();
// `any`: a config being edited is plain JSON.
type EditableConfig = Record<string, any>;

/** The checked-in config with `change` applied (validated like a config file). */
function configWith(change: (c: EditableConfig) => void): ProjectConfig {
  const c = JSON.parse(JSON.stringify(base));
  change(c);
  return validateConfig(c);
}

function withSynth<T>(config: ProjectConfig, f: (s: SynthResult) => T): T {
  const s = synthApp(config);
  try {
    return f(s);
  } finally {
    s.cleanup();
  }
}

describe('checked-in config', () => {
  let s: SynthResult;
  beforeAll(() => (s = synthApp(base)));
  afterAll(() => s.cleanup());

  test.each(['security-dev', 'security-staging', 'security-prod', 'logs-dev', 'logs-staging', 'logs-prod'])(
    "%s keeps its state in the configured bucket under its own key, locked by the table, encrypted, through its environment's role",
    (stack) => {
      const env = stack.split('-')[1] as EnvironmentName;
      expect(stackJson(s, stack).terraform.backend.s3).toEqual({
        bucket: base.stateBackend.bucket,
        key: `${base.stateBackend.keyPrefix}/${stack}/terraform.tfstate`,
        region: base.stateBackend.region,
        dynamodb_table: base.stateBackend.dynamodbTable,
        encrypt: true,
        assume_role: { role_arn: base.stateBackend.roleArns?.[env] },
        // Workspaces inside the stack's own folder, the only prefix its role may list.
        workspace_key_prefix: `${base.stateBackend.keyPrefix}/${stack}/workspaces`,
      });
    },
  );

  test('every stack declares the Terraform version and the hashicorp/aws provider it needs', () => {
    for (const stack of ['bootstrap', 'logs-dev', 'logs-staging', 'logs-prod', 'security-dev', 'security-staging', 'security-prod']) {
      const terraform = stackJson(s, stack).terraform;
      expect({ stack, required_version: terraform.required_version, aws: terraform.required_providers.aws }).toEqual({
        stack,
        required_version: '>= 1.10.0',
        aws: { source: 'hashicorp/aws', version: '5.100.0' },
      });
    }
  });

  test('cdktf deploy order: every stack depends on bootstrap (state bucket, lock table, roles)', () => {
    const stacks = [...Object.values(s.app.logs), ...Object.values(s.app.security)];
    for (const stack of stacks) expect(stack?.dependencies).toContain(s.app.bootstrap);
    expect(s.app.bootstrap.dependencies).toEqual([]);
  });

  test.each(['dev', 'staging', 'prod'] as const)(
    'security-%s refuses another environment in var.environment, naming the stack to use',
    (env) => {
      const validation = stackJson(s, `security-${env}`).variable.environment.validation;
      const own = validation.find((v: { condition: string }) => v.condition === `\${(var.environment == "${env}")}`);
      expect(own.error_message).toContain(`the stack security-${env} deploys only ${env}`);
      for (const other of ['dev', 'staging', 'prod'].filter((e) => e !== env))
        expect(own.error_message).toContain(`For ${other}, use the stack security-${other}`);
    },
  );

  test('WAF logs to its own log group unless the configured logs bucket is named aws-waf-logs-*', () => {
    expect(stackJson(s, 'security-dev').resource.aws_cloudwatch_log_group.waf).toBeDefined();
    withSynth(
      configWith((c) => (c.environments.dev.logsBucket = 'aws-waf-logs-govtech-dev-111111111111')),
      (w) => {
        const json = stackJson(w, 'security-dev');
        expect(json.resource.aws_cloudwatch_log_group.waf).toBeUndefined();
        const logging = json.resource.aws_wafv2_web_acl_logging_configuration.govtech;
        expect(logging.log_destination_configs).toEqual(['arn:${data.aws_partition.current.partition}:s3:::${var.logs_bucket}']);
        // A -var logs_bucket without the prefix is refused at plan rather than applied.
        expect(logging.lifecycle.precondition[0].condition).toBe('${startswith(var.logs_bucket, "aws-waf-logs-")}');
      },
    );
  });

  test('the bootstrap stack creates exactly the bucket and table the backends use, with local state', () => {
    const json = stackJson(s, 'bootstrap');
    expect(json.terraform.backend.local).toBeDefined();
    expect(json.resource.aws_s3_bucket.state.bucket).toBe(base.stateBackend.bucket);
    expect(json.resource.aws_dynamodb_table.lock.name).toBe(base.stateBackend.dynamodbTable);
  });

  test('a plain logs bucket name is the logs stack bucket and the logs_bucket default', () => {
    for (const env of ['dev', 'staging', 'prod'] as const) {
      const name = environmentConfig(base, env).logsBucket;
      expect(stackJson(s, `logs-${env}`).resource.aws_s3_bucket.logs.bucket).toBe(name);
      expect(stackJson(s, `security-${env}`).variable.logs_bucket.default).toBe(name);
    }
  });

  test('security stacks depend on their logs stack (cdktf deploy order)', () => {
    for (const env of ['dev', 'staging', 'prod'] as const) {
      expect(s.app.security[env]!.dependencies).toContain(s.app.logs[env]);
    }
  });

  test('no hard-coded secret, key or address: emails only come from config', () => {
    const configured = Object.values(base.environments).flatMap((e) => [...(e.alertEmails ?? []), ...(e.costAnomaly?.emails ?? [])]);
    expect(configured.length).toBeGreaterThan(0);
    for (const stack of ['bootstrap', 'logs-dev', 'security-dev', 'security-prod']) {
      // The account password policy holds rules about passwords (e.g. allow_users_to_change_password), none.
      const tf = stackJson(s, stack);
      delete tf.resource?.aws_iam_account_password_policy;
      let text = JSON.stringify(tf);
      expect(text).not.toMatch(/secret_string|access_key|secret_key|password"/i);
      for (const address of configured) text = text.split(address).join('');
      expect(text).not.toMatch(/@[a-z0-9-]+\.[a-z]{2,}/i);
    }
  });

  // (Asserted on this describe's synth of the checked-in config, instead of a second synth of it.)
  test('every security stack outputs the alerts topic ARN and the detector per region besides the eight documented outputs', () => {
    const out = stackJson(s, 'security-prod').output;
    expect(out.security_alerts_topic_arn.value).toBe('${aws_sns_topic.security_alerts.arn}');
    expect(out.guardduty_detector_ids.value).toBe('${zipmap([var.aws_region], [aws_guardduty_detector.main.id])}');
    expect(Object.keys(out)).toHaveLength(10);
  });
});

test('useLockfile adds S3-native locking; without a table it is the only lock', () => {
  const both = configWith((c) => (c.stateBackend.useLockfile = true));
  withSynth(both, (s) => {
    expect(stackJson(s, 'security-dev').terraform.backend.s3).toMatchObject({
      use_lockfile: true,
      dynamodb_table: base.stateBackend.dynamodbTable,
    });
  });
  const lockfileOnly = configWith((c) => {
    c.stateBackend.useLockfile = true;
    delete c.stateBackend.dynamodbTable;
  });
  withSynth(lockfileOnly, (s) => {
    const backend = stackJson(s, 'security-dev').terraform.backend.s3;
    expect(backend.use_lockfile).toBe(true);
    expect(backend.dynamodb_table).toBeUndefined();
    expect(stackJson(s, 'bootstrap').resource.aws_dynamodb_table).toBeUndefined();
  });
});

test('bootstrapStateInBucket moves the bootstrap state into the bucket it created', () => {
  withSynth(
    configWith((c) => (c.stateBackend.bootstrapStateInBucket = true)),
    (s) => {
      expect(stackJson(s, 'bootstrap').terraform.backend.s3).toMatchObject({
        bucket: base.stateBackend.bucket,
        key: `${base.stateBackend.keyPrefix}/bootstrap/terraform.tfstate`,
      });
    },
  );
});

test('{ "fromLogsStack": true }: logs_bucket comes through a cross-stack reference on the S3 backend', () => {
  const config = configWith((c) => (c.environments.dev.logsBucket = { fromLogsStack: true }));
  withSynth(config, (s) => {
    const logs = stackJson(s, 'logs-dev');
    const security = stackJson(s, 'security-dev');
    expect(logs.resource.aws_s3_bucket.logs.bucket).toBe('govtech-dev-logs-111111111111');
    // cdktf turns the reference into an output of the logs stack and remote state in the security stack.
    const [remoteName, remote] = Object.entries(security.data.terraform_remote_state)[0] as [
      string,
      { backend: string; config: Record<string, unknown> },
    ];
    expect(remote.backend).toBe('s3');
    expect(remote.config).toMatchObject({
      bucket: base.stateBackend.bucket,
      key: `${base.stateBackend.keyPrefix}/logs-dev/terraform.tfstate`,
    });
    const [outputName] = Object.keys(logs.output).filter((o) => o.startsWith('cross-stack-output'));
    expect(outputName).toBeDefined();
    // The variable may still override it; otherwise the remote value is used. Only a given value is validated.
    expect(security.variable.logs_bucket.default).toBeNull();
    for (const v of security.variable.logs_bucket.validation) expect(v.condition).toMatch(/^\$\{\(\(var\.logs_bucket == null\) \|\| /);
    expect(security.resource.aws_cloudtrail.govtech_audit.s3_bucket_name).toBe(
      `\${coalesce(var.logs_bucket, data.terraform_remote_state.${remoteName}.outputs.${outputName})}`,
    );
  });
});

test('{ "remoteState": ... }: logs_bucket comes from another configuration\'s S3 state, and no logs stack is made', () => {
  const remoteState = { bucket: 'storage-state-333333333333', key: 'storage/prod.tfstate', region: 'eu-west-2', output: 'bucket_id' };
  const config = configWith((c) => (c.environments.prod.logsBucket = { remoteState }));
  withSynth(config, (s) => {
    expect(s.app.logs.prod).toBeUndefined();
    const security = stackJson(s, 'security-prod');
    expect(security.data.terraform_remote_state.logs_bucket_source).toEqual({
      backend: 's3',
      config: { bucket: remoteState.bucket, key: remoteState.key, region: remoteState.region },
    });
    expect(security.resource.aws_cloudtrail.govtech_audit.s3_bucket_name).toBe(
      '${coalesce(var.logs_bucket, data.terraform_remote_state.logs_bucket_source.outputs.bucket_id)}',
    );
  });
});

describe('two environments in one account', () => {
  const config = configWith((c) => {
    c.environments.staging.accountId = c.environments.dev.accountId;
    c.environments.staging.accountServicesOwner = 'dev';
  });
  let s: SynthResult;
  beforeAll(() => (s = synthApp(config)));
  afterAll(() => s.cleanup());

  test('the owner creates the regional and account services; the other does not', () => {
    const owner = stackJson(s, 'security-dev').resource;
    const other = stackJson(s, 'security-staging').resource;
    for (const type of [
      'aws_guardduty_detector',
      'aws_securityhub_account',
      'aws_ce_anomaly_monitor',
      'aws_config_configuration_recorder',
      'aws_iam_service_linked_role',
      'aws_ebs_encryption_by_default',
      'aws_accessanalyzer_analyzer',
      'aws_iam_account_password_policy',
      'aws_s3_account_public_access_block',
    ]) {
      expect(owner[type]).toBeDefined();
      expect(other[type]).toBeUndefined();
    }
    expect(other.aws_kms_key.govtech_main).toBeDefined();
  });

  test("the other still has every output the owner has, the account services' IDs from the owner's state", () => {
    const other = stackJson(s, 'security-staging');
    expect(Object.keys(other.output).sort()).toEqual(Object.keys(stackJson(s, 'security-dev').output).sort());
    expect(other.data.terraform_remote_state.account_services_owner.config.key).toBe(
      `${base.stateBackend.keyPrefix}/security-dev/terraform.tfstate`,
    );
    expect(other.output.guardduty_detector_id.value).toBe(
      '${data.terraform_remote_state.account_services_owner.outputs.guardduty_detector_id}',
    );
    expect(other.output.cost_monitor_arn.value).toBe('${data.terraform_remote_state.account_services_owner.outputs.cost_monitor_arn}');
    expect(s.app.security.staging!.dependencies).toContain(s.app.security.dev);
  });
});

test('a config with some environments builds only their stacks', () => {
  const config = configWith((c) => {
    delete c.environments.dev;
    c.environments.staging.accountId = c.environments.prod.accountId;
    c.environments.staging.accountServicesOwner = 'prod';
  });
  withSynth(config, (s) => {
    expect(Object.keys(s.app.security).sort()).toEqual(['prod', 'staging']);
    expect(Object.keys(s.app.logs).sort()).toEqual(['prod', 'staging']);
    expect(s.app.security.staging!.dependencies).toEqual(expect.arrayContaining([s.app.logs.staging, s.app.security.prod]));
    expect(() => stackJson(s, 'security-dev')).toThrow(/ENOENT/);
  });
});

describe('monitoring config reaches the stacks', () => {
  const sids = (json: any) => (json.data.aws_iam_policy_document.logs_bucket.statement as { sid: string }[]).map((x) => x.sid);

  test("the logs bucket of an environment without its own recorder has no Config statements; the owner's has", () => {
    const config = configWith((c) => {
      c.environments.staging.accountId = c.environments.dev.accountId;
      c.environments.staging.accountServicesOwner = 'dev';
    });
    withSynth(config, (s) => {
      expect(sids(stackJson(s, 'logs-dev'))).toContain('AWSConfigBucketDelivery');
      expect(sids(stackJson(s, 'logs-staging'))).not.toContain('AWSConfigBucketDelivery');
      expect(sids(stackJson(s, 'logs-staging'))).toContain('AWSCloudTrailWrite');
    });
  });

  test('subscribers of every kind, CIS rows off and Config options from config', () => {
    const config = configWith((c) => {
      c.environments.prod.alertSubscribers = {
        sqs: ['arn:aws:sqs:us-east-1:123456789012:security-alerts'],
        https: ['https://hooks.example.gov/security'],
      };
      c.environments.prod.cisMonitoringOff = { '4.15': 'not the Organizations management account' };
      c.environments.prod.awsConfig = { createServiceLinkedRole: false, snapshotDeliveryFrequency: 'Twelve_Hours' };
    });
    withSynth(config, (s) => {
      const prod = stackJson(s, 'security-prod').resource;
      expect(
        Object.values(prod.aws_sns_topic_subscription)
          .map((x: any) => x.protocol)
          .sort(),
      ).toEqual(['email', 'https', 'sqs']);
      expect(prod.aws_cloudwatch_metric_alarm.organizations_changes).toBeUndefined();
      expect(Object.keys(prod.aws_cloudwatch_metric_alarm)).toHaveLength(14);
      expect(prod.aws_iam_service_linked_role).toBeUndefined();
      expect(prod.aws_config_delivery_channel.main.snapshot_delivery_properties).toEqual({ delivery_frequency: 'Twelve_Hours' });
      expect(stackJson(s, 'security-dev').resource.aws_cloudwatch_metric_alarm.organizations_changes).toBeDefined();
    });
  });
});

describe('deploy roles: the AWS provider of every stack of an account assumes its deploy role', () => {
  const deployRole = (account: string) => `arn:aws:iam::${account}:role/govtech-deploy`;
  const providers = (json: any): any[] => json.provider.aws;

  test('standalone: prod with a deploy role and two regions; dev and staging, without one, unchanged', () => {
    const config = configWith((c) => {
      c.environments.prod.deployRoleArn = deployRole('123456789012');
      c.environments.prod.regions = ['us-east-1', 'eu-west-1'];
    });
    withSynth(config, (s) => {
      for (const stack of ['logs-prod', 'security-prod', 'security-prod-eu-west-1']) {
        const [provider] = providers(stackJson(s, stack));
        expect({ stack, assume_role: provider.assume_role }).toEqual({
          stack,
          // The session name says in CloudTrail which stack acted.
          assume_role: [{ role_arn: deployRole('123456789012'), session_name: `govtech-${stack}` }],
        });
        // allowed_account_ids stays: it checks the assumed role's account.
        expect(provider.allowed_account_ids).toEqual([stack === 'security-prod' ? '${var.account_id}' : '123456789012']);
      }
      for (const stack of ['logs-dev', 'security-dev', 'security-staging', 'bootstrap']) {
        for (const provider of providers(stackJson(s, stack))) expect(provider.assume_role).toBeUndefined();
      }
      // The state backend keeps its own role: the deploy role is the provider's only.
      expect(stackJson(s, 'security-prod').terraform.backend.s3.assume_role).toEqual({ role_arn: base.stateBackend.roleArns?.prod });
    });
  });

  test('the migration-time aliased providers of the home stack assume the deploy role too', () => {
    const config = configWith((c) => {
      c.environments.prod.deployRoleArn = deployRole('123456789012');
      c.environments.prod.regions = ['us-east-1', 'eu-west-1'];
      c.environments.prod.regionalStacksMigration = true;
      c.environments.prod.adopt = { guardDutyDetectorIds: { 'eu-west-1': '0123456789abcdef0123456789abcdef' } };
    });
    withSynth(config, (s) => {
      const all = providers(stackJson(s, 'security-prod'));
      expect(all).toHaveLength(2);
      for (const provider of all)
        expect(provider.assume_role).toEqual([{ role_arn: deployRole('123456789012'), session_name: 'govtech-security-prod' }]);
    });
  });

  test("organization mode: every member stack assumes its account's deploy role", () => {
    withSynth(ORGANIZATION_CONFIG, (s) => {
      for (const env of ['dev', 'staging', 'prod'] as const) {
        const account = environmentConfig(ORGANIZATION_CONFIG, env).accountId;
        for (const stack of [`logs-${env}`, `security-${env}`, `security-${env}-eu-west-1`]) {
          expect(providers(stackJson(s, stack)).map((p) => p.assume_role)).toEqual([
            [{ role_arn: deployRole(account), session_name: `govtech-${stack}` }],
          ]);
        }
      }
    });
  });
});

test("projectAwsProvider: the organization stacks pass their account plan's deploy role; the session name defaults to <project>-<stack>", () => {
  const plan = resolvePlan(ORGANIZATION_CONFIG).organization!;
  const app = new App();
  const stacks = [plan.logArchive, plan.security].map((account) => {
    const stack = new TerraformStack(app, account.stack);
    projectAwsProvider(stack, {
      region: plan.awsRegion,
      accountId: account.accountId,
      projectName: plan.projectName,
      environment: 'organization',
      assumeRoleArn: account.deployRoleArn,
    });
    return JSON.parse(Testing.synth(stack));
  });
  expect(stacks.map((json) => json.provider.aws[0].assume_role)).toEqual([
    [{ role_arn: 'arn:aws:iam::555555555555:role/govtech-deploy', session_name: 'govtech-org-log-archive' }],
    [{ role_arn: 'arn:aws:iam::444444444444:role/govtech-deploy', session_name: 'govtech-org-security' }],
  ]);
  // STS allows session names of at most 64 characters: a longer one is cut.
  const long = new TerraformStack(app, `org-security-${'x'.repeat(60)}`);
  projectAwsProvider(long, {
    region: 'us-east-1',
    projectName: 'govtech',
    environment: 'organization',
    assumeRoleArn: plan.security.deployRoleArn,
  });
  expect(JSON.parse(Testing.synth(long)).provider.aws[0].assume_role[0].session_name).toHaveLength(64);
});
