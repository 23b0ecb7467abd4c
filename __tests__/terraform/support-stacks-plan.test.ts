/**
 * The stacks around the security stacks, through Terraform: the prod logs stack plans offline
 * with its key settings (a plan validates the configuration first); a security stack that
 * shares its account plans with GuardDuty and cost monitor IDs read from the owner's state;
 * a security stack covering three regions plans each region's services.
 */
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
  stackJson,
  synthApp,
  SynthResult,
  terraform,
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
 * A variant of the checked-in config: dev covers three regions (its plan is the suite's one
 * multi-region plan); staging shares dev's account (and reads dev's GuardDuty detectors and
 * cost monitor from its state, here a local file) and has a logs bucket named aws-waf-logs-*.
 * (A logs bucket from another configuration's state: variables.test.ts.)
 */
describeWithTerraform('variant config: a shared account whose logs bucket takes WAF logs', (tool) => {
  let synth: SynthResult;
  let shared: PlanJson;
  let threeRegions: PlanJson;
  /** dev's covered regions in the variant, home first. */
  const DEV_REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
  const OTHERS = DEV_REGIONS.slice(1).map((r) => ({ region: r, suffix: r.replace(/-/g, '_') }));
  const OWNER_DETECTORS = { 'us-east-1': '12abc34d567e8fa901bc2d34e56789f0', 'eu-west-1': '34cde56f', 'ap-southeast-2': '56ef78a9' };
  /** staging's configured logs bucket: WAF may log to it directly. */
  const STAGING_WAF_BUCKET = 'aws-waf-logs-govtech-staging-111111111111';

  beforeAll(async () => {
    const c = JSON.parse(JSON.stringify(loadConfig()));
    c.environments.staging.accountId = c.environments.dev.accountId;
    c.environments.staging.accountServicesOwner = 'dev';
    c.environments.staging.logsBucket = STAGING_WAF_BUCKET;
    c.environments.dev.regions = DEV_REGIONS;
    synth = synthApp(validateConfig(c));
    // The owner's state, as security-dev leaves it after apply (outputs only).
    const ownerState = localRemoteState(path.join(synth.outdir, 'security-dev.tfstate'), 'account_services_owner', {
      guardduty_detector_id: { value: '12abc34d567e8fa901bc2d34e56789f0', type: 'string' },
      guardduty_detector_ids: { value: OWNER_DETECTORS, type: ['map', 'string'] },
      cost_monitor_arn: { value: 'arn:aws:ce::111111111111:anomalymonitor/0a1b2c3d-1111-2222-3333-444455556666', type: 'string' },
    });
    const dir = synth.stackDir('security-staging');
    const devDir = synth.stackDir('security-dev');
    await Promise.all([
      prepareOfflineStack(tool, dir, { data: ownerState }).then(async () => (shared = await planJson(tool, dir))),
      // The harness's override makes every declared provider, the regions' aliased ones included, offline.
      prepareOfflineStack(tool, devDir).then(async () => (threeRegions = await planJson(tool, devDir))),
    ]);
  }, 600_000);
  afterAll(() => synth?.cleanup());

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

  describe('three regions: each watched, findings aggregated at home, high-severity findings of every region alerted', () => {
    const after = (address: string) => planned(threeRegions, address);
    /** The parts of `terraform show -json` that say which provider configuration each resource uses. */
    interface PlanConfiguration {
      provider_config: Record<string, { alias?: string; expressions?: { region?: { constant_value?: string } } }>;
      root_module: {
        resources: { address: string; provider_config_key: string; expressions: Record<string, { references?: string[] }> }[];
        outputs: Record<string, { expression: { references: string[] } }>;
      };
    }
    const configuration = () => (threeRegions as unknown as { configuration: PlanConfiguration }).configuration;
    const configured = (address: string) => {
      const r = configuration().root_module.resources.find((x) => x.address === address);
      if (!r) throw new Error(`no ${address} in the plan's configuration`);
      return r;
    };

    test.each(OTHERS)(
      '$region: GuardDuty with the configured plans, Security Hub with its standards, Config to the same bucket, through aws.$suffix',
      ({ region, suffix }) => {
        const dev = environmentConfig(loadConfig(), 'dev');
        expect(after(`aws_guardduty_detector.main_${suffix}`)).toMatchObject({
          enable: true,
          finding_publishing_frequency: 'FIFTEEN_MINUTES',
        });
        for (const [feature, status] of [
          ['s3_data_events', 'ENABLED'],
          ['ebs_malware_protection', 'ENABLED'],
          ['rds_login_events', 'DISABLED'],
        ]) {
          expect(after(`aws_guardduty_detector_feature.${feature}_${suffix}`)).toMatchObject({ status });
        }
        expect(after(`aws_guardduty_detector_feature.runtime_monitoring_${suffix}`)).toMatchObject({
          additional_configuration: ['EKS_ADDON_MANAGEMENT', 'EC2_AGENT_MANAGEMENT', 'ECS_FARGATE_AGENT_MANAGEMENT'].map((name) => ({
            name,
            status: 'DISABLED',
          })),
        });
        expect(after(`aws_securityhub_account.main_${suffix}`)).toMatchObject({ enable_default_standards: false });
        expect([
          after(`aws_securityhub_standards_subscription.cis_1_4_0_${suffix}`).standards_arn,
          after(`aws_securityhub_standards_subscription.aws_foundational_${suffix}`).standards_arn,
        ]).toEqual([
          `arn:aws:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/1.4.0`,
          `arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`,
        ]);
        expect(after(`aws_config_configuration_recorder.main_${suffix}`)).toMatchObject({
          recording_group: [{ all_supported: true, include_global_resource_types: false }],
        });
        expect(after(`aws_config_delivery_channel.main_${suffix}`)).toMatchObject({
          s3_bucket_name: dev.logsBucket,
          s3_key_prefix: 'config',
        });
        expect(after(`aws_config_configuration_recorder_status.main_${suffix}`)).toMatchObject({ is_enabled: true });
        expect(after(`aws_ebs_encryption_by_default.main_${suffix}`)).toMatchObject({ enabled: true });
        expect(after(`aws_accessanalyzer_analyzer.account_${suffix}`)).toMatchObject({
          analyzer_name: 'govtech-dev-account',
          type: 'ACCOUNT',
        });
        expect(configured(`aws_ebs_encryption_by_default.main_${suffix}`).provider_config_key).toBe(`aws.${suffix}`);
        expect(configured(`aws_accessanalyzer_analyzer.account_${suffix}`).provider_config_key).toBe(`aws.${suffix}`);
        for (const address of [
          `aws_guardduty_detector.main_${suffix}`,
          `aws_securityhub_account.main_${suffix}`,
          `aws_config_configuration_recorder.main_${suffix}`,
        ]) {
          expect(configuration().provider_config[`aws.${suffix}`]).toMatchObject({
            alias: suffix,
            expressions: { region: { constant_value: region } },
          });
          expect(configured(address).provider_config_key).toBe(`aws.${suffix}`);
        }
      },
    );

    test('the home region keeps its addresses: global resource types recorded once, one service-linked role, one direct GuardDuty rule', () => {
      expect(after('aws_guardduty_detector.main')).toMatchObject({ enable: true });
      expect(after('aws_config_configuration_recorder.main')).toMatchObject({ recording_group: [{ include_global_resource_types: true }] });
      const types = (t: string) =>
        threeRegions.resource_changes
          .filter((r) => r.type === t)
          .map((r) => r.address)
          .sort();
      expect(types('aws_iam_service_linked_role')).toEqual(['aws_iam_service_linked_role.config']);
      expect(types('aws_guardduty_detector')).toEqual([
        'aws_guardduty_detector.main',
        'aws_guardduty_detector.main_ap_southeast_2',
        'aws_guardduty_detector.main_eu_west_1',
      ]);
      expect(types('aws_config_configuration_recorder')).toHaveLength(3);
      // Account-wide (not regional) controls exist once.
      for (const t of ['aws_iam_account_password_policy', 'aws_s3_account_public_access_block', 'aws_iam_role_policy_attachment'])
        expect(types(t)).toHaveLength(1);
      expect(types('aws_ebs_encryption_by_default')).toHaveLength(3);
      expect(types('aws_cloudwatch_event_rule')).toEqual([
        'aws_cloudwatch_event_rule.guardduty_high',
        'aws_cloudwatch_event_rule.guardduty_high_linked',
      ]);
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
      expect(configured('aws_cloudwatch_event_rule.guardduty_high_linked').provider_config_key).toBe('aws');
      const target = configured('aws_cloudwatch_event_target.sns_linked');
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

    test('guardduty_detector_ids names every covered region', () => {
      // Unknown until apply: the configuration says what it is made of.
      const expr = configuration().root_module.outputs.guardduty_detector_ids.expression.references;
      for (const suffix of ['main', 'main_eu_west_1', 'main_ap_southeast_2']) expect(expr).toContain(`aws_guardduty_detector.${suffix}.id`);
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
        'Invalid aws_region "eu-west-1": this stack also covers eu-west-1, ap-southeast-2 through providers of their own',
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
