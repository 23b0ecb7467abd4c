/**
 * The logs bucket `modules/security` requires to exist beforehand: CloudTrail (only this
 * account's trail, by `aws:SourceArn`) may check its ACL and write with
 * `bucket-owner-full-control`; WAF log delivery may write when the name has the
 * `aws-waf-logs-` prefix; TLS only; no public access; versioned; SSE-S3 (which CloudTrail
 * writes with, no key grant needed); logs archived then expired.
 */
import { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration, S3BucketLifecycleConfigurationRule } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { arnOf, resourceNames, SecurityContext } from './context';
import { condition, PolicyStatement, servicePrincipal } from './iam';
import { bucketArn, secureBucket } from './s3';
import { WAF_LOG_PREFIX } from './waf';

export interface LogsBucketProps {
  /** The account, region and names of the security stack that writes here. */
  readonly context: SecurityContext;
  readonly bucketName: string;
  /** Days logs are kept before they expire. */
  readonly retentionDays: number;
  /** Days before logs move to Glacier Flexible Retrieval; no transition unless below retentionDays. @default 90 */
  readonly archiveAfterDays?: number;
  /** Key prefix the trail writes under (the module's `cloudtrail`). @default 'cloudtrail' */
  readonly cloudTrailPrefix?: string;
}

export class LogsBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketName: string;
  readonly bucketArn: string;

  constructor(scope: Construct, id: string, props: LogsBucketProps) {
    super(scope, id);
    const ctx = props.context;
    this.bucket = new S3Bucket(this, 'logs', { bucket: props.bucketName });
    this.bucket.overrideLogicalId('logs');
    this.bucketName = this.bucket.id;
    // Built from the name so that the policy is rendered, and reviewable, at plan time.
    const arn = bucketArn(ctx.partition, props.bucketName);
    this.bucketArn = arn;
    const trailArn = arnOf(ctx, 'cloudtrail', `trail/${resourceNames(ctx).trail}`);
    const prefix = props.cloudTrailPrefix ?? 'cloudtrail';

    const statements: PolicyStatement[] = [
      {
        sid: 'AWSCloudTrailAclCheck',
        principals: servicePrincipal('cloudtrail.amazonaws.com'),
        actions: ['s3:GetBucketAcl'],
        resources: [arn],
        condition: [condition('StringEquals', 'aws:SourceArn', trailArn)],
      },
      {
        sid: 'AWSCloudTrailWrite',
        principals: servicePrincipal('cloudtrail.amazonaws.com'),
        actions: ['s3:PutObject'],
        resources: [`${arn}/${prefix}/AWSLogs/${ctx.accountId}/*`],
        condition: [
          condition('StringEquals', 's3:x-amz-acl', 'bucket-owner-full-control'),
          condition('StringEquals', 'aws:SourceArn', trailArn),
        ],
      },
    ];
    if (props.bucketName.startsWith(WAF_LOG_PREFIX)) {
      // The module sends WAF logs straight here when the name allows it.
      const logDelivery = [
        condition('StringEquals', 'aws:SourceAccount', ctx.accountId),
        condition('ArnLike', 'aws:SourceArn', arnOf(ctx, 'logs', '*')),
      ];
      statements.push(
        {
          sid: 'AWSLogDeliveryAclCheck',
          principals: servicePrincipal('delivery.logs.amazonaws.com'),
          actions: ['s3:GetBucketAcl'],
          resources: [arn],
          condition: logDelivery,
        },
        {
          sid: 'AWSLogDeliveryWrite',
          principals: servicePrincipal('delivery.logs.amazonaws.com'),
          actions: ['s3:PutObject'],
          resources: [`${arn}/AWSLogs/${ctx.accountId}/*`],
          condition: [condition('StringEquals', 's3:x-amz-acl', 'bucket-owner-full-control'), ...logDelivery],
        },
      );
    }
    secureBucket(this, 'logs', this.bucket, arn, statements);

    const archiveAfter = props.archiveAfterDays ?? 90;
    const rule: S3BucketLifecycleConfigurationRule = {
      id: 'archive-then-expire-logs',
      status: 'Enabled',
      filter: [{}],
      transition: archiveAfter < props.retentionDays ? [{ days: archiveAfter, storageClass: 'GLACIER' }] : undefined,
      expiration: [{ days: props.retentionDays }],
      noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
    };
    new S3BucketLifecycleConfiguration(this, 'logs_lifecycle', { bucket: this.bucket.id, rule: [rule] }).overrideLogicalId('logs');
  }
}
