/**
 * The logs bucket `modules/security` requires to exist beforehand. Its policy lets the log
 * writers of LOG_WRITERS write (CloudTrail: this account's trail by `aws:SourceArn`; AWS
 * Config: this account; WAF log delivery when the name has the `aws-waf-logs-` prefix), each
 * with `bucket-owner-full-control`; TLS only; no public access; versioned; SSE-S3 (which CloudTrail
 * writes with, no key grant needed); logs archived then expired. Its server access logs go to
 * a second bucket, `<name>-access` (Security Hub CloudTrail.7, CIS 1.4.0 3.6), secured the same
 * way, which only the S3 logging service may write to, for this bucket of this account.
 */
import { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import {
  S3BucketLifecycleConfiguration,
  S3BucketLifecycleConfigurationRule,
} from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { SecurityContext } from './context';
import { ResourcePolicyDocument, StatementSource } from './iam';
import { LOG_WRITERS, LogWriter, logWriterStatements, S3_ACCESS_LOGS_WRITER } from './log-writers';
import { bucketArn, secureBucket } from './s3';
import { refuse } from './validation';

/** Longest S3 bucket name. */
const BUCKET_NAME_MAX = 63;

/** The bucket that receives the server access logs of `bucketName`, unless named otherwise. */
export function defaultAccessLogsBucketName(bucketName: string): string {
  return `${bucketName}-access`;
}

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
  /**
   * Whether the account is a member in organization mode: the organization trail and the log
   * archive bucket take its CloudTrail and AWS Config logs, so the policy admits neither. @default false
   */
  readonly organizationMember?: boolean;
  /** Buckets whose server access logs go here. @default none */
  readonly accessLogSourceBucketArns?: readonly string[];
  /** The writers whose statements the policy has (those that write to this bucket). @default LOG_WRITERS */
  readonly writers?: readonly LogWriter[];
  /**
   * Name of the bucket receiving this bucket's server access logs (CloudTrail.7); `false`: no
   * access logging. At most 63 characters. @default `<bucketName>-access`
   */
  readonly accessLogsBucketName?: string | false;
}

export class LogsBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketName: string;
  readonly bucketArn: string;
  /** The policy the writers need; a writer of this stack should depend on it. */
  readonly policy: S3BucketPolicy;
  /** The bucket receiving the server access logs; undefined when `accessLogsBucketName` is false. */
  readonly accessLogs?: S3Bucket;
  readonly accessLogsPolicy?: S3BucketPolicy;
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
        organizationMember: props.organizationMember ?? false,
        accessLogSourceBucketArns: props.accessLogSourceBucketArns,
      },
      props.writers ?? LOG_WRITERS,
    );
    const secured = secureBucket(this, 'logs', this.bucket, arn, statements);
    this.policy = secured.policy;
    this.document = secured.document;

    const rule = lifecycleRule(props);
    new S3BucketLifecycleConfiguration(this, 'logs_lifecycle', { bucket: this.bucket.id, rule: [rule] }).overrideLogicalId('logs');

    const accessName = props.accessLogsBucketName ?? defaultAccessLogsBucketName(props.bucketName);
    if (accessName !== false) {
      if (accessName.length > BUCKET_NAME_MAX) {
        refuse(
          this,
          `accessLogsBucketName = "${accessName}": must have at most ${BUCKET_NAME_MAX} characters (S3's limit); ` +
            `the default appends "-access" to bucketName, so give a bucketName of at most ${BUCKET_NAME_MAX - '-access'.length} characters or name the access-logs bucket.`,
        );
      }
      this.accessLogs = new S3Bucket(this, 'access_logs', { bucket: accessName });
      this.accessLogs.overrideLogicalId('access_logs');
      const accessArn = bucketArn(ctx.partition, accessName);
      // The S3 logging service writes for this bucket of this account only (the S3 access logs writer row).
      const accessStatements = logWriterStatements(
        { context: ctx, bucketName: accessName, bucketArn: accessArn, ownsAccountServices: false, accessLogSourceBucketArns: [arn] },
        [S3_ACCESS_LOGS_WRITER],
      );
      this.accessLogsPolicy = secureBucket(this, 'access_logs', this.accessLogs, accessArn, accessStatements).policy;
      new S3BucketLifecycleConfiguration(this, 'access_logs_lifecycle', {
        bucket: this.accessLogs.id,
        rule: [{ ...rule, id: 'archive-then-expire-access-logs' }],
      }).overrideLogicalId('access_logs');
      new S3BucketLoggingA(this, 'logs_logging', {
        bucket: this.bucket.id,
        targetBucket: this.accessLogs.id,
        targetPrefix: `${S3_ACCESS_LOGS_WRITER.prefix}/`,
        // Delivery starts once the logging service may write.
        dependsOn: [this.accessLogsPolicy],
      }).overrideLogicalId('logs');
    }
  }

  /** Add a statement to the bucket policy (before the TLS-only deny), like aws-cdk-lib's `Bucket.addToResourcePolicy`. */
  addToResourcePolicy(statement: StatementSource): void {
    this.document.addStatement(statement);
  }
}

/** Logs moved to Glacier after `archiveAfterDays` (when that is before they expire), expired after `retentionDays`. */
function lifecycleRule(props: LogsBucketProps): S3BucketLifecycleConfigurationRule {
  const archiveAfter = props.archiveAfterDays ?? 90;
  return {
    id: 'archive-then-expire-logs',
    status: 'Enabled',
    filter: [{}],
    transition: archiveAfter < props.retentionDays ? [{ days: archiveAfter, storageClass: 'GLACIER' }] : undefined,
    expiration: [{ days: props.retentionDays }],
    noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
    abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
  };
}
