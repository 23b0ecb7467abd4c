/**
 * The stacks around the security stacks, through Terraform: the prod logs stack plans offline
 * with its key settings (a plan validates the configuration first); a security stack that
 * shares its account plans with GuardDuty and cost monitor IDs read from the owner's state.
 */
import { writeFileSync } from 'fs';
import * as path from 'path';
import { environmentConfig, loadConfig, validateConfig } from '../../src/config';
import { decide as decideResource } from '../helpers/policy-sim';
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

  test.each(['prod'] as const)('logs-%s: the rendered bucket policy lets Config deliver under its prefix for this account only (evaluated)', async (env) => {
    const { accountId, awsRegion, logsBucket } = environmentConfig(config, env);
    const policy = JSON.parse(planned(plans[`logs-${env}`], 'aws_s3_bucket_policy.logs').policy as string);
    const bucket = `arn:aws:s3:::${logsBucket}`;
    const req = (principal: string, action: string, resource: string, context: Record<string, string>) =>
      decideResource(policy, { principal, action, resource, resourceAccount: accountId, context: { 'aws:SecureTransport': 'true', ...context } });
    const own = { 'aws:SourceAccount': accountId, 's3:x-amz-acl': 'bucket-owner-full-control' };
    for (const action of ['s3:GetBucketAcl', 's3:ListBucket']) expect(await req('config.amazonaws.com', action, bucket, { 'aws:SourceAccount': accountId })).toBe('Allowed');
    expect(await req('config.amazonaws.com', 's3:PutObject', `${bucket}/config/AWSLogs/${accountId}/Config/${awsRegion}/x.json.gz`, own)).toBe('Allowed');
    expect(await req('config.amazonaws.com', 's3:PutObject', `${bucket}/cloudtrail/AWSLogs/${accountId}/x.json.gz`, own)).toBe('ImplicitlyDenied');
    expect(await req('config.amazonaws.com', 's3:PutObject', `${bucket}/config/AWSLogs/${accountId}/Config/x`, { ...own, 'aws:SourceAccount': '999999999999' })).toBe('ImplicitlyDenied');
    expect(await req('arn:aws:iam::999999999999:role/intruder', 's3:PutObject', `${bucket}/config/AWSLogs/${accountId}/Config/x`, own)).toBe('ImplicitlyDenied');
  });

  test.each(['prod'] as const)('logs-%s: the bucket lets only this account\'s trail write, and archives then expires logs', (env) => {
    const plan = plans[`logs-${env}`];
    const { accountId, awsRegion, logsBucket, logsRetentionDays } = environmentConfig(config, env);
    const trailArn = `arn:aws:cloudtrail:${awsRegion}:${accountId}:trail/govtech-audit-trail-${env}`;
    expect(planned(plan, 'aws_s3_bucket.logs')).toMatchObject({ bucket: logsBucket });
    const policy = JSON.parse(planned(plan, 'aws_s3_bucket_policy.logs').policy as string);
    const sid = (id: string) => policy.Statement.find((s: { Sid: string }) => s.Sid === id);
    expect(sid('AWSCloudTrailAclCheck')).toMatchObject({
      Action: 's3:GetBucketAcl',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Resource: `arn:aws:s3:::${logsBucket}`,
      Condition: { StringEquals: { 'aws:SourceArn': trailArn } },
    });
    expect(sid('AWSCloudTrailWrite')).toMatchObject({
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::${logsBucket}/cloudtrail/AWSLogs/${accountId}/*`,
      Condition: { StringEquals: { 'aws:SourceArn': trailArn, 's3:x-amz-acl': 'bucket-owner-full-control' } },
    });
    expect(sid('DenyInsecureTransport')).toMatchObject({ Effect: 'Deny' });
    expect(sid('AWSConfigBucketDelivery')).toMatchObject({
      Action: 's3:PutObject',
      Principal: { Service: 'config.amazonaws.com' },
      Resource: `arn:aws:s3:::${logsBucket}/config/AWSLogs/${accountId}/Config/*`,
      Condition: { StringEquals: { 'aws:SourceAccount': accountId, 's3:x-amz-acl': 'bucket-owner-full-control' } },
    });
    const [rule] = planned(plan, 'aws_s3_bucket_lifecycle_configuration.logs').rule as Record<string, unknown>[];
    expect(rule.expiration).toMatchObject([{ days: logsRetentionDays }]);
    if (env === 'prod') {
      expect(logsRetentionDays).toBeGreaterThanOrEqual(365);
      expect(rule.transition).toMatchObject([{ days: 90, storage_class: 'GLACIER' }]);
    }
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
