/**
 * The baseline every bucket of the project gets: versioning, default encryption (SSE-S3),
 * all public access blocked, ACLs disabled, and a TLS-only policy.
 */
import { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { denyInsecureTransport, ResourcePolicyDocument, StatementSource } from './iam';

/** `arn:<partition>:s3:::<bucket>`: known at plan time, unlike the bucket's `arn` attribute. */
export function bucketArn(partition: string, bucketName: string): string {
  return `arn:${partition}:s3:::${bucketName}`;
}

export interface SecuredBucket {
  readonly policy: S3BucketPolicy;
  /** The bucket policy's document: writers add their statements to it. */
  readonly document: ResourcePolicyDocument;
}

/**
 * Apply the baseline to `bucket` (ARN `arn`), whose settings resources share its Terraform
 * name `name`, and give it a policy of `statements`, what is added to the returned document,
 * and the TLS-only statement.
 */
export function secureBucket(
  scope: Construct,
  name: string,
  bucket: S3Bucket,
  arn: string,
  statements: StatementSource[] = [],
): SecuredBucket {
  const settings = [
    new S3BucketVersioningA(scope, `${name}_versioning`, { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } }),
    // SSE-S3: CloudTrail and WAF log delivery write with it without a key grant.
    new S3BucketServerSideEncryptionConfigurationA(scope, `${name}_encryption`, {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    }),
    // ACLs off; CloudTrail's bucket-owner-full-control ACL is still accepted.
    new S3BucketOwnershipControls(scope, `${name}_ownership`, { bucket: bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } }),
  ];
  const publicAccess = new S3BucketPublicAccessBlock(scope, `${name}_public_access`, {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  // The TLS-only deny stays the last statement, after whatever writers add later.
  const document = new ResourcePolicyDocument(scope, `${name}_bucket`, statements, [denyInsecureTransport(arn)]);
  const policy = new S3BucketPolicy(scope, `${name}_policy`, {
    bucket: bucket.id,
    policy: document.json,
    // S3 refuses bucket policies while the public access block is being changed.
    dependsOn: [publicAccess],
  });
  for (const r of [...settings, publicAccess, policy]) r.overrideLogicalId(name);
  return { policy, document };
}
