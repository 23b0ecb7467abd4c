/**
 * CloudTrail: the multi-region audit trail (`aws_cloudtrail.govtech_audit`) into the logs
 * bucket (prefix from the log writers catalogue), encrypted with the module key, which it
 * grants itself (this trail only), streamed to a KMS-encrypted CloudWatch Logs group through a role whose policy the
 * trail waits for.
 */
import { Construct } from 'constructs';
import { Cloudtrail, CloudtrailAdvancedEventSelector } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { arnOf, logGroupArn, SecurityContext } from './context';
import { resourceNames } from '../catalog/resource-names';
import { awsPrincipal, condition, policyDocument, servicePrincipal } from './iam';
import { SecurityKey } from './kms';
import { CLOUDTRAIL_WRITER } from './log-writers';
import { defaultAccessLogsBucketName } from './logs-bucket';
import { checkRetentionDays, RetentionDays } from './validation';

export interface AuditTrailProps {
  readonly context: SecurityContext;
  /** `logs_bucket`: the existing bucket whose policy lets this trail write. */
  readonly logsBucket: string;
  /**
   * The bucket receiving the logs bucket's server access logs: its data events are not recorded
   * either. @default `<logsBucket>-access`, the logs stack's (LogsBucket)
   */
  readonly accessLogsBucket?: string;
  /** Key for the log files and the log group; the trail grants itself what it needs on it. */
  readonly key: SecurityKey;
  /** Days the log group keeps events: one of RetentionDays, or a Terraform expression. */
  readonly logGroupRetentionDays: RetentionDays;
}

/** What the trail and its log group need on the key, granted on it. */
function grantKeyUse(ctx: SecurityContext, key: SecurityKey): void {
  const names = resourceNames(ctx);
  // Known at plan time (unlike the trail's arn attribute), so the key policy is reviewable.
  const trailArn = arnOf(ctx, 'cloudtrail', `trail/${names.trail}`);
  const cloudtrail = ['cloudtrail.amazonaws.com'];
  // CloudTrail puts the ARN of the writing trail, in any region, in the encryption context.
  const anyTrailOfAccount = condition(
    'StringLike',
    'kms:EncryptionContext:aws:cloudtrail:arn',
    arnOf(ctx, 'cloudtrail', 'trail/*', { region: '*' }),
  );
  const thisTrail = condition('StringEquals', 'aws:SourceArn', trailArn);
  key.grantEncrypt({ sid: 'AllowCloudTrailEncryptLogs', services: cloudtrail, conditions: [thisTrail, anyTrailOfAccount] });
  key.grant({ sid: 'AllowCloudTrailDescribeKey', services: cloudtrail, conditions: [thisTrail] }, 'kms:DescribeKey');
  key.addToResourcePolicy({
    sid: 'AllowAccountToDecryptCloudTrailLogs',
    principals: awsPrincipal('*'),
    actions: ['kms:Decrypt', 'kms:ReEncryptFrom'],
    condition: [condition('StringEquals', 'kms:CallerAccount', ctx.accountId), anyTrailOfAccount],
  });
  key.grantLogGroup(logGroupArn(ctx, names.trailLogGroup));
}

/** The role CloudTrail delivers to `logGroup` with, and its policy (which the trail waits for). */
function createDeliveryRole(
  scope: Construct,
  ctx: SecurityContext,
  logGroup: CloudwatchLogGroup,
): { role: IamRole; rolePolicy: IamRolePolicy } {
  const names = resourceNames(ctx);
  const assume = policyDocument(scope, 'cloudtrail_assume_role', [
    { sid: 'CloudTrailAssumeRole', principals: servicePrincipal('cloudtrail.amazonaws.com'), actions: ['sts:AssumeRole'] },
  ]);
  const role = new IamRole(scope, 'cloudtrail_cloudwatch', {
    name: names.trailLogsRole,
    description: `Lets CloudTrail ${names.trail} deliver events to ${names.trailLogGroup}`,
    assumeRolePolicy: assume.json,
  });
  role.overrideLogicalId('cloudtrail_cloudwatch');

  const deliver = policyDocument(scope, 'cloudtrail_deliver_to_cloudwatch', [
    {
      sid: 'DeliverTrailEvents',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [`${logGroup.arn}:log-stream:*`],
    },
  ]);
  const rolePolicy = new IamRolePolicy(scope, 'cloudtrail_cloudwatch_policy', {
    name: 'deliver-to-cloudwatch-logs',
    role: role.id,
    policy: deliver.json,
  });
  rolePolicy.overrideLogicalId('cloudtrail_cloudwatch');
  return { role, rolePolicy };
}

export class AuditTrail extends Construct {
  readonly trail: Cloudtrail;
  readonly logGroup: CloudwatchLogGroup;
  readonly trailArn: string;
  /** Name of the log group the metric filters read. */
  readonly logGroupName: string;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    checkRetentionDays(this, 'logGroupRetentionDays', props.logGroupRetentionDays);
    const ctx = props.context;
    const names = resourceNames(ctx);
    const key = props.key;
    grantKeyUse(ctx, key);

    this.logGroup = new CloudwatchLogGroup(this, 'cloudtrail', {
      name: names.trailLogGroup,
      retentionInDays: props.logGroupRetentionDays,
      kmsKeyId: key.keyArn,
    });
    this.logGroup.overrideLogicalId('cloudtrail');

    const { role, rolePolicy } = createDeliveryRole(this, ctx, this.logGroup);

    this.trail = new Cloudtrail(this, 'govtech_audit', {
      name: names.trail,
      s3BucketName: props.logsBucket,
      s3KeyPrefix: CLOUDTRAIL_WRITER.prefix,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      kmsKeyId: key.keyArn,
      cloudWatchLogsGroupArn: `${this.logGroup.arn}:*`,
      cloudWatchLogsRoleArn: role.arn,
      advancedEventSelector: trailEventSelectors(ctx.partition, props.logsBucket, props.accessLogsBucket),
      // The role must be able to write before CloudTrail validates the log group settings.
      dependsOn: [rolePolicy],
    });
    this.trail.overrideLogicalId('govtech_audit');

    this.trailArn = this.trail.arn;
    this.logGroupName = this.logGroup.name;
  }
}

/**
 * What the trail records: management events, and S3 object data events of every bucket but the
 * logs bucket and its access-logs bucket. Recording those would log CloudTrail's own deliveries
 * (a loop), and S3 logs each delivery to the logs bucket in the access-logs bucket (another).
 */
export function trailEventSelectors(partition: string, logsBucket: string, accessLogsBucket?: string): CloudtrailAdvancedEventSelector[] {
  const excluded = [logsBucket, accessLogsBucket ?? defaultAccessLogsBucketName(logsBucket)];
  return [
    {
      name: 'Management events (read and write)',
      fieldSelector: [{ field: 'eventCategory', equalTo: ['Management'] }],
    },
    {
      name: 'S3 data events of every bucket except the logs bucket and its access-logs bucket',
      fieldSelector: [
        { field: 'eventCategory', equalTo: ['Data'] },
        { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
        { field: 'resources.ARN', notStartsWith: excluded.map((bucket) => `arn:${partition}:s3:::${bucket}/`) },
      ],
    },
  ];
}
