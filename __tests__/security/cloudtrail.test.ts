import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { AuditTrail } from '../../src/security/cloudtrail';
import { LogsBucket } from '../../src/security/logs-bucket';
import { SecurityKey } from '../../src/security/kms';
import { decide, renderPolicy } from '../helpers/policy-sim';
import { ACCOUNT, LOGS_BUCKET, PARTITION, policyJson, ref, REGION, synth } from '../helpers/unit';

const KEY_ARN = ref(KmsKey, 'govtech_main', 'arn');

function synthTrail() {
  return synth((scope, context) => {
    const key = new SecurityKey(scope, 'kms', { context });
    new AuditTrail(scope, 'cloudtrail', { context, logsBucket: LOGS_BUCKET, key, logGroupRetentionDays: 731 });
  });
}

describe('AuditTrail', () => {
  const s = synthTrail();
  const trail = s.resource(Cloudtrail, 'govtech_audit');

  test('aws_cloudtrail.govtech_audit: multi-region, global events, validated, KMS-encrypted, into the logs bucket', () => {
    expect(trail).toMatchObject({
      name: 'govtech-audit-trail-prod',
      s3_bucket_name: LOGS_BUCKET,
      s3_key_prefix: 'cloudtrail',
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      kms_key_id: KEY_ARN,
    });
  });

  describe('grants itself the key (evaluated)', () => {
    const policy = renderPolicy(s.data(DataAwsIamPolicyDocument, 'kms_key_policy').statement, {
      'data.aws_partition.current.partition': 'aws',
    });
    const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const thisTrail = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/govtech-audit-trail-prod`;
    const otherTrail = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/someone-elses`;
    const encrypt = (sourceArn: string, contextTrail: string) =>
      decide(policy, {
        principal: 'cloudtrail.amazonaws.com',
        action: 'kms:GenerateDataKey',
        resource: keyArn,
        resourceAccount: ACCOUNT,
        context: { 'aws:SourceArn': sourceArn, 'kms:EncryptionContext:aws:cloudtrail:arn': contextTrail },
      });

    test('this trail may encrypt its log files, another trail may not', async () => {
      expect(await encrypt(thisTrail, thisTrail)).toBe('Allowed');
      expect(await encrypt(otherTrail, otherTrail)).toBe('ImplicitlyDenied');
      expect(await encrypt(thisTrail, 'arn:aws:cloudtrail:us-east-1:999999999999:trail/x')).toBe('ImplicitlyDenied');
    });

    test('this trail may describe the key; CloudTrail may not decrypt', async () => {
      const req = (action: string) => ({
        principal: 'cloudtrail.amazonaws.com',
        action,
        resource: keyArn,
        resourceAccount: ACCOUNT,
        context: { 'aws:SourceArn': thisTrail },
      });
      expect(await decide(policy, req('kms:DescribeKey'))).toBe('Allowed');
      expect(await decide(policy, req('kms:Decrypt'))).toBe('ImplicitlyDenied');
    });

    test('principals of the account may decrypt trail logs; another account may not', async () => {
      const req = (principal: string) => ({
        principal,
        action: 'kms:Decrypt',
        resource: keyArn,
        resourceAccount: ACCOUNT,
        context: { 'kms:CallerAccount': principal.split(':')[4], 'kms:EncryptionContext:aws:cloudtrail:arn': thisTrail },
      });
      expect(await decide(policy, req(`arn:aws:iam::${ACCOUNT}:role/auditor`))).toBe('Allowed');
      expect(await decide(policy, req('arn:aws:iam::999999999999:role/auditor'))).toBe('ImplicitlyDenied');
    });

    test('CloudWatch Logs may encrypt the trail log group', () => {
      expect(s.condition('kms_key_policy', 'AllowCloudWatchLogsForModuleLogGroups', 'kms:EncryptionContext:aws:logs:arn').values).toEqual([
        `arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:/aws/cloudtrail/govtech-prod`,
      ]);
    });
  });

  test('streams to the log group (ARN with the :* suffix) through the role, once the role may write', () => {
    expect(trail.cloud_watch_logs_group_arn).toBe(`${ref(CloudwatchLogGroup, 'cloudtrail', 'arn')}:*`);
    expect(trail.cloud_watch_logs_group_arn).toMatch(/:\*$/);
    expect(trail.cloud_watch_logs_role_arn).toBe(ref(IamRole, 'cloudtrail_cloudwatch', 'arn'));
    expect(trail.depends_on).toEqual(['aws_iam_role_policy.cloudtrail_cloudwatch']);
  });

  test('records management events', () => {
    expect(trail.advanced_event_selector[0].field_selector).toEqual([{ field: 'eventCategory', equals: ['Management'] }]);
  });

  test('records S3 data events of every bucket but the logs bucket and its access-logs bucket (no self-logging)', () => {
    expect(trail.advanced_event_selector).toHaveLength(2);
    expect(trail.advanced_event_selector[1].field_selector).toEqual([
      { field: 'eventCategory', equals: ['Data'] },
      { field: 'resources.type', equals: ['AWS::S3::Object'] },
      {
        field: 'resources.ARN',
        not_starts_with: [`arn:${PARTITION}:s3:::${LOGS_BUCKET}/`, `arn:${PARTITION}:s3:::${LOGS_BUCKET}-access/`],
      },
    ]);
  });

  test("the excluded access-logs bucket is the one the logs stack's LogsBucket creates; objects of any other bucket are recorded", () => {
    const logs = synth((scope, context) => {
      new LogsBucket(scope, 'logs', { context, bucketName: LOGS_BUCKET, retentionDays: 365 });
    });
    const accessBucket = logs.resource(S3Bucket, 'access_logs').bucket;
    // The S3 data selector as CloudTrail applies it: every field selector must hold (not_starts_with: none of the prefixes).
    const [, dataSelector] = trail.advanced_event_selector;
    const arnField = dataSelector.field_selector.find((f: { field: string }) => f.field === 'resources.ARN');
    const recorded = (objectArn: string) => !arnField.not_starts_with.some((prefix: string) => objectArn.startsWith(prefix));
    const arn = (bucket: string, key: string) => `arn:${PARTITION}:s3:::${bucket}/${key}`;
    expect(recorded(arn(accessBucket, 's3-access-logs/2026-11-29-10-00-00-ABCDEF'))).toBe(false);
    expect(recorded(arn(LOGS_BUCKET, 'cloudtrail/AWSLogs/x.json.gz'))).toBe(false);
    // Buckets whose names merely begin alike are still recorded.
    expect(recorded(arn(`${accessBucket}-2`, 'x'))).toBe(true);
    expect(recorded(arn(`${LOGS_BUCKET}-archive`, 'x'))).toBe(true);
    expect(recorded(arn('govtech-prod-data', 'reports/x.csv'))).toBe(true);
  });

  test('an access-logs bucket named otherwise is excluded by that name', () => {
    const named = synth((scope, context) => {
      const key = new SecurityKey(scope, 'kms', { context });
      new AuditTrail(scope, 'cloudtrail', {
        context,
        logsBucket: LOGS_BUCKET,
        accessLogsBucket: 'audit-access',
        key,
        logGroupRetentionDays: 731,
      });
    }).resource(Cloudtrail, 'govtech_audit');
    expect(named.advanced_event_selector[1].field_selector[2].not_starts_with).toEqual([
      `arn:${PARTITION}:s3:::${LOGS_BUCKET}/`,
      `arn:${PARTITION}:s3:::audit-access/`,
    ]);
  });

  test('log group /aws/cloudtrail/<project>-<env>, KMS-encrypted, with the retention passed', () => {
    expect(s.resource(CloudwatchLogGroup, 'cloudtrail')).toEqual({
      name: '/aws/cloudtrail/govtech-prod',
      kms_key_id: KEY_ARN,
      retention_in_days: 731,
    });
  });

  test('only CloudTrail may assume the role', () => {
    expect(s.resource(IamRole, 'cloudtrail_cloudwatch')).toMatchObject({
      name: 'govtech-prod-cloudtrail-to-logs',
      assume_role_policy: policyJson('cloudtrail_assume_role'),
    });
    expect(s.statement('cloudtrail_assume_role', 'CloudTrailAssumeRole')).toMatchObject({
      principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
      actions: ['sts:AssumeRole'],
    });
  });

  test('the role may create streams and put events in the log group, nothing else', () => {
    expect(s.resource(IamRolePolicy, 'cloudtrail_cloudwatch')).toMatchObject({
      role: ref(IamRole, 'cloudtrail_cloudwatch', 'id'),
      policy: policyJson('cloudtrail_deliver_to_cloudwatch'),
    });
    expect(s.data(DataAwsIamPolicyDocument, 'cloudtrail_deliver_to_cloudwatch').statement).toEqual([
      {
        sid: 'DeliverTrailEvents',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [`${ref(CloudwatchLogGroup, 'cloudtrail', 'arn')}:log-stream:*`],
      },
    ]);
  });
});
