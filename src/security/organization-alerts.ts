/**
 * The organization's security alerts, in the security account's home region: one topic, encrypted
 * with a key of this stack, fed by one EventBridge rule on the findings Security Hub aggregates
 * there from every account and every linked region (GuardDuty's, rated HIGH or CRITICAL, active
 * and untriaged: guardDutyFindingsPattern).
 *
 * Why the aggregated findings: "For administrator accounts, the event feed in EventBridge includes
 * events for findings from both their account and from their member accounts. In an aggregation
 * Region, the event feed includes events for findings from the aggregation Region and the linked
 * Regions" (Security Hub user guide, "Types of Security Hub integration with EventBridge"). So one
 * rule here alerts on every account and region, with no rule, role or topic in any member; an
 * account that joins the organization alerts from the moment central configuration enrolls it.
 *
 * The topic policy (SecurityAlerting) lets only this rule publish among services (events.amazonaws.com
 * with aws:SourceAccount this account and aws:SourceArn this rule's ARN), and denies publishing
 * without TLS; principals of the security account keep what their IAM policies allow, as on every
 * topic of the project.
 */
import { Construct } from 'constructs';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { AlertPublisher, AlertSubscriber, SecurityAlerting } from './alerting';
import { arnOf, SecurityContext } from './context';
import { SecurityKey } from './kms';
import { guardDutyFindingsPattern } from './securityhub';
import { refuse } from './validation';

/** The names of the organization's alerting resources. */
export function organizationAlertNames(projectName: string) {
  return {
    /** EventBridge rule names are at most 64 characters. */
    rule: `${projectName}-org-guardduty-high`,
    keyDescription: `${projectName} organization security alerts: encrypts the alerts topic (SNS)`,
  };
}

export interface OrganizationAlertsProps {
  /** The security account in the home region (`environment` names the topic and key alias). */
  readonly context: SecurityContext;
  /** Who receives the alerts: at least one, unless `unsubscribedReason` says why none. */
  readonly subscribers: readonly AlertSubscriber[];
  /** Why the topic may have no subscriber. @default none: a subscriber is required */
  readonly unsubscribedReason?: string;
}

export class OrganizationAlerts extends Construct {
  readonly key: SecurityKey;
  readonly alerting: SecurityAlerting;
  readonly rule: CloudwatchEventRule;
  /** The rule's ARN as the topic policy names it (known at plan). */
  readonly ruleArn: string;
  readonly topicArn: string;

  constructor(scope: Construct, id: string, props: OrganizationAlertsProps) {
    super(scope, id);
    if (props.subscribers.length === 0 && props.unsubscribedReason === undefined) {
      refuse(
        this,
        'subscribers = []: nobody would receive the organization alerts. Add alertEmails or alertSubscribers, or say why none in alertsUnsubscribedReason.',
      );
    }
    const ctx = props.context;
    const names = organizationAlertNames(ctx.projectName);
    // Only SNS uses this key on behalf of the account's principals (publishing and reading the topic).
    this.key = new SecurityKey(this, 'kms', { context: ctx, consumerServices: ['sns'], description: names.keyDescription });
    this.alerting = new SecurityAlerting(this, 'alerting', { context: ctx, key: this.key, subscribers: props.subscribers });
    this.topicArn = this.alerting.topicArn;

    this.rule = new CloudwatchEventRule(this, 'rule', {
      name: names.rule,
      description:
        'Untriaged (workflow NEW) GuardDuty findings rated HIGH or CRITICAL, of every account of the organization and every covered region, as Security Hub aggregates them',
      eventPattern: JSON.stringify(guardDutyFindingsPattern()),
    });
    this.rule.overrideLogicalId('organization_guardduty_high');
    this.ruleArn = arnOf(ctx, 'events', `rule/${names.rule}`);
    const publisher: AlertPublisher = {
      sid: 'OrganizationFindingsRule',
      service: 'events.amazonaws.com',
      sourceArn: () => this.ruleArn,
    };
    this.alerting.grantPublish(publisher);

    const target = new CloudwatchEventTarget(this, 'target', {
      rule: this.rule.name,
      targetId: 'SendToSNS',
      arn: this.topicArn,
      // The first publish must find the rule allowed.
      dependsOn: [this.alerting.topicPolicy],
    });
    target.overrideLogicalId('organization_guardduty_high');
  }
}
