/**
 * `org-security`: the security account's stack in the home region, the delegated administrator's
 * view of the whole organization. GuardDuty's detector and organization configuration (every
 * member enrolled, with the configured plans), Security Hub's central configuration (aggregator,
 * CENTRAL, one configuration policy associated with the root), the AWS Config organization
 * aggregator, an ORGANIZATION access analyzer, and the alerts topic fed by the aggregated findings.
 * It deploys after the management stacks, which register this account as each service's
 * delegated administrator; the other covered regions' GuardDuty is in `org-security-<region>`.
 */
import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { ORGANIZATION_ENVIRONMENT, OrganizationPlan } from '../config/organization-plan';
import { OrganizationConfigAggregator } from '../security/config-aggregator';
import { GuardDutyOrganization } from '../security/guardduty-organization';
import { OrganizationAccessAnalyzer } from '../security/organization-access-analyzer';
import { OrganizationAlerts } from '../security/organization-alerts';
import { SecurityHubCentral } from '../security/securityhub-central';
import { organizationAccountContext } from './organization-account';

export interface OrgSecurityStackProps {
  readonly org: OrganizationPlan;
}

export class OrgSecurityStack extends TerraformStack {
  readonly guardDuty: GuardDutyOrganization;
  readonly securityHub: SecurityHubCentral;
  readonly configAggregator: OrganizationConfigAggregator;
  readonly accessAnalyzer: OrganizationAccessAnalyzer;
  readonly alerts: OrganizationAlerts;

  constructor(scope: Construct, id: string, props: OrgSecurityStackProps) {
    super(scope, id);
    const { org } = props;
    const home = org.awsRegion;
    const context = organizationAccountContext(this, {
      org,
      account: org.security,
      stackName: org.security.stack,
      region: home,
      environment: ORGANIZATION_ENVIRONMENT,
    });
    const name = `${org.projectName}-organization`;

    this.guardDuty = new GuardDutyOrganization(this, 'guardduty', { context, guardDuty: org.guardDuty });
    this.securityHub = new SecurityHubCentral(this, 'securityhub', {
      context,
      linkedRegions: org.regions.filter((r) => r !== home),
      targetId: org.rootId,
      policyName: name,
      standards: org.securityHubStandards,
      disabledControls: org.securityHubDisabledControls,
    });
    this.configAggregator = new OrganizationConfigAggregator(this, 'config', { context, name, regions: org.regions });
    this.accessAnalyzer = new OrganizationAccessAnalyzer(this, 'access_analyzer', { analyzerName: name });
    this.alerts = new OrganizationAlerts(this, 'alerts', {
      context,
      subscribers: org.alertSubscribers,
      unsubscribedReason: org.alertsUnsubscribedReason,
    });
    this.outputs();
  }

  private outputs(): void {
    const outputs: Record<string, { value: string; description: string }> = {
      guardduty_detector_id: {
        value: this.guardDuty.detectorId,
        description: `GuardDuty detector ID of the delegated administrator in the home region (the organization configuration's)`,
      },
      securityhub_configuration_policy_id: {
        value: this.securityHub.policy.id,
        description: 'ID of the Security Hub configuration policy associated with the organization root',
      },
      config_aggregator_arn: { value: this.configAggregator.aggregatorArn, description: 'ARN of the AWS Config organization aggregator' },
      access_analyzer_arn: { value: this.accessAnalyzer.analyzerArn, description: 'ARN of the ORGANIZATION IAM Access Analyzer' },
      security_alerts_topic_arn: {
        value: this.alerts.topicArn,
        description: "ARN of the organization's security alerts SNS topic, for tools that subscribe themselves",
      },
    };
    for (const [outputName, o] of Object.entries(outputs)) {
      new TerraformOutput(this, outputName, { ...o, staticId: true });
    }
  }
}
