/**
 * CIS AWS Foundations Benchmark 1.4.0 section 4 ("Monitoring"): a metric filter on the trail's log group and an alarm
 * into the alerts topic for each recommendation. Security Hub checks twelve (CloudWatch.1, .4 to .14): the pattern
 * exactly the published one ("additional fields or terms cannot be added"), the trail multi-region, the topic subscribed.
 */
import { Construct } from 'constructs';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { arnOf, resourceNames, SecurityContext } from './context';
import { AlertPublisher, IAlertsTopic } from './alerting';
import { checkNumber, refuse } from './validation';

export const CIS_MONITORING_IDS = [
  '4.1',
  '4.2',
  '4.3',
  '4.4',
  '4.5',
  '4.6',
  '4.7',
  '4.8',
  '4.9',
  '4.10',
  '4.11',
  '4.12',
  '4.13',
  '4.14',
  '4.15',
] as const;
export type CisMonitoringId = (typeof CIS_MONITORING_IDS)[number];

export interface CisMonitoringControl {
  /** The CIS AWS Foundations Benchmark 1.4.0 recommendation. */
  readonly cis: CisMonitoringId;
  readonly title: string;
  /** The Security Hub control checking it in CIS 1.4.0; none for 4.1 and 4.2 (CloudWatch.2 and .3 are CIS 1.2.0 only). */
  readonly securityHubControl?: string;
  /** The Security Hub control's title, in Security Hub's words (its "CloudWatch controls" page). */
  readonly securityHubTitle?: string;
  /** Terraform name of the metric filter and of the alarm. */
  readonly id: string;
  readonly metricName: string;
  /** CloudWatch Logs filter pattern, exactly as AWS publishes it for the Security Hub control. */
  readonly filterPattern: string;
  /** Alarm when the count in one period reaches this. @default 1 */
  readonly threshold?: number;
  /** @default 300 */
  readonly periodSeconds?: number;
}

/**
 * The fifteen rows, patterns copied from the Security Hub user guide's "Amazon CloudWatch controls" page (4.15, which
 * has no Security Hub control, from the CIS 1.4.0 benchmark); for CloudWatch.4 and .13 that is AWS's pattern scoped to
 * the event source, which "differs from the filter pattern in the CIS guidance". The test fixture
 * __tests__/fixtures/cis-filter-patterns.ts holds the published text. The two documented rows keep names and thresholds.
 */
export const CIS_MONITORING: readonly CisMonitoringControl[] = [
  {
    cis: '4.1',
    title: 'Unauthorized API calls',
    id: 'unauthorized_api_calls',
    metricName: 'UnauthorizedAPICalls',
    filterPattern: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
    threshold: 5,
    periodSeconds: 300,
  },
  {
    cis: '4.2',
    title: 'Management Console sign-in without MFA',
    id: 'console_signin_without_mfa',
    metricName: 'ConsoleSigninWithoutMFA',
    filterPattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  },
  {
    cis: '4.3',
    title: 'Usage of the root user',
    securityHubControl: 'CloudWatch.1',
    securityHubTitle: 'A log metric filter and alarm should exist for usage of the "root" user',
    id: 'root_account_usage',
    metricName: 'RootAccountUsage',
    filterPattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
    threshold: 1,
    periodSeconds: 60,
  },
  {
    cis: '4.4',
    title: 'IAM policy changes',
    securityHubControl: 'CloudWatch.4',
    securityHubTitle: 'Ensure a log metric filter and alarm exist for IAM policy changes',
    id: 'iam_policy_changes',
    metricName: 'IAMPolicyChanges',
    filterPattern:
      '{($.eventSource=iam.amazonaws.com) && (($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy))}',
  },
  {
    cis: '4.5',
    title: 'CloudTrail configuration changes',
    securityHubControl: 'CloudWatch.5',
    securityHubTitle: 'Ensure a log metric filter and alarm exist for CloudTrail configuration changes',
    id: 'cloudtrail_configuration_changes',
    metricName: 'CloudTrailChanges',
    filterPattern:
      '{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}',
  },
  {
    cis: '4.6',
    title: 'Management Console authentication failures',
    securityHubControl: 'CloudWatch.6',
    securityHubTitle: 'Ensure a log metric filter and alarm exist for AWS Management Console authentication failures',
    id: 'console_authentication_failures',
    metricName: 'ConsoleAuthenticationFailures',
    filterPattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
  },
  {
    cis: '4.7',
    title: 'Disabling or scheduled deletion of customer managed keys',
    securityHubControl: 'CloudWatch.7',
    securityHubTitle: 'Ensure a log metric filter and alarm exist for disabling or scheduled deletion of customer managed keys',
    id: 'cmk_disable_or_scheduled_deletion',
    metricName: 'DisableOrDeleteCMK',
    filterPattern: '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}',
  },
  {
    cis: '4.8',
    title: 'S3 bucket policy changes',
    securityHubControl: 'CloudWatch.8',
    securityHubTitle: 'Ensure a log metric filter and alarm exist for S3 bucket policy changes',
    id: 's3_bucket_policy_changes',
    metricName: 'S3BucketPolicyChanges',
    filterPattern:
      '{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}',
  },
  {
    cis: '4.9',
    title: 'AWS Config configuration changes',
    securityHubControl: 'CloudWatch.9',
    securityHubTitle: 'Ensure a log metric filter and alarm exist for AWS Config configuration changes',
    id: 'aws_config_changes',
    metricName: 'AWSConfigChanges',
    filterPattern:
      '{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}',
  },
  {
    cis: '4.10',
    title: 'Security group changes',
    securityHubControl: 'CloudWatch.10',
    securityHubTitle: 'Ensure a log metric filter and alarm exist for security group changes',
    id: 'security_group_changes',
    metricName: 'SecurityGroupChanges',
    filterPattern:
      '{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}',
  },
  {
    cis: '4.11',
    title: 'Network ACL changes',
    securityHubControl: 'CloudWatch.11',
    securityHubTitle: 'Ensure a log metric filter and alarm exist for changes to Network Access Control Lists (NACL)',
    id: 'nacl_changes',
    metricName: 'NetworkACLChanges',
    filterPattern:
      '{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}',
  },
  {
    cis: '4.12',
    title: 'Network gateway changes',
    securityHubControl: 'CloudWatch.12',
    securityHubTitle: 'Ensure a log metric filter and alarm exist for changes to network gateways',
    id: 'network_gateway_changes',
    metricName: 'NetworkGatewayChanges',
    filterPattern:
      '{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}',
  },
  {
    cis: '4.13',
    title: 'Route table changes',
    securityHubControl: 'CloudWatch.13',
    securityHubTitle: 'Ensure a log metric filter and alarm exist for route table changes',
    id: 'route_table_changes',
    metricName: 'RouteTableChanges',
    filterPattern:
      '{($.eventSource=ec2.amazonaws.com) && (($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable))}',
  },
  {
    cis: '4.14',
    title: 'VPC changes',
    securityHubControl: 'CloudWatch.14',
    securityHubTitle: 'Ensure a log metric filter and alarm exist for VPC changes',
    id: 'vpc_changes',
    metricName: 'VPCChanges',
    filterPattern:
      '{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}',
  },
  {
    cis: '4.15',
    title: 'AWS Organizations changes',
    id: 'organizations_changes',
    metricName: 'OrganizationsChanges',
    filterPattern:
      '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
  },
];

/** The rows the module documents (their addresses are part of its interface): they cannot be turned off. */
export const DOCUMENTED_CIS_MONITORING: readonly CisMonitoringId[] = ['4.1', '4.3'];

/** CloudWatch alarms of this account publish to the alerts topic. */
export const CLOUDWATCH_ALARMS_PUBLISHER: AlertPublisher = {
  sid: 'CloudWatchAlarms',
  service: 'cloudwatch.amazonaws.com',
  sourceArn: (ctx) => arnOf(ctx, 'cloudwatch', 'alarm:*'),
};

export interface CisMonitoringProps {
  readonly context: SecurityContext;
  /** Log group of the multi-region trail the filters read. */
  readonly trailLogGroupName: string;
  /** Where every alarm sends its notification. */
  readonly alerts: IAlertsTopic;
  /** Rows turned off, each with the reason (config `cisMonitoringOff`). @default none */
  readonly off?: Partial<Record<CisMonitoringId, string>>;
  /** @default CIS_MONITORING */
  readonly controls?: readonly CisMonitoringControl[];
}

/** CloudWatch accepts periods of 10, 20 or 30 s (high resolution) or a multiple of 60 s. */
export function isAlarmPeriod(seconds: number): boolean {
  return [10, 20, 30].includes(seconds) || (Number.isInteger(seconds) && seconds > 0 && seconds % 60 === 0);
}

/**
 * A row as PutMetricAlarm accepts it: a period CloudWatch allows, evaluated over at most
 * seven days (one period here), a positive threshold, and a Terraform name.
 */
function checkControl(scope: Construct, c: CisMonitoringControl): void {
  const at = `controls[${c.id}]`;
  checkNumber(
    scope,
    `${at}.periodSeconds`,
    c.periodSeconds,
    isAlarmPeriod,
    'be 10, 20, 30 or a multiple of 60 seconds (CloudWatch alarm period)',
  );
  checkNumber(
    scope,
    `${at}.periodSeconds`,
    c.periodSeconds,
    (v) => v <= 604_800,
    'be at most 604800 seconds (CloudWatch evaluates an alarm over at most seven days)',
  );
  checkNumber(scope, `${at}.threshold`, c.threshold, (v) => Number.isFinite(v) && v > 0, 'be a positive number of events per period');
  if (!/^[a-z0-9_]+$/.test(c.id))
    refuse(scope, `${at}.id = ${JSON.stringify(c.id)}: must be a Terraform name of lowercase letters, digits and underscores.`);
}

export class CisMonitoring extends Construct {
  readonly filters: Record<string, CloudwatchLogMetricFilter> = {};
  readonly alarms: Record<string, CloudwatchMetricAlarm> = {};

  constructor(scope: Construct, id: string, props: CisMonitoringProps) {
    super(scope, id);
    const ctx = props.context;
    const names = resourceNames(ctx);
    props.alerts.grantPublish(CLOUDWATCH_ALARMS_PUBLISHER);

    for (const c of props.controls ?? CIS_MONITORING) {
      if (props.off?.[c.cis] !== undefined) continue;
      checkControl(this, c);
      const filter = new CloudwatchLogMetricFilter(this, `${c.id}_filter`, {
        name: c.metricName,
        logGroupName: props.trailLogGroupName,
        pattern: c.filterPattern,
        metricTransformation: { name: c.metricName, namespace: names.metricNamespace, value: '1' },
      });
      filter.overrideLogicalId(c.id);
      const threshold = c.threshold ?? 1;
      const period = c.periodSeconds ?? 300;
      const alarm = new CloudwatchMetricAlarm(this, `${c.id}_alarm`, {
        alarmName: `${ctx.projectName}-${ctx.environment}-${c.id.replace(/_/g, '-')}`,
        alarmDescription: `CIS 1.4.0 ${c.cis}${c.securityHubControl ? ` / ${c.securityHubControl}` : ''}: ${c.title} (${threshold} or more in ${period} s)`,
        namespace: names.metricNamespace,
        metricName: c.metricName,
        statistic: 'Sum',
        period,
        evaluationPeriods: 1,
        threshold,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        // No events in a period means nothing happened, not that the alarm is broken.
        treatMissingData: 'notBreaching',
        alarmActions: [props.alerts.topicArn],
        // The alarm's metric exists only once its filter does; it may publish once the policy lets it.
        dependsOn: [filter, props.alerts.topicPolicy],
      });
      alarm.overrideLogicalId(c.id);
      this.filters[c.id] = filter;
      this.alarms[c.id] = alarm;
    }
  }
}
