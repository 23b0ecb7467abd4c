import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { LogsBucket } from '../../src/security/logs-bucket';
import { ACCOUNT, LOGS_BUCKET, PARTITION, policyJson, REGION, synth } from '../helpers/unit';

function synthLogs(bucketName = LOGS_BUCKET, retentionDays = 400, archiveAfterDays?: number) {
  return synth((scope, context) => new LogsBucket(scope, 'logs', { context, bucketName, retentionDays, archiveAfterDays }));
}

describe('LogsBucket', () => {
  const s = synthLogs();
  const arn = `arn:${PARTITION}:s3:::${LOGS_BUCKET}`;
  const trailArn = `arn:${PARTITION}:cloudtrail:${REGION}:${ACCOUNT}:trail/govtech-audit-trail-prod`;

  test('a private, versioned, SSE-S3 bucket with ACLs disabled', () => {
    expect(s.resource(S3Bucket, 'logs')).toMatchObject({ bucket: LOGS_BUCKET });
    expect(s.resource(S3BucketVersioningA, 'logs')).toMatchObject({ versioning_configuration: { status: 'Enabled' } });
    expect(s.resource(S3BucketServerSideEncryptionConfigurationA, 'logs')).toMatchObject({
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }],
    });
    expect(s.resource(S3BucketPublicAccessBlock, 'logs')).toMatchObject({
      block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true,
    });
    expect(s.resource(S3BucketOwnershipControls, 'logs')).toMatchObject({ rule: { object_ownership: 'BucketOwnerEnforced' } });
  });

  test('CloudTrail may check the ACL and write with bucket-owner-full-control, only for this trail', () => {
    expect(s.resource(S3BucketPolicy, 'logs').policy).toBe(policyJson('logs_bucket'));
    expect(s.statement('logs_bucket', 'AWSCloudTrailAclCheck')).toMatchObject({ actions: ['s3:GetBucketAcl'], resources: [arn] });
    expect(s.condition('logs_bucket', 'AWSCloudTrailAclCheck', 'aws:SourceArn').values).toEqual([trailArn]);
    expect(s.statement('logs_bucket', 'AWSCloudTrailWrite')).toMatchObject({
      actions: ['s3:PutObject'],
      resources: [`${arn}/cloudtrail/AWSLogs/${ACCOUNT}/*`],
    });
    expect(s.condition('logs_bucket', 'AWSCloudTrailWrite', 's3:x-amz-acl').values).toEqual(['bucket-owner-full-control']);
    expect(s.condition('logs_bucket', 'AWSCloudTrailWrite', 'aws:SourceArn').values).toEqual([trailArn]);
    expect(s.statement('logs_bucket', 'DenyInsecureTransport')).toMatchObject({ effect: 'Deny', resources: [arn, `${arn}/*`] });
  });

  test('no WAF log delivery statements unless the name has the aws-waf-logs- prefix', () => {
    expect(() => s.statement('logs_bucket', 'AWSLogDeliveryWrite')).toThrow(/no statement/);
    const waf = synthLogs('aws-waf-logs-govtech-prod');
    expect(waf.statement('logs_bucket', 'AWSLogDeliveryWrite')).toMatchObject({
      actions: ['s3:PutObject'],
      resources: [`arn:${PARTITION}:s3:::aws-waf-logs-govtech-prod/AWSLogs/${ACCOUNT}/*`],
    });
    expect(waf.condition('logs_bucket', 'AWSLogDeliveryWrite', 'aws:SourceAccount').values).toEqual([ACCOUNT]);
  });

  test.each([
    [400, undefined, [{ days: 90, storage_class: 'GLACIER' }]],
    [400, 180, [{ days: 180, storage_class: 'GLACIER' }]],
    [90, undefined, undefined],
  ])('kept %i days, archived after %p days', (retentionDays, archiveAfterDays, transition) => {
    const [rule] = synthLogs(LOGS_BUCKET, retentionDays, archiveAfterDays).resource(S3BucketLifecycleConfiguration, 'logs').rule;
    expect(rule.expiration).toEqual([{ days: retentionDays }]);
    expect(rule.transition).toEqual(transition);
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
  });
});
