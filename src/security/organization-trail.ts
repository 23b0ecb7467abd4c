/**
 * The organization trail (`aws_cloudtrail.organization`), created in the management account: it
 * records every account of the organization (members have no trail of their own), in every
 * region, into the log archive bucket, encrypted with the trail key of the log archive account,
 * and streams to a CloudWatch Logs group in the management account, where the CIS 1.4.0 metric
 * filters and alarms read it (CisMonitoring).
 *
 * - Log files: at the bucket's root, `AWSLogs/<org-id>/<account>/...` and, should the trail stop
 *   being an organization trail, `AWSLogs/<management>/...` (CloudTrail User Guide, "Create or
 *   update an Amazon S3 bucket to use to store the log files for an organization trail"): the
 *   log archive stack's bucket policy grants those prefixes to this trail's ARN only.
 * - Log group: encrypted with a key of the management account (`logGroupKey`), beside the group.
 *   The trail key is the log archive account's, which the management account's administrators
 *   cannot re-grant (org-design.md); the log group is a working copy for the alarms, in the
 *   account that owns the trail, and CloudWatch Logs may use this key for that group only.
 * - Delivery role: trusted by CloudTrail alone, allowed only to create and write the log streams
 *   CloudTrail names for this organization's trail (`<org-id>_*`) and the management account's own
 *   (`<management>_CloudTrail_<region>*`) in this log group (CloudTrail User Guide, "Role policy
 *   document for CloudTrail to use CloudWatch Logs for monitoring", organization example). Its
 *   trust carries no aws:SourceArn/aws:SourceAccount condition: that page states that confused
 *   deputy prevention "is not applicable to the role policy for CloudWatch Logs monitoring" and
 *   that it "doesn't support the use of aws:SourceArn and aws:SourceAccount" (a condition CloudTrail
 *   does not satisfy would fail CreateTrail with InvalidCloudWatchLogsRoleArnException). What
 *   limits it instead: only principals of the management account can pass the role to a trail
 *   (iam:PassRole), and the role can write nothing but those streams.
 */
import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { OrganizationTrailPlan } from '../config/organization-plan';
import { trailEventSelectors } from './cloudtrail';
import { logGroupArn, SecurityContext } from './context';
import { policyDocument, servicePrincipal } from './iam';
import { SecurityKey } from './kms';
import { checkRetentionDays, refuse, RetentionDays } from './validation';

/** IAM role names are at most 64 characters (IAM User Guide, "IAM object quotas"). */
const ROLE_NAME_MAX = 64;

/** The names of the trail's log group and delivery role, from the trail's name. */
export function organizationTrailNames(trailName: string) {
  return {
    logGroup: `/aws/cloudtrail/${trailName}`,
    deliveryRole: `${trailName}-to-logs`,
  };
}

/**
 * The log streams CloudTrail writes into `logGroupArn` for an organization trail of
 * `managementAccountId` in `region`: the organization's (`<org-id>_...`) and the management
 * account's own (`<account>_CloudTrail_<region>...`).
 */
export function organizationTrailLogStreams(
  logGroupArn: string,
  organizationId: string,
  managementAccountId: string,
  region: string,
): string[] {
  return [`${logGroupArn}:log-stream:${managementAccountId}_CloudTrail_${region}*`, `${logGroupArn}:log-stream:${organizationId}_*`];
}

export interface OrganizationTrailProps {
  /** The management account, in the home region: the trail's account and region. */
  readonly context: SecurityContext;
  /** `o-...`: the organization the trail records. */
  readonly organizationId: string;
  /** The trail's name and the log archive bucket it delivers to. */
  readonly trail: Pick<OrganizationTrailPlan, 'name' | 'bucket'>;
  /** ARN of the trail key in the log archive account (its stack's output `org_trail_key_arn`). */
  readonly trailKeyArn: string;
  /** The management account's key that encrypts the log group; the trail grants CloudWatch Logs its use for this group. */
  readonly logGroupKey: SecurityKey;
  /** Days the log group keeps events. @default RetentionDays.ONE_YEAR (CloudWatch.16 asks for at least a year) */
  readonly logGroupRetentionDays?: RetentionDays;
  /** The log archive bucket's access-logs bucket, whose objects are not recorded either. @default `<bucket>-access` */
  readonly accessLogsBucket?: string;
  /** What the trail must wait for besides its delivery role (the trusted-access check). @default none */
  readonly dependsOn?: ITerraformDependable[];
}

export class OrganizationTrail extends Construct {
  readonly trail: Cloudtrail;
  readonly logGroup: CloudwatchLogGroup;
  readonly deliveryRole: IamRole;
  readonly deliveryPolicy: IamRolePolicy;
  /** The trust policy of the delivery role and its permissions, as rendered documents. */
  readonly assumeRolePolicy: DataAwsIamPolicyDocument;
  readonly deliverPolicy: DataAwsIamPolicyDocument;
  readonly trailArn: string;
  /** Name of the log group the metric filters read. */
  readonly logGroupName: string;

  constructor(scope: Construct, id: string, props: OrganizationTrailProps) {
    super(scope, id);
    const ctx = props.context;
    const names = organizationTrailNames(props.trail.name);
    const retention = props.logGroupRetentionDays ?? RetentionDays.ONE_YEAR;
    checkRetentionDays(this, 'logGroupRetentionDays', retention);
    if (names.deliveryRole.length > ROLE_NAME_MAX) {
      refuse(
        this,
        `trail.name = ${JSON.stringify(props.trail.name)}: the delivery role "${names.deliveryRole}" has ${names.deliveryRole.length} characters; IAM allows at most ${ROLE_NAME_MAX}. Shorten the project name.`,
      );
    }

    const groupArn = logGroupArn(ctx, names.logGroup);
    props.logGroupKey.grantLogGroup(groupArn);
    this.logGroup = new CloudwatchLogGroup(this, 'organization_trail', {
      name: names.logGroup,
      retentionInDays: retention,
      kmsKeyId: props.logGroupKey.keyArn,
    });
    this.logGroup.overrideLogicalId('organization_trail');

    [this.assumeRolePolicy, this.deliveryRole, this.deliverPolicy, this.deliveryPolicy] = this.createDeliveryRole(props, groupArn);

    this.trail = new Cloudtrail(this, 'organization', {
      name: props.trail.name,
      s3BucketName: props.trail.bucket,
      isOrganizationTrail: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      kmsKeyId: props.trailKeyArn,
      cloudWatchLogsGroupArn: `${this.logGroup.arn}:*`,
      cloudWatchLogsRoleArn: this.deliveryRole.arn,
      // As the standalone trail: management events, and S3 object events of every bucket but the log archive's own two.
      advancedEventSelector: trailEventSelectors(ctx.partition, props.trail.bucket, props.accessLogsBucket),
      // The role must be able to write before CloudTrail validates the log group settings.
      dependsOn: [this.deliveryPolicy, ...(props.dependsOn ?? [])],
    });
    this.trail.overrideLogicalId('organization');
    this.trailArn = this.trail.arn;
    this.logGroupName = this.logGroup.name;
  }

  /** The role CloudTrail delivers with: its trust, its permissions on the trail's streams of `groupArn`, and their documents. */
  private createDeliveryRole(
    props: OrganizationTrailProps,
    groupArn: string,
  ): [DataAwsIamPolicyDocument, IamRole, DataAwsIamPolicyDocument, IamRolePolicy] {
    const names = organizationTrailNames(props.trail.name);
    const assume = policyDocument(this, 'organization_trail_assume_role', [
      { sid: 'CloudTrailAssumeRole', principals: servicePrincipal('cloudtrail.amazonaws.com'), actions: ['sts:AssumeRole'] },
    ]);
    const role = new IamRole(this, 'delivery_role', {
      name: names.deliveryRole,
      description: `Lets CloudTrail ${props.trail.name} deliver the organization's events to ${names.logGroup}`,
      assumeRolePolicy: assume.json,
    });
    role.overrideLogicalId('organization_trail_cloudwatch');

    const streams = organizationTrailLogStreams(groupArn, props.organizationId, props.context.accountId, props.context.awsRegion);
    const deliver = policyDocument(this, 'organization_trail_deliver', [
      { sid: 'CreateTrailLogStreams', actions: ['logs:CreateLogStream'], resources: streams },
      { sid: 'DeliverTrailEvents', actions: ['logs:PutLogEvents'], resources: streams },
    ]);
    const rolePolicy = new IamRolePolicy(this, 'delivery_policy', {
      name: 'deliver-to-cloudwatch-logs',
      role: role.id,
      policy: deliver.json,
    });
    rolePolicy.overrideLogicalId('organization_trail_cloudwatch');
    return [assume, role, deliver, rolePolicy];
  }
}
