import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { AuditTrail, AuditTrailProps } from '../../src/security/cloudtrail';
import { LOGS_BUCKET, PARTITION, policyJson, ref, synth } from '../helpers/unit';

const KEY_ARN = 'arn:aws:kms:eu-west-2:123456789012:key/test-key';

function synthTrail(props: Partial<Omit<AuditTrailProps, 'context'>> = {}) {
  return synth((scope, context) => {
    new AuditTrail(scope, 'cloudtrail', { context, logsBucket: LOGS_BUCKET, kmsKeyArn: KEY_ARN, logRetentionDays: 731, ...props });
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

  test('the key prefix can be set', () => {
    expect(synthTrail({ s3KeyPrefix: 'audit' }).resource(Cloudtrail, 'govtech_audit').s3_key_prefix).toBe('audit');
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

  test('records S3 data events of every bucket but the logs bucket (no self-logging)', () => {
    expect(trail.advanced_event_selector).toHaveLength(2);
    expect(trail.advanced_event_selector[1].field_selector).toEqual([
      { field: 'eventCategory', equals: ['Data'] },
      { field: 'resources.type', equals: ['AWS::S3::Object'] },
      { field: 'resources.ARN', not_starts_with: [`arn:${PARTITION}:s3:::${LOGS_BUCKET}/`] },
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
