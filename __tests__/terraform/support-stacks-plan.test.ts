/**
 * The stacks around the security stacks, through Terraform: the prod logs stack plans offline
 * with its key settings (a plan validates the configuration first); a security stack that
 * shares its account plans with GuardDuty and cost monitor IDs read from the owner's state.
 */
import { writeFileSync } from 'fs';
import * as path from 'path';
import { environmentConfig, loadConfig, validateConfig } from '../../src/config';
import { expectLogsBucket } from '../helpers/logs-bucket-checks';
import { describeWithTerraform, planJson, PlanJson, planned, prepareOfflineStack, synthApp, SynthResult } from '../helpers/terraform';

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

  test('logs-prod: only this account\'s trail and Config may write, each under its prefix (evaluated); logs are archived, then expired after at least a year', async () => {
    const plan = plans['logs-prod'];
    const { accountId, awsRegion, logsBucket, logsRetentionDays } = environmentConfig(config, 'prod');
    expect(planned(plan, 'aws_s3_bucket.logs')).toMatchObject({ bucket: logsBucket });
    const [rule] = planned(plan, 'aws_s3_bucket_lifecycle_configuration.logs').rule as Record<string, unknown>[];
    await expectLogsBucket(planned(plan, 'aws_s3_bucket_policy.logs').policy as string, rule, {
      environment: 'prod', accountId, awsRegion, bucketName: logsBucket as string, retentionDays: logsRetentionDays as number,
    });
    expect(logsRetentionDays).toBeGreaterThanOrEqual(365);
    expect(rule.transition).toMatchObject([{ days: 90, storage_class: 'GLACIER' }]);
  });
});

/**
 * A variant of the checked-in config: staging shares dev's account (and reads dev's GuardDuty
 * detector and cost monitor from its state, here a local file) and has a logs bucket named
 * aws-waf-logs-*. (A logs bucket from another configuration's state: variables.test.ts.)
 */
describeWithTerraform('variant config: a shared account whose logs bucket takes WAF logs', (tool) => {
  let synth: SynthResult;
  let shared: PlanJson;
  /** staging's configured logs bucket: WAF may log to it directly. */
  const STAGING_WAF_BUCKET = 'aws-waf-logs-govtech-staging-111111111111';

  beforeAll(async () => {
    const c = JSON.parse(JSON.stringify(loadConfig()));
    c.environments.staging.accountId = c.environments.dev.accountId;
    c.environments.staging.accountServicesOwner = 'dev';
    c.environments.staging.logsBucket = STAGING_WAF_BUCKET;
    synth = synthApp(validateConfig(c));
    // The owner's state, as security-dev leaves it after apply (outputs only).
    const ownerState = path.join(synth.outdir, 'security-dev.tfstate');
    writeFileSync(ownerState, JSON.stringify({
      version: 4, terraform_version: '1.11.4', serial: 1, lineage: 'owner-fixture', resources: [],
      outputs: {
        guardduty_detector_id: { value: '12abc34d567e8fa901bc2d34e56789f0', type: 'string' },
        cost_monitor_arn: { value: 'arn:aws:ce::111111111111:anomalymonitor/0a1b2c3d-1111-2222-3333-444455556666', type: 'string' },
      },
    }));
    const dir = synth.stackDir('security-staging');
    await prepareOfflineStack(tool, dir, {
      data: { terraform_remote_state: { account_services_owner: { backend: 'local', config: { path: ownerState } } } },
    });
    shared = await planJson(tool, dir);
  }, 600_000);
  afterAll(() => synth?.cleanup());

  describe("shared account: a security stack plans with the owner's GuardDuty and cost monitor", () => {
    test('creates its own key, trail, WAF and CIS alarms but no GuardDuty, Security Hub, AWS Config or cost monitor', () => {
      const types = new Set(shared.resource_changes.map((r) => r.type));
      for (const t of ['aws_kms_key', 'aws_cloudtrail', 'aws_wafv2_web_acl', 'aws_cloudwatch_metric_alarm']) expect(types.has(t)).toBe(true);
      for (const t of ['aws_guardduty_detector', 'aws_securityhub_account', 'aws_ce_anomaly_monitor', 'aws_config_configuration_recorder', 'aws_iam_service_linked_role']) {
        expect(types.has(t)).toBe(false);
      }
    });

    test("guardduty_detector_id and cost_monitor_arn are the owner's", () => {
      expect(shared.planned_values.outputs).toMatchObject({
        guardduty_detector_id: { value: '12abc34d567e8fa901bc2d34e56789f0' },
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
});
