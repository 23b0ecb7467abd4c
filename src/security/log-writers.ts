/**
 * Who writes into the logs bucket, as data: the logs stack renders each writer's bucket
 * statements into the bucket policy, and the security stack reads the same rows for the
 * key prefixes it configures (CloudTrail's `s3_key_prefix`, Config's delivery channel) and
 * the KMS grants that go with them. The bucket and the writers live in different stacks;
 * this catalogue is what keeps the two in step.
 */
import { arnOf, SecurityContext } from './context';
import { resourceNames } from '../catalog/resource-names';
import { condition, PolicyStatement, servicePrincipal } from './iam';

/** Destinations WAF may log to must have names starting with this. */
export const WAF_LOG_PREFIX = 'aws-waf-logs-';

/** What a writer row needs to know about the bucket and the stacks around it. */
export interface LogWriterTarget {
  /** The account, region and names of the security stack that writes. */
  readonly context: SecurityContext;
  readonly bucketName: string;
  readonly bucketArn: string;
  /** Whether that security stack owns the account-wide services (AWS Config among them). */
  readonly ownsAccountServices: boolean;
  /**
   * Whether the account is a member in organization mode: the organization trail records it and
   * its AWS Config recorder delivers to the log archive bucket, so neither writes here. @default false
   */
  readonly organizationMember?: boolean;
  /** Buckets whose server access logs go here (`aws_s3_bucket_logging` targets). @default none */
  readonly accessLogSourceBucketArns?: readonly string[];
}

export interface LogWriter {
  /** Stable name of the row. */
  readonly id: 'cloudtrail' | 'config' | 'waf' | 's3_access_logs';
  /** Key prefix the writer uses in the bucket; none: it writes under `AWSLogs/` at the root. */
  readonly prefix?: string;
  /** Whether the writer writes to this bucket at all. */
  readonly writes: (t: LogWriterTarget) => boolean;
  /** The bucket policy statements it needs, each limited to this account's writer. */
  readonly statements: (t: LogWriterTarget) => PolicyStatement[];
}

/** ARN of the objects a writer with `prefix` may create: `<bucket>/<prefix>/AWSLogs/<account>/<tail>`. */
export function logObjectsArn(t: LogWriterTarget, prefix: string | undefined, tail = '*'): string {
  return `${t.bucketArn}/${prefix ? `${prefix}/` : ''}AWSLogs/${t.context.accountId}/${tail}`;
}

const OWNER_FULL_CONTROL = condition('StringEquals', 's3:x-amz-acl', 'bucket-owner-full-control');

function trailArn(ctx: SecurityContext): string {
  return arnOf(ctx, 'cloudtrail', `trail/${resourceNames(ctx).trail}`);
}

export const CLOUDTRAIL_WRITER: LogWriter = {
  id: 'cloudtrail',
  prefix: 'cloudtrail',
  // A member's trail is the organization trail, which writes to the log archive bucket.
  writes: (t) => t.organizationMember !== true,
  statements: (t) => {
    const trail = condition('StringEquals', 'aws:SourceArn', trailArn(t.context));
    return [
      {
        sid: 'AWSCloudTrailAclCheck',
        principals: servicePrincipal('cloudtrail.amazonaws.com'),
        actions: ['s3:GetBucketAcl'],
        resources: [t.bucketArn],
        condition: [trail],
      },
      {
        sid: 'AWSCloudTrailWrite',
        principals: servicePrincipal('cloudtrail.amazonaws.com'),
        actions: ['s3:PutObject'],
        resources: [logObjectsArn(t, 'cloudtrail')],
        condition: [OWNER_FULL_CONTROL, trail],
      },
    ];
  },
};

/** AWS Config delivery (AWS Config Developer Guide, "Permissions for the Amazon S3 Bucket"), this account only. */
export const CONFIG_WRITER: LogWriter = {
  id: 'config',
  prefix: 'config',
  // One recorder per account and region: only the stack that owns the account services has one,
  // and a member's delivers to the log archive bucket.
  writes: (t) => t.ownsAccountServices && t.organizationMember !== true,
  statements: (t) => {
    const account = condition('StringEquals', 'aws:SourceAccount', t.context.accountId);
    const config = servicePrincipal('config.amazonaws.com');
    return [
      {
        sid: 'AWSConfigBucketPermissionsCheck',
        principals: config,
        actions: ['s3:GetBucketAcl'],
        resources: [t.bucketArn],
        condition: [account],
      },
      {
        sid: 'AWSConfigBucketExistenceCheck',
        principals: config,
        actions: ['s3:ListBucket'],
        resources: [t.bucketArn],
        condition: [account],
      },
      {
        sid: 'AWSConfigBucketDelivery',
        principals: config,
        actions: ['s3:PutObject'],
        resources: [logObjectsArn(t, 'config', 'Config/*')],
        condition: [OWNER_FULL_CONTROL, account],
      },
    ];
  },
};

/** WAF logs through CloudWatch Logs delivery, straight to the bucket when its name allows it. */
export const WAF_WRITER: LogWriter = {
  id: 'waf',
  writes: (t) => t.bucketName.startsWith(WAF_LOG_PREFIX),
  statements: (t) => {
    const delivery = [
      condition('StringEquals', 'aws:SourceAccount', t.context.accountId),
      condition('ArnLike', 'aws:SourceArn', arnOf(t.context, 'logs', '*')),
    ];
    const principals = servicePrincipal('delivery.logs.amazonaws.com');
    return [
      { sid: 'AWSLogDeliveryAclCheck', principals, actions: ['s3:GetBucketAcl'], resources: [t.bucketArn], condition: delivery },
      {
        sid: 'AWSLogDeliveryWrite',
        principals,
        actions: ['s3:PutObject'],
        resources: [logObjectsArn(t, undefined)],
        condition: [OWNER_FULL_CONTROL, ...delivery],
      },
    ];
  },
};

/** S3 server access logs of the named source buckets: the logs bucket's, into its access-logs bucket (CloudTrail.7). */
export const S3_ACCESS_LOGS_WRITER: LogWriter = {
  id: 's3_access_logs',
  prefix: 's3-access-logs',
  writes: (t) => (t.accessLogSourceBucketArns ?? []).length > 0,
  statements: (t) => [
    {
      sid: 'S3ServerAccessLogsPolicy',
      principals: servicePrincipal('logging.s3.amazonaws.com'),
      actions: ['s3:PutObject'],
      resources: [`${t.bucketArn}/s3-access-logs/*`],
      condition: [
        condition('StringEquals', 'aws:SourceAccount', t.context.accountId),
        condition('ArnLike', 'aws:SourceArn', ...(t.accessLogSourceBucketArns ?? [])),
      ],
    },
  ],
};

/** Every writer, in the order their statements appear in the bucket policy. */
export const LOG_WRITERS: readonly LogWriter[] = [CLOUDTRAIL_WRITER, CONFIG_WRITER, WAF_WRITER, S3_ACCESS_LOGS_WRITER];

/** The bucket statements of every writer that writes to `t`. */
export function logWriterStatements(t: LogWriterTarget, writers: readonly LogWriter[] = LOG_WRITERS): PolicyStatement[] {
  return writers.filter((w) => w.writes(t)).flatMap((w) => w.statements(t));
}
