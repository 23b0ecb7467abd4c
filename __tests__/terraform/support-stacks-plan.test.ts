/**
 * The stacks around the security stacks, through Terraform: the bootstrap and logs stacks
 * plan offline with their key settings (a plan validates the configuration first); a security
 * stack that shares its account plans with GuardDuty and cost monitor IDs read from the
 * owner's state; one whose logs bucket comes from another configuration's state plans with
 * it, and `-var logs_bucket` still overrides it.
 */
import { writeFileSync } from 'fs';
import * as path from 'path';
import { environmentConfig, loadConfig, validateConfig } from '../../src/config';
import { stateKey } from '../../src/stacks/backend';
import { decide } from '../helpers/iam';
import { decide as decideResource } from '../helpers/policy-sim';
import { describeWithTerraform, planJson, PlanJson, planned, prepareOfflineStack, synthApp, SynthResult } from '../helpers/terraform';

describeWithTerraform('bootstrap and logs stacks: offline plan', (tool) => {
  const config = loadConfig();
  let synth: SynthResult;
  const plans: Record<string, PlanJson> = {};

  beforeAll(async () => {
    synth = synthApp(config);
    await Promise.all(
      ['bootstrap', 'logs-dev', 'logs-prod'].map(async (stack) => {
        await prepareOfflineStack(tool, synth.stackDir(stack));
        plans[stack] = await planJson(tool, synth.stackDir(stack));
      }),
    );
  }, 600_000);
  afterAll(() => synth?.cleanup());

  test('bootstrap: a versioned, encrypted, private, TLS-only state bucket and a lock table', () => {
    const plan = plans.bootstrap;
    const { bucket, dynamodbTable } = config.stateBackend;
    expect(planned(plan, 'aws_s3_bucket.state')).toMatchObject({ bucket });
    expect(planned(plan, 'aws_s3_bucket_versioning.state')).toMatchObject({ versioning_configuration: [{ status: 'Enabled' }] });
    expect(planned(plan, 'aws_s3_bucket_server_side_encryption_configuration.state')).toMatchObject({
      rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'AES256' }] }],
    });
    expect(planned(plan, 'aws_s3_bucket_public_access_block.state')).toMatchObject({
      block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true,
    });
    expect(planned(plan, 'aws_s3_bucket_lifecycle_configuration.state')).toMatchObject({
      rule: [{ status: 'Enabled', noncurrent_version_expiration: [{ noncurrent_days: config.stateBackend.noncurrentVersionExpirationDays }] }],
    });
    const policy = JSON.parse(planned(plan, 'aws_s3_bucket_policy.state').policy as string);
    expect(policy.Statement).toContainEqual(expect.objectContaining({
      Effect: 'Deny',
      Action: 's3:*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      Resource: expect.arrayContaining([`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`]),
    }));
    expect(planned(plan, 'aws_dynamodb_table.lock')).toMatchObject({
      name: dynamodbTable,
      hash_key: 'LockID',
      attribute: [{ name: 'LockID', type: 'S' }],
      billing_mode: 'PAY_PER_REQUEST',
      point_in_time_recovery: [{ enabled: true }],
      server_side_encryption: [{ enabled: true }],
      deletion_protection_enabled: true,
    });
  });

  test('bootstrap: the planned bucket policy refuses every other account; the state account and the environments\' roles keep their access', async () => {
    const plan = plans.bootstrap;
    const { bucket, accountId } = config.stateBackend;
    const bucketPolicy = JSON.parse(planned(plan, 'aws_s3_bucket_policy.state').policy as string);
    const rolePolicy = (env: string) => JSON.parse(planned(plan, `aws_iam_role_policy.state_${env}`).policy as string);
    const anyS3 = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
    const prodKey = stateKey(config.stateBackend, 'security-prod');
    const devKey = stateKey(config.stateBackend, 'security-dev');
    const request = (principal: string, action: string, key: string, identity: unknown) =>
      decide({ principal, action, resource: `arn:aws:s3:::${bucket}/${key}`, resourceAccount: accountId as string, identityPolicies: [identity], resourcePolicy: bucketPolicy });
    const prodRole = config.stateBackend.roleArns?.prod as string;
    expect(planned(plan, 'aws_iam_role.state_prod')).toMatchObject({ name: prodRole.split('/').pop() });
    expect(await Promise.all([
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
    ])).toEqual(['Allowed', 'Allowed', 'ImplicitlyDenied', 'ImplicitlyDenied', 'Allowed', 'Allowed', 'ExplicitlyDenied', 'ExplicitlyDenied', 'ExplicitlyDenied']);
  });

  test.each(['dev', 'prod'] as const)('logs-%s: the rendered bucket policy lets Config deliver under its prefix for this account only (evaluated)', async (env) => {
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

  test('logs-prod: server access logs of the logs bucket go to a private, encrypted, TLS-only access-logs bucket only the S3 logging service may write to (evaluated)', async () => {
    const plan = plans['logs-prod'];
    const { accountId, logsBucket, logsRetentionDays } = environmentConfig(config, 'prod');
    const access = `${logsBucket}-access`;
    expect(planned(plan, 'aws_s3_bucket.access_logs')).toMatchObject({ bucket: access });
    expect(planned(plan, 'aws_s3_bucket_logging.logs')).toMatchObject({ target_prefix: 's3-access-logs/' });
    // Bucket IDs are known after apply: the configuration shows which buckets the logging joins.
    const logging = ((plan.configuration.root_module as { resources?: { address: string; expressions: Record<string, { references?: string[] }> }[] }).resources ?? [])
      .find((r) => r.address === 'aws_s3_bucket_logging.logs')!;
    expect(logging.expressions.bucket.references).toContain('aws_s3_bucket.logs');
    expect(logging.expressions.target_bucket.references).toContain('aws_s3_bucket.access_logs');
    expect(planned(plan, 'aws_s3_bucket_public_access_block.access_logs')).toMatchObject({
      block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true,
    });
    expect(planned(plan, 'aws_s3_bucket_server_side_encryption_configuration.access_logs')).toMatchObject({
      rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'AES256' }] }],
    });
    const [rule] = planned(plan, 'aws_s3_bucket_lifecycle_configuration.access_logs').rule as Record<string, unknown>[];
    expect(rule.expiration).toMatchObject([{ days: logsRetentionDays }]);
    const policy = JSON.parse(planned(plan, 'aws_s3_bucket_policy.access_logs').policy as string);
    const put = (principal: string, key: string, context: Record<string, string>) =>
      decideResource(policy, { principal, action: 's3:PutObject', resource: `arn:aws:s3:::${access}/${key}`, resourceAccount: accountId, context: { 'aws:SecureTransport': 'true', ...context } });
    const own = { 'aws:SourceArn': `arn:aws:s3:::${logsBucket}`, 'aws:SourceAccount': accountId };
    expect(await put('logging.s3.amazonaws.com', 's3-access-logs/2026-11-27-08-00-00-ABCDEF', own)).toBe('Allowed');
    expect(await put('logging.s3.amazonaws.com', 's3-access-logs/x', { ...own, 'aws:SourceArn': 'arn:aws:s3:::someone-elses-bucket' })).toBe('ImplicitlyDenied');
    expect(await put('logging.s3.amazonaws.com', 's3-access-logs/x', { ...own, 'aws:SourceAccount': '999999999999' })).toBe('ImplicitlyDenied');
    expect(await put('logging.s3.amazonaws.com', 's3-access-logs/x', { ...own, 'aws:SecureTransport': 'false' })).toBe('ExplicitlyDenied');
    for (const principal of ['cloudtrail.amazonaws.com', 'config.amazonaws.com', 'arn:aws:iam::999999999999:role/intruder']) {
      expect(await put(principal, 's3-access-logs/x', own)).toBe('ImplicitlyDenied');
    }
    // The bucket policy grants the account's own principals nothing (only their own IAM policies could).
    expect(await decideResource(policy, { principal: `arn:aws:iam::${accountId}:role/deployer`, action: 's3:PutObject', resource: `arn:aws:s3:::${access}/s3-access-logs/x`,
      resourceAccount: accountId, identityPolicy: false, context: { 'aws:SecureTransport': 'true' } })).toBe('ImplicitlyDenied');
  });

  test.each(['dev', 'prod'] as const)('logs-%s: the bucket lets only this account\'s trail write, and archives then expires logs', (env) => {
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
    test('creates its own key, trail, WAF and CIS alarms but no GuardDuty, Security Hub, AWS Config, cost monitor or account-level controls', () => {
      const types = new Set(shared.resource_changes.map((r) => r.type));
      for (const t of ['aws_kms_key', 'aws_cloudtrail', 'aws_wafv2_web_acl', 'aws_cloudwatch_metric_alarm']) expect(types.has(t)).toBe(true);
      for (const t of ['aws_guardduty_detector', 'aws_securityhub_account', 'aws_ce_anomaly_monitor', 'aws_config_configuration_recorder', 'aws_iam_service_linked_role',
        'aws_iam_account_password_policy', 'aws_s3_account_public_access_block', 'aws_ebs_encryption_by_default', 'aws_accessanalyzer_analyzer', 'aws_iam_role_policy_attachment']) {
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
