/**
 * What every logs bucket must let and refuse, asserted the same way on a planned logs stack
 * (support-stacks-plan.test.ts) and on an applied one (backend.test.ts): the bucket policy's
 * statements for the trail and AWS Config, evaluated with the policy simulator, and the
 * lifecycle rule; and, as synthesized, the settings every LogsBucket's bucket has.
 */
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { decide } from './policy-sim';
import type { Synth } from './unit';

export interface LogsBucketExpectation {
  readonly environment: string;
  readonly accountId: string;
  readonly awsRegion: string;
  readonly bucketName: string;
  readonly retentionDays: number;
}

/** `policy`: the bucket policy JSON; `rule`: the first lifecycle rule, as Terraform shows them. */
export async function expectLogsBucket(policyJson: string, rule: Record<string, unknown>, e: LogsBucketExpectation): Promise<void> {
  const { accountId, awsRegion, bucketName } = e;
  const policy = JSON.parse(policyJson);
  const trailArn = `arn:aws:cloudtrail:${awsRegion}:${accountId}:trail/govtech-audit-trail-${e.environment}`;
  const sid = (id: string) => policy.Statement.find((s: { Sid: string }) => s.Sid === id);
  expect(sid('AWSCloudTrailAclCheck')).toMatchObject({
    Action: 's3:GetBucketAcl',
    Principal: { Service: 'cloudtrail.amazonaws.com' },
    Resource: `arn:aws:s3:::${bucketName}`,
    Condition: { StringEquals: { 'aws:SourceArn': trailArn } },
  });
  expect(sid('AWSCloudTrailWrite')).toMatchObject({
    Action: 's3:PutObject',
    Resource: `arn:aws:s3:::${bucketName}/cloudtrail/AWSLogs/${accountId}/*`,
    Condition: { StringEquals: { 'aws:SourceArn': trailArn, 's3:x-amz-acl': 'bucket-owner-full-control' } },
  });
  expect(sid('DenyInsecureTransport')).toMatchObject({ Effect: 'Deny' });
  expect(sid('AWSConfigBucketDelivery')).toMatchObject({
    Action: 's3:PutObject',
    Principal: { Service: 'config.amazonaws.com' },
    Resource: `arn:aws:s3:::${bucketName}/config/AWSLogs/${accountId}/Config/*`,
    Condition: { StringEquals: { 'aws:SourceAccount': accountId, 's3:x-amz-acl': 'bucket-owner-full-control' } },
  });

  // Evaluated: Config may deliver under its prefix, for this account only.
  const bucket = `arn:aws:s3:::${bucketName}`;
  const req = (principal: string, action: string, resource: string, context: Record<string, string>) =>
    decide(policy, { principal, action, resource, resourceAccount: accountId, context: { 'aws:SecureTransport': 'true', ...context } });
  const own = { 'aws:SourceAccount': accountId, 's3:x-amz-acl': 'bucket-owner-full-control' };
  for (const action of ['s3:GetBucketAcl', 's3:ListBucket'])
    expect(await req('config.amazonaws.com', action, bucket, { 'aws:SourceAccount': accountId })).toBe('Allowed');
  expect(
    await req('config.amazonaws.com', 's3:PutObject', `${bucket}/config/AWSLogs/${accountId}/Config/${awsRegion}/x.json.gz`, own),
  ).toBe('Allowed');
  expect(await req('config.amazonaws.com', 's3:PutObject', `${bucket}/cloudtrail/AWSLogs/${accountId}/x.json.gz`, own)).toBe(
    'ImplicitlyDenied',
  );
  expect(
    await req('config.amazonaws.com', 's3:PutObject', `${bucket}/config/AWSLogs/${accountId}/Config/x`, {
      ...own,
      'aws:SourceAccount': '999999999999',
    }),
  ).toBe('ImplicitlyDenied');
  expect(await req('arn:aws:iam::999999999999:role/intruder', 's3:PutObject', `${bucket}/config/AWSLogs/${accountId}/Config/x`, own)).toBe(
    'ImplicitlyDenied',
  );

  expect(rule.expiration).toMatchObject([{ days: e.retentionDays }]);
}

/** A LogsBucket's bucket `id` as synthesized: named `bucketName`, private, versioned, SSE-S3 by default, ACLs disabled. */
export function expectSecuredBucket(s: Synth, id: string, bucketName: string): void {
  expect(s.resource(S3Bucket, id)).toMatchObject({ bucket: bucketName });
  expect(s.resource(S3BucketVersioningA, id)).toMatchObject({ versioning_configuration: { status: 'Enabled' } });
  expect(s.resource(S3BucketServerSideEncryptionConfigurationA, id)).toMatchObject({
    rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }],
  });
  expect(s.resource(S3BucketPublicAccessBlock, id)).toMatchObject({
    block_public_acls: true,
    block_public_policy: true,
    ignore_public_acls: true,
    restrict_public_buckets: true,
  });
  expect(s.resource(S3BucketOwnershipControls, id)).toMatchObject({ rule: { object_ownership: 'BucketOwnerEnforced' } });
}
