/**
 * The stacks around the security stacks, through Terraform: the prod logs stack plans offline
 * with its key settings (a plan validates the configuration first); a security stack that
 * shares its account plans with GuardDuty and cost monitor IDs read from the owner's state;
 * an environment covering three regions plans its home stack (on a state seeded for the
 * migration to regional stacks) and a regional stack.
 */
import { writeFileSync } from 'fs';
import * as path from 'path';
import { environmentConfig, loadConfig, validateConfig } from '../../src/config';
import { expectLogsBucket } from '../helpers/logs-bucket-checks';
import { decide } from '../helpers/policy-sim';
import { plainBucketName } from '../helpers/config-edit';
import {
  describeWithTerraform,
  planJson,
  PlanJson,
  planned,
  localRemoteState,
  prepareOfflineStack,
  RunResult,
  stackJson,
  synthApp,
  SynthResult,
  terraform,
  terraformOk,
  variablesOnly,
  varArgs,
} from '../helpers/terraform';

/**
 * bootstrap and logs-dev are applied, and asserted on as applied, in backend.test.ts; logs-prod
 * (the prod retention and archive settings) is planned here.
 */
describeWithTerraform('logs stack: offline plan', (tool) => {
  const config = loadConfig();
  let synth: SynthResult;
  const plans: Record<string, PlanJson> = {};

  beforeAll(async () => {
    synth = synthApp(config);
    const dir = synth.stackDir('logs-prod');
    await prepareOfflineStack(tool, dir);
    plans['logs-prod'] = await planJson(tool, dir);
  }, 600_000);
  afterAll(() => synth?.cleanup());

  test("logs-prod: only this account's trail and Config may write, each under its prefix (evaluated); logs are archived, then expired after at least a year", async () => {
    const plan = plans['logs-prod'];
    const { accountId, awsRegion, logsRetentionDays, ...prod } = environmentConfig(config, 'prod');
    const logsBucket = plainBucketName(prod.logsBucket);
    expect(planned(plan, 'aws_s3_bucket.logs')).toMatchObject({ bucket: logsBucket });
    const [rule] = planned(plan, 'aws_s3_bucket_lifecycle_configuration.logs').rule as Record<string, unknown>[];
    await expectLogsBucket(planned(plan, 'aws_s3_bucket_policy.logs').policy as string, rule, {
      environment: 'prod',
      accountId,
      awsRegion,
      bucketName: logsBucket,
      retentionDays: logsRetentionDays,
    });
    expect(logsRetentionDays).toBeGreaterThanOrEqual(365);
    expect(rule.transition).toMatchObject([{ days: 90, storage_class: 'GLACIER' }]);
  });

  test('logs-prod: server access logs of the logs bucket go to a private, encrypted, TLS-only access-logs bucket only the S3 logging service may write to (evaluated)', async () => {
    const plan = plans['logs-prod'];
    const { accountId, logsRetentionDays, ...prod } = environmentConfig(config, 'prod');
    const logsBucket = plainBucketName(prod.logsBucket);
    const access = `${logsBucket}-access`;
    expect(planned(plan, 'aws_s3_bucket.access_logs')).toMatchObject({ bucket: access });
    expect(planned(plan, 'aws_s3_bucket_logging.logs')).toMatchObject({ target_prefix: 's3-access-logs/' });
    // Bucket IDs are known after apply: the configuration shows which buckets the logging joins.
    const logging = (
      (plan.configuration.root_module as { resources?: { address: string; expressions: Record<string, { references?: string[] }> }[] })
        .resources ?? []
    ).find((r) => r.address === 'aws_s3_bucket_logging.logs')!;
    expect(logging.expressions.bucket.references).toContain('aws_s3_bucket.logs');
    expect(logging.expressions.target_bucket.references).toContain('aws_s3_bucket.access_logs');
    expect(planned(plan, 'aws_s3_bucket_public_access_block.access_logs')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(planned(plan, 'aws_s3_bucket_server_side_encryption_configuration.access_logs')).toMatchObject({
      rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'AES256' }] }],
    });
    const [rule] = planned(plan, 'aws_s3_bucket_lifecycle_configuration.access_logs').rule as Record<string, unknown>[];
    expect(rule.expiration).toMatchObject([{ days: logsRetentionDays }]);
    const policy = JSON.parse(planned(plan, 'aws_s3_bucket_policy.access_logs').policy as string);
    const put = (principal: string, key: string, context: Record<string, string>) =>
      decide(policy, {
        principal,
        action: 's3:PutObject',
        resource: `arn:aws:s3:::${access}/${key}`,
        resourceAccount: accountId,
        context: { 'aws:SecureTransport': 'true', ...context },
      });
    const own = { 'aws:SourceArn': `arn:aws:s3:::${logsBucket}`, 'aws:SourceAccount': accountId };
    expect(await put('logging.s3.amazonaws.com', 's3-access-logs/2026-11-27-08-00-00-ABCDEF', own)).toBe('Allowed');
    expect(
      await put('logging.s3.amazonaws.com', 's3-access-logs/x', { ...own, 'aws:SourceArn': 'arn:aws:s3:::someone-elses-bucket' }),
    ).toBe('ImplicitlyDenied');
    expect(await put('logging.s3.amazonaws.com', 's3-access-logs/x', { ...own, 'aws:SourceAccount': '999999999999' })).toBe(
      'ImplicitlyDenied',
    );
    expect(await put('logging.s3.amazonaws.com', 's3-access-logs/x', { ...own, 'aws:SecureTransport': 'false' })).toBe('ExplicitlyDenied');
    for (const principal of ['cloudtrail.amazonaws.com', 'config.amazonaws.com', 'arn:aws:iam::999999999999:role/intruder']) {
      expect(await put(principal, 's3-access-logs/x', own)).toBe('ImplicitlyDenied');
    }
    // The bucket policy grants the account's own principals nothing (only their own IAM policies could).
    expect(
      await decide(policy, {
        principal: `arn:aws:iam::${accountId}:role/deployer`,
        action: 's3:PutObject',
        resource: `arn:aws:s3:::${access}/s3-access-logs/x`,
        resourceAccount: accountId,
        identityPolicy: false,
        context: { 'aws:SecureTransport': 'true' },
      }),
    ).toBe('ImplicitlyDenied');
  });
});

/**
 * A variant of the checked-in config: dev covers three regions, so its other regions are stacks
 * of their own (security-dev-eu-west-1, security-dev-ap-southeast-2); staging shares dev's
 * account (and reads dev's GuardDuty detectors and cost monitor from its state, here a local
 * file) and has a logs bucket named aws-waf-logs-*. The suite's one home-stack plan is the
 * migration's: security-dev with `regionalStacksMigration` on, planned on a state seeded with
 * what the home stack held before the regional stacks (the other regions' resources under
 * `_<region>` names). (A logs bucket from another configuration's state: variables.test.ts.)
 */
describeWithTerraform('variant config: a shared account whose logs bucket takes WAF logs; three regions', (tool) => {
  let synth: SynthResult;
  /** The same variant with dev's regionalStacksMigration on. */
  let migrating: SynthResult;
  let shared: PlanJson;
  /** security-dev on the seeded state, with the migration on; `homeText` is its human-readable plan. */
  let home: PlanJson;
  let homeText: string;
  /** security-dev-eu-west-1 (its key ARN from the home stack's state, here a local file). */
  let regional: PlanJson;
  /** `terraform validate` of security-dev-eu-west-1 with its import blocks (planning an import reads AWS). */
  let regionalImports: RunResult;
  /** dev's covered regions in the variant, home first. */
  const DEV_REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
  const OWNER_DETECTORS = { 'us-east-1': '12abc34d567e8fa901bc2d34e56789f0', 'eu-west-1': '34cde56f', 'ap-southeast-2': '56ef78a9' };
  /** staging's configured logs bucket: WAF may log to it directly. */
  const STAGING_WAF_BUCKET = 'aws-waf-logs-govtech-staging-111111111111';
  /** The key ARN security-dev's state holds (its output kms_key_arn), as the regional stack reads it. */
  const HOME_KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
  /** What the home stack's state held in each other region before the regional stacks (names without the `_<region>` suffix). */
  const OLD_REGIONAL_NAMES = [
    'aws_accessanalyzer_analyzer.account',
    'aws_config_configuration_recorder.main',
    'aws_config_configuration_recorder_status.main',
    'aws_config_delivery_channel.main',
    'aws_ebs_encryption_by_default.main',
    'aws_guardduty_detector.main',
    ...['ebs_malware_protection', 'eks_audit_logs', 'lambda_network_logs', 'rds_login_events', 'runtime_monitoring', 's3_data_events'].map(
      (f) => `aws_guardduty_detector_feature.${f}`,
    ),
    'aws_securityhub_account.main',
    'aws_securityhub_standards_subscription.aws_foundational',
    'aws_securityhub_standards_subscription.cis_1_4_0',
  ];
  const OLD_ADDRESSES = DEV_REGIONS.slice(1).flatMap((r) => OLD_REGIONAL_NAMES.map((a) => `${a}_${r.replace(/-/g, '_')}`));

  /** A state file as the home stack left it before the regional stacks: the old regional resources and the home detector. */
  function seedOldState(dir: string): void {
    const aws = 'provider["registry.terraform.io/hashicorp/aws"]';
    const resource = (address: string, provider: string, id: string) => {
      const [type, name] = address.split('.');
      return { mode: 'managed', type, name, provider, instances: [{ schema_version: 0, attributes: { id }, sensitive_attributes: [] }] };
    };
    const resources = [
      resource('aws_guardduty_detector.main', aws, OWNER_DETECTORS['us-east-1']),
      ...OLD_ADDRESSES.map((a) => resource(a, `${aws}.${/_(eu_west_1|ap_southeast_2)$/.exec(a)![1]}`, `seeded-${a}`)),
    ];
    const state = { version: 4, terraform_version: '1.11.4', serial: 7, lineage: 'seeded-before-regional-stacks', outputs: {}, resources };
    writeFileSync(path.join(dir, 'terraform.tfstate'), JSON.stringify(state));
  }

  /** `terraform plan -refresh=false` (the seeded resources do not exist) of `dir`: its text and its JSON. */
  async function planWithoutRefresh(dir: string): Promise<{ text: string; json: PlanJson }> {
    const run = await terraformOk(tool, dir, [
      'plan',
      '-input=false',
      '-no-color',
      '-lock=false',
      '-refresh=false',
      '-out=migration.tfplan',
    ]);
    const shown = await terraformOk(tool, dir, ['show', '-json', '-no-color', 'migration.tfplan']);
    return { text: run.stdout, json: JSON.parse(shown.stdout) as PlanJson };
  }

  beforeAll(async () => {
    const variant = (migration: boolean) => {
      const c = JSON.parse(JSON.stringify(loadConfig()));
      c.environments.staging.accountId = c.environments.dev.accountId;
      c.environments.staging.accountServicesOwner = 'dev';
      c.environments.staging.logsBucket = STAGING_WAF_BUCKET;
      c.environments.dev.regions = DEV_REGIONS;
      if (migration) {
        c.environments.dev.regionalStacksMigration = true;
        c.environments.dev.adopt = {
          guardDutyDetectorIds: { 'eu-west-1': '34cde56f34cde56f34cde56f34cde56f', 'ap-southeast-2': '56ef78a956ef78a956ef78a956ef78a9' },
        };
      }
      return validateConfig(c);
    };
    synth = synthApp(variant(false));
    migrating = synthApp(variant(true));
    // The owner's state, as security-dev leaves it after apply (outputs only).
    const ownerState = localRemoteState(path.join(synth.outdir, 'security-dev.tfstate'), 'account_services_owner', {
      guardduty_detector_id: { value: '12abc34d567e8fa901bc2d34e56789f0', type: 'string' },
      guardduty_detector_ids: { value: OWNER_DETECTORS, type: ['map', 'string'] },
      cost_monitor_arn: { value: 'arn:aws:ce::111111111111:anomalymonitor/0a1b2c3d-1111-2222-3333-444455556666', type: 'string' },
    });
    const homeState = (s: SynthResult) =>
      localRemoteState(path.join(s.outdir, 'security-dev.outputs.tfstate'), 'home', {
        kms_key_arn: { value: HOME_KEY_ARN, type: 'string' },
      });
    const dir = synth.stackDir('security-staging');
    const regionalDir = synth.stackDir('security-dev-eu-west-1');
    const homeDir = migrating.stackDir('security-dev');
    const importsDir = migrating.stackDir('security-dev-eu-west-1');
    await Promise.all([
      prepareOfflineStack(tool, dir, { data: ownerState }).then(async () => (shared = await planJson(tool, dir))),
      prepareOfflineStack(tool, regionalDir, { data: homeState(synth) }).then(async () => (regional = await planJson(tool, regionalDir))),
      // The harness's override makes every declared provider, the old regions' aliased ones included, offline.
      prepareOfflineStack(tool, homeDir).then(async () => {
        seedOldState(homeDir);
        ({ text: homeText, json: home } = await planWithoutRefresh(homeDir));
      }),
      prepareOfflineStack(tool, importsDir, { data: homeState(migrating) }).then(
        async () => (regionalImports = await terraform(tool, importsDir, ['validate', '-no-color'])),
      ),
    ]);
  }, 600_000);
  afterAll(() => {
    synth?.cleanup();
    migrating?.cleanup();
  });

  describe("shared account: a security stack plans with the owner's GuardDuty and cost monitor", () => {
    test('creates its own key, trail, WAF and CIS alarms but no GuardDuty, Security Hub, AWS Config, cost monitor or account-level controls', () => {
      const types = new Set(shared.resource_changes.map((r) => r.type));
      for (const t of ['aws_kms_key', 'aws_cloudtrail', 'aws_wafv2_web_acl', 'aws_cloudwatch_metric_alarm'])
        expect(types.has(t)).toBe(true);
      for (const t of [
        'aws_guardduty_detector',
        'aws_securityhub_account',
        'aws_ce_anomaly_monitor',
        'aws_config_configuration_recorder',
        'aws_iam_service_linked_role',
        'aws_iam_account_password_policy',
        'aws_s3_account_public_access_block',
        'aws_ebs_encryption_by_default',
        'aws_accessanalyzer_analyzer',
        'aws_iam_role_policy_attachment',
      ]) {
        expect(types.has(t)).toBe(false);
      }
    });

    test("guardduty_detector_id(s) and cost_monitor_arn are the owner's", () => {
      expect(shared.planned_values.outputs).toMatchObject({
        guardduty_detector_id: { value: '12abc34d567e8fa901bc2d34e56789f0' },
        guardduty_detector_ids: { value: OWNER_DETECTORS },
        cost_monitor_arn: { value: 'arn:aws:ce::111111111111:anomalymonitor/0a1b2c3d-1111-2222-3333-444455556666' },
      });
    });
  });

  describe('a configured logs bucket named aws-waf-logs-* receives the WAF logs itself', () => {
    test('no WAF log group or delivery policy; the logging configuration names the bucket', () => {
      const addresses = shared.resource_changes.map((r) => r.address);
      expect(addresses).not.toContain('aws_cloudwatch_log_group.waf');
      expect(addresses).not.toContain('aws_cloudwatch_log_resource_policy.waf_log_delivery');
      expect(planned(shared, 'aws_wafv2_web_acl_logging_configuration.govtech')).toMatchObject({
        log_destination_configs: [`arn:aws:s3:::${STAGING_WAF_BUCKET}`],
      });
      expect(planned(shared, 'aws_cloudtrail.govtech_audit')).toMatchObject({ s3_bucket_name: STAGING_WAF_BUCKET });
    });
  });

  /** The parts of `terraform show -json` that say which provider configuration each resource uses. */
  interface PlanConfiguration {
    provider_config: Record<string, { alias?: string; expressions?: { region?: { constant_value?: string } } }>;
    root_module: {
      resources: { address: string; provider_config_key: string; expressions: Record<string, { references?: string[] }> }[];
      outputs: Record<string, { expression: { references: string[] } }>;
    };
  }
  const configurationOf = (plan: PlanJson) => (plan as unknown as { configuration: PlanConfiguration }).configuration;
  const configured = (plan: PlanJson, address: string) => {
    const r = configurationOf(plan).root_module.resources.find((x) => x.address === address);
    if (!r) throw new Error(`no ${address} in the plan's configuration`);
    return r;
  };

  describe('a regional stack (security-dev-eu-west-1): the region watched through its one provider', () => {
    const after = (address: string) => planned(regional, address);

    test('GuardDuty with the configured plans, Security Hub with its standards, Config to the same bucket with the home key; plain addresses', () => {
      const dev = environmentConfig(loadConfig(), 'dev');
      expect(after('aws_guardduty_detector.main')).toMatchObject({ enable: true, finding_publishing_frequency: 'FIFTEEN_MINUTES' });
      for (const [feature, status] of [
        ['s3_data_events', 'ENABLED'],
        ['ebs_malware_protection', 'ENABLED'],
        ['rds_login_events', 'DISABLED'],
      ]) {
        expect(after(`aws_guardduty_detector_feature.${feature}`)).toMatchObject({ status });
      }
      expect(after('aws_guardduty_detector_feature.runtime_monitoring')).toMatchObject({
        additional_configuration: ['EKS_ADDON_MANAGEMENT', 'EC2_AGENT_MANAGEMENT', 'ECS_FARGATE_AGENT_MANAGEMENT'].map((name) => ({
          name,
          status: 'DISABLED',
        })),
      });
      expect(after('aws_securityhub_account.main')).toMatchObject({ enable_default_standards: false });
      expect([
        after('aws_securityhub_standards_subscription.cis_1_4_0').standards_arn,
        after('aws_securityhub_standards_subscription.aws_foundational').standards_arn,
      ]).toEqual([
        'arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/1.4.0',
        'arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0',
      ]);
      expect(after('aws_config_configuration_recorder.main')).toMatchObject({
        recording_group: [{ all_supported: true, include_global_resource_types: false }],
        role_arn: 'arn:aws:iam::111111111111:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig',
      });
      expect(after('aws_config_delivery_channel.main')).toMatchObject({
        s3_bucket_name: dev.logsBucket,
        s3_key_prefix: 'config',
        s3_kms_key_arn: HOME_KEY_ARN,
      });
      expect(after('aws_config_configuration_recorder_status.main')).toMatchObject({ is_enabled: true });
      expect(after('aws_ebs_encryption_by_default.main')).toMatchObject({ enabled: true });
      expect(after('aws_accessanalyzer_analyzer.account')).toMatchObject({ analyzer_name: 'govtech-dev-account', type: 'ACCOUNT' });
    });

    test('one AWS provider, on eu-west-1; every resource uses it; nothing global (no IAM role, no alert rule)', () => {
      // (`terraform`: the built-in provider of terraform_remote_state.)
      expect(Object.keys(configurationOf(regional).provider_config).filter((p) => p !== 'terraform')).toEqual(['aws']);
      expect(configurationOf(regional).provider_config.aws).toMatchObject({ expressions: { region: { constant_value: 'eu-west-1' } } });
      for (const r of regional.resource_changes.filter((x) => x.mode === 'managed')) {
        expect(configured(regional, r.address).provider_config_key).toBe('aws');
        expect(r.change.actions).toEqual(['create']);
      }
      const types = new Set(regional.resource_changes.map((r) => r.type));
      for (const t of ['aws_iam_service_linked_role', 'aws_cloudwatch_event_rule', 'aws_kms_key', 'aws_sns_topic'])
        expect(types.has(t)).toBe(false);
    });

    test('outputs its detector ID (the home stack cannot: it would depend on every regional stack)', () => {
      expect(configurationOf(regional).root_module.outputs.guardduty_detector_id.expression.references).toContain(
        'aws_guardduty_detector.main.id',
      );
    });

    test('with regionalStacksMigration, the stack and its import blocks are valid Terraform (planning an import reads AWS)', () => {
      expect(regionalImports.stderr).toBe('');
      expect(regionalImports.code).toBe(0);
    });
  });

  describe('the home stack (security-dev): its region, the aggregator over the other regions, their alert path', () => {
    const after = (address: string) => planned(home, address);
    const addressesOf = (type: string, action?: string) =>
      home.resource_changes
        .filter((r) => r.type === type && r.mode === 'managed' && (action === undefined || r.change.actions.includes(action)))
        .map((r) => r.address)
        .sort();

    test('migration: every old regional resource "will no longer be managed", nothing is destroyed, the home detector stays', () => {
      const forgotten = home.resource_changes.filter((r) => r.change.actions.includes('forget')).map((r) => r.address);
      expect(forgotten.sort()).toEqual([...OLD_ADDRESSES].sort());
      expect(home.resource_changes.filter((r) => r.change.actions.includes('delete'))).toEqual([]);
      expect(home.resource_changes.find((r) => r.address === 'aws_guardduty_detector.main')?.change.actions).not.toContain('create');
      expect(homeText).toContain('will no longer be managed by Terraform');
      expect(homeText).toMatch(/Plan: \d+ to add, \d+ to change, 0 to destroy/);
      for (const a of OLD_ADDRESSES) expect(homeText).toContain(` - ${a}\n`);
    });

    test('the home region keeps its addresses: global resource types recorded once, one service-linked role, one direct GuardDuty rule; no other region here', () => {
      expect(after('aws_config_configuration_recorder.main')).toMatchObject({ recording_group: [{ include_global_resource_types: true }] });
      expect(addressesOf('aws_iam_service_linked_role')).toEqual(['aws_iam_service_linked_role.config']);
      const managed = (type: string) => addressesOf(type).filter((a) => !OLD_ADDRESSES.includes(a));
      expect(managed('aws_guardduty_detector')).toEqual(['aws_guardduty_detector.main']);
      expect(managed('aws_config_configuration_recorder')).toEqual(['aws_config_configuration_recorder.main']);
      for (const t of ['aws_iam_account_password_policy', 'aws_s3_account_public_access_block', 'aws_iam_role_policy_attachment'])
        expect(addressesOf(t)).toHaveLength(1);
      expect(addressesOf('aws_cloudwatch_event_rule')).toEqual([
        'aws_cloudwatch_event_rule.guardduty_high',
        'aws_cloudwatch_event_rule.guardduty_high_linked',
      ]);
      // The old regions' providers are configured only for the removed blocks: no resource of the configuration uses them.
      for (const r of configurationOf(home).root_module.resources) expect(r.provider_config_key).toBe('aws');
    });

    test('the aggregator links exactly the other covered regions', () => {
      expect(after('aws_securityhub_finding_aggregator.all_regions')).toMatchObject({
        linking_mode: 'SPECIFIED_REGIONS',
        specified_regions: ['ap-southeast-2', 'eu-west-1'],
      });
    });

    test("the other regions' untriaged GuardDuty findings of severity 7.0+ reach the home alerts topic through Security Hub's aggregated findings", () => {
      const rule = after('aws_cloudwatch_event_rule.guardduty_high_linked');
      expect(JSON.parse(rule.event_pattern as string)).toEqual({
        source: ['aws.securityhub'],
        'detail-type': ['Security Hub Findings - Imported'],
        detail: {
          findings: {
            ProductName: ['GuardDuty'],
            Region: ['eu-west-1', 'ap-southeast-2'],
            RecordState: ['ACTIVE'],
            Workflow: { Status: ['NEW'] },
            FindingProviderFields: { Severity: { Label: ['HIGH', 'CRITICAL'] } },
          },
        },
      });
      // In the home region (the default provider), beside the topic.
      expect(configured(home, 'aws_cloudwatch_event_rule.guardduty_high_linked').provider_config_key).toBe('aws');
      const target = configured(home, 'aws_cloudwatch_event_target.sns_linked');
      expect(target.provider_config_key).toBe('aws');
      expect(target.expressions.arn.references).toContain('aws_sns_topic.security_alerts.arn');
      expect(target.expressions.rule.references).toContain('aws_cloudwatch_event_rule.guardduty_high_linked.name');
      // The topic lets this account's EventBridge rules in the home region publish (one statement serves both rules).
      // (The topic policy is unknown until the topic exists: read its document as synthesized.)
      const statements = stackJson(synth, 'security-dev').data.aws_iam_policy_document.security_alerts_topic.statement;
      const grants = statements.filter((st: { sid: string }) => st.sid === 'EventBridgeRules');
      expect(grants).toHaveLength(1);
      expect(grants[0].condition).toContainEqual({
        test: 'ArnLike',
        variable: 'aws:SourceArn',
        values: ['arn:${data.aws_partition.current.partition}:events:${var.aws_region}:${var.account_id}:rule/*'],
      });
    });

    test("guardduty_detector_ids holds the home region's detector (each regional stack outputs its own)", () => {
      const expr = configurationOf(home).root_module.outputs.guardduty_detector_ids.expression.references;
      expect(expr).toContain('aws_guardduty_detector.main.id');
      expect(expr.filter((r) => r.startsWith('aws_guardduty_detector.'))).toEqual([
        'aws_guardduty_detector.main.id',
        'aws_guardduty_detector.main',
      ]);
    });

    test('-var aws_region=<another covered region> is refused, naming the conflict', async () => {
      const r = await terraform(tool, variablesOnly(synth, 'security-dev'), [
        'plan',
        '-input=false',
        '-no-color',
        '-lock=false',
        ...varArgs({ aws_region: 'eu-west-1' }),
      ]);
      expect(r.code).toBe(1);
      expect(r.stderr.replace(/\s+/g, ' ')).toContain(
        'Invalid aws_region "eu-west-1": the covered regions eu-west-1, ap-southeast-2 have regional stacks of their own',
      );
      const ok = await terraform(tool, variablesOnly(synth, 'security-dev'), [
        'plan',
        '-input=false',
        '-no-color',
        '-lock=false',
        ...varArgs({ aws_region: 'us-east-1' }),
      ]);
      expect(ok.code).toBe(0);
    });
  });
});
