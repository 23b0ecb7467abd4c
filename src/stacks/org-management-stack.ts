/**
 * OrgManagementStack (`org-management`): what only the organization's management account can do,
 * in the home region, through one AWS provider:
 * - the security account as delegated administrator of GuardDuty (home region; the other covered
 *   regions are OrgManagementRegionalStack), Security Hub, AWS Config and IAM Access Analyzer,
 *   after the trusted-access check (OrganizationAdmins);
 * - the organization trail, its CloudWatch Logs group and delivery role (OrganizationTrail), and
 *   the CIS 1.4.0 metric filters and alarms on that group (CisMonitoring), notifying a topic of
 *   this account subscribed by the organization's alert subscribers.
 *
 * The alarms' topic is here, not the security account's: CloudWatch publishes an alarm's action as
 * its own service principal on behalf of the alarm's account, to a topic of the alarm's region
 * (an alarm action in another region is refused, "Invalid region ... specified":
 * cds-snc/notification-terraform#128), and the CIS 1.4.0 4.x audit that Security Hub runs for
 * CloudWatch.1 and .4-.14 follows the alarm's action to its topic and lists that topic's
 * subscriptions (Security Hub User Guide, "CloudWatch controls"; the CIS audit steps), which it
 * can do for a topic of the account being checked.
 *
 * The management account's own coverage:
 * - GuardDuty: the security account's organization configuration (`auto_enable_organization_members
 *   = "ALL"`, org-security) enables every account of the organization, the management account
 *   included, but GuardDuty can only manage it once it has GuardDuty's service-linked role, which
 *   exists once GuardDuty was ever enabled there (GuardDuty User Guide, "Designating a delegated
 *   GuardDuty administrator account", note on the management account's SLR). On a management
 *   account that never ran GuardDuty: `aws iam create-service-linked-role --aws-service-name
 *   guardduty.amazonaws.com` once (not created here: it fails when the role exists).
 * - Security Hub: the configuration policy is associated with the root (org-security), so the
 *   management account, under the root, inherits it in the home and linked regions like every
 *   member (Security Hub User Guide, "Understanding central configuration"); no
 *   `aws_securityhub_account` here, which would fight the policy.
 * - AWS Config: recorded as a member only if a recorder runs there; none is created here.
 *
 * Reads the trail key's ARN from the log archive stack's state (`org_trail_key_arn`): deploy
 * `org-log-archive` first.
 */
import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { OrganizationPlan } from '../config/organization-plan';
import { SecurityAlerting } from '../security/alerting';
import { CisMonitoring } from '../security/cis-monitoring';
import { SecurityKey } from '../security/kms';
import { OrganizationAdmins, serviceAccessPrincipals } from '../security/organization-admins';
import { OrganizationTrail } from '../security/organization-trail';
import { remoteStackState } from './backend';
import { organizationAccountContext } from './organization-account';

/** The `environment` of the management account's names and tags (`alias/<project>-management`, `Environment = management`). */
export const MANAGEMENT_ENVIRONMENT = 'management';

/** The log archive stack's output holding the trail key's ARN. */
export const ORG_TRAIL_KEY_OUTPUT = 'org_trail_key_arn';

export interface OrgManagementStackProps {
  /** The organization's plan (src/config/organization-plan.ts). */
  readonly org: OrganizationPlan;
}

export class OrgManagementStack extends TerraformStack {
  readonly admins: OrganizationAdmins;
  readonly key: SecurityKey;
  readonly trail: OrganizationTrail;
  readonly alerting: SecurityAlerting;
  readonly cisMonitoring: CisMonitoring;

  constructor(scope: Construct, id: string, props: OrgManagementStackProps) {
    super(scope, id);
    const { org } = props;
    const account = org.management;
    const context = organizationAccountContext(this, {
      org,
      account,
      stackName: id,
      region: org.awsRegion,
      environment: MANAGEMENT_ENVIRONMENT,
    });

    this.admins = new OrganizationAdmins(this, 'admins', {
      adminAccountId: org.security.accountId,
      servicePrincipals: serviceAccessPrincipals(this),
    });

    this.key = new SecurityKey(this, 'kms', {
      context,
      description: `${org.projectName} management account key: the organization trail's CloudWatch Logs group and the CIS alarms topic`,
      // Principals of the account may publish to the encrypted topic (e.g. a test message); nothing else here uses the key through a service.
      consumerServices: ['sns'],
    });
    const logArchive = remoteStackState(this, 'log_archive', org.logArchive.state, org.logArchive.stack);
    this.trail = new OrganizationTrail(this, 'trail', {
      context,
      organizationId: org.id,
      trail: org.trail,
      trailKeyArn: logArchive.getString(ORG_TRAIL_KEY_OUTPUT),
      logGroupKey: this.key,
      // CloudTrail creates an organization trail through its API only once the organization trusts it.
      dependsOn: [this.admins.trustedAccess.resource],
    });
    this.alerting = new SecurityAlerting(this, 'alerting', { context, key: this.key, subscribers: org.alertSubscribers });
    this.cisMonitoring = new CisMonitoring(this, 'cis', { context, trailLogGroupName: this.trail.logGroupName, alerts: this.alerting });
    this.outputs();
  }

  private outputs(): void {
    const outputs = {
      organization_trail_arn: { description: 'ARN of the organization trail', value: this.trail.trailArn },
      organization_trail_log_group: {
        description: 'CloudWatch Logs group the organization trail streams to (the CIS metric filters read it)',
        value: this.trail.logGroupName,
      },
      cis_alarms_topic_arn: { description: 'ARN of the SNS topic the CIS CloudWatch alarms notify', value: this.alerting.topicArn },
    };
    for (const [name, output] of Object.entries(outputs)) new TerraformOutput(this, name, { ...output, staticId: true });
  }
}
