/**
 * CIS AWS Foundations Benchmark 1.4.0 section 4 ("Monitoring") as data: the fifteen
 * recommendations, the Security Hub control that checks each, and the metric filter pattern
 * Security Hub requires exactly ("additional fields or terms cannot be added"). The config
 * (rows turned off), the constructs (src/security/cis-monitoring.ts) and the compliance
 * catalogue read the rows from here.
 */
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
