/**
 * The logs bucket `modules/security` requires to exist beforehand. Its policy lets the log
 * writers of LOG_WRITERS write (CloudTrail: this account's trail by `aws:SourceArn`; AWS
 * Config: this account; WAF log delivery when the name has the `aws-waf-logs-` prefix), each
 * with `bucket-owner-full-control`; TLS only; no public access; versioned; SSE-S3 (which CloudTrail
 * writes with, no key grant needed); logs archived then expired.
 */
import { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration, S3BucketLifecycleConfigurationRule } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { SecurityContext } from './context';
import { ResourcePolicyDocument, StatementSource } from './iam';
import { LOG_WRITERS, LogWriter, logWriterStatements } from './log-writers';
import { bucketArn, secureBucket } from './s3';

export interface LogsBucketProps {
  /** The account, region and names of the security stack that writes here. */
  readonly context: SecurityContext;
  readonly bucketName: string;
  /** Days logs are kept before they expire. */
  readonly retentionDays: number;
  /** Days before logs move to Glacier Flexible Retrieval; no transition unless below retentionDays. @default 90 */
  readonly archiveAfterDays?: number;
  /**
   * Whether the writing security stack owns the account-wide services, AWS Config among them
   * (false for an environment with `accountServicesOwner`). @default true
   */
  readonly ownsAccountServices?: boolean;
  /** Buckets whose server access logs go here. @default none */
  readonly accessLogSourceBucketArns?: readonly string[];
  /** The writers whose statements the policy has (those that write to this bucket). @default LOG_WRITERS */
  readonly writers?: readonly LogWriter[];
}

export class LogsBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketName: string;
  readonly bucketArn: string;
  /** The policy the writers need; a writer of this stack should depend on it. */
  readonly policy: S3BucketPolicy;
  private readonly document: ResourcePolicyDocument;

  constructor(scope: Construct, id: string, props: LogsBucketProps) {
    super(scope, id);
    const ctx = props.context;
    this.bucket = new S3Bucket(this, 'logs', { bucket: props.bucketName });
    this.bucket.overrideLogicalId('logs');
    this.bucketName = this.bucket.id;
    // Built from the name so that the policy is rendered, and reviewable, at plan time.
    const arn = bucketArn(ctx.partition, props.bucketName);
    this.bucketArn = arn;

    const statements = logWriterStatements(
      {
        context: ctx,
        bucketName: props.bucketName,
        bucketArn: arn,
        ownsAccountServices: props.ownsAccountServices ?? true,
        accessLogSourceBucketArns: props.accessLogSourceBucketArns,
      },
      props.writers ?? LOG_WRITERS,
    );
    const secured = secureBucket(this, 'logs', this.bucket, arn, statements);
    this.policy = secured.policy;
    this.document = secured.document;

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

  /** Add a statement to the bucket policy (before the TLS-only deny), like aws-cdk-lib's `Bucket.addToResourcePolicy`. */
  addToResourcePolicy(statement: StatementSource): void {
    this.document.addStatement(statement);
  }
}
