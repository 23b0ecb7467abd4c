/**
 * Alerting that fires: the KMS-encrypted security alerts topic, which only this account's
 * EventBridge rules, CloudWatch alarms and cost anomaly alerts may publish to, and the CIS
 * metric filters on the trail's log group feeding the documented alarms (which the documented
 * module declared with no metric filter behind them and no action).
 */
import { createHash } from 'crypto';
import { Construct } from 'constructs';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { accountRoot, arnOf, resourceNames, SecurityContext } from './context';
import { awsPrincipal, condition, PolicyStatement, policyDocument, servicePrincipal } from './iam';
import { checkNumber, refuse } from './validation';

export interface AlertPublisher {
  readonly sid: string;
  /** Service principal that publishes. */
  readonly service: string;
  /** ARN pattern of the publishing resources in this account; none: the account alone limits it. */
  readonly sourceArn?: (ctx: SecurityContext) => string;
}

/** Who may publish to the alerts topic (and so use the key that encrypts it). */
export const ALERT_PUBLISHERS: readonly AlertPublisher[] = [
  { sid: 'EventBridgeRules', service: 'events.amazonaws.com', sourceArn: (ctx) => arnOf(ctx, 'events', 'rule/*') },
  { sid: 'CloudWatchAlarms', service: 'cloudwatch.amazonaws.com', sourceArn: (ctx) => arnOf(ctx, 'cloudwatch', 'alarm:*') },
  { sid: 'CostAnomalyAlerts', service: 'costalerts.amazonaws.com' },
];

export interface LogMetricAlarm {
  /** Terraform name of the metric filter and of the alarm. */
  readonly id: string;
  readonly metricName: string;
  /** CloudWatch Logs filter pattern over CloudTrail events. */
  readonly filterPattern: string;
  /** Alarm when the count in one period reaches this (a positive number). */
  readonly threshold: number;
  /** Seconds per period: 10, 20, 30 or a multiple of 60, at most seven days (CloudWatch PutMetricAlarm). */
  readonly periodSeconds: number;
  readonly description: string;
}

/** CIS AWS Foundations Benchmark v1.4.0 (the standard Security Hub subscribes to) monitoring controls the module alarms on. */
export const CIS_METRIC_ALARMS: readonly LogMetricAlarm[] = [
  {
    id: 'root_account_usage',
    metricName: 'RootAccountUsage',
    filterPattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    threshold: 1,
    periodSeconds: 60,
    description: 'The root user was used (CIS 1.4.0 4.3 / CloudWatch.1)',
  },
  {
    id: 'unauthorized_api_calls',
    metricName: 'UnauthorizedAPICalls',
    filterPattern: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
    threshold: 5,
    periodSeconds: 300,
    description: '5 or more unauthorized API calls in 5 minutes (CIS 1.4.0 4.1 / CloudWatch.2)',
  },
];

export interface SecurityAlertingProps {
  readonly context: SecurityContext;
  /** ARN of the KMS key that encrypts the topic. */
  readonly kmsKeyArn: string;
  /** Log group of the trail the metric filters read. */
  readonly trailLogGroupName: string;
  /** Email addresses subscribed to the topic (each must confirm). @default [] */
  readonly emails?: readonly string[];
  /** @default CIS_METRIC_ALARMS */
  readonly alarms?: readonly LogMetricAlarm[];
}

export class SecurityAlerting extends Construct {
  readonly topic: SnsTopic;
  readonly topicArn: string;
  readonly topicPolicy: SnsTopicPolicy;
  readonly alarms: Record<string, CloudwatchMetricAlarm> = {};

  constructor(scope: Construct, id: string, props: SecurityAlertingProps) {
    super(scope, id);
    const ctx = props.context;
    const names = resourceNames(ctx);

    this.topic = new SnsTopic(this, 'security_alerts', {
      name: names.alertsTopic,
      displayName: `${ctx.projectName} ${ctx.environment} security alerts`,
      kmsMasterKeyId: props.kmsKeyArn,
    });
    this.topic.overrideLogicalId('security_alerts');
    this.topicArn = this.topic.arn;

    const statements: PolicyStatement[] = [
      {
        sid: 'AccountManagesTopic',
        principals: awsPrincipal(accountRoot(ctx)),
        actions: ['SNS:GetTopicAttributes', 'SNS:SetTopicAttributes', 'SNS:AddPermission', 'SNS:RemovePermission',
          'SNS:DeleteTopic', 'SNS:Subscribe', 'SNS:ListSubscriptionsByTopic', 'SNS:Publish'],
        resources: [this.topic.arn],
      },
      ...ALERT_PUBLISHERS.map((p): PolicyStatement => ({
        sid: p.sid,
        principals: servicePrincipal(p.service),
        actions: ['SNS:Publish'],
        resources: [this.topic.arn],
        condition: [
          condition('StringEquals', 'aws:SourceAccount', ctx.accountId),
          ...(p.sourceArn ? [condition('ArnLike', 'aws:SourceArn', p.sourceArn(ctx))] : []),
        ],
      })),
    ];
    this.topicPolicy = new SnsTopicPolicy(this, 'security_alerts_policy', {
      arn: this.topic.arn,
      policy: policyDocument(this, 'security_alerts_topic', statements).json,
    });
    this.topicPolicy.overrideLogicalId('security_alerts');

    for (const email of new Set((props.emails ?? []).map((e) => e.toLowerCase()))) {
      // Readable, stable across reordering, and distinct for addresses that read alike (a.b@ / a-b@).
      const digest = createHash('sha256').update(email).digest('hex').slice(0, 8);
      const logicalId = `alert_email_${email.replace(/[^a-z0-9]+/g, '_')}_${digest}`;
      new SnsTopicSubscription(this, logicalId, { topicArn: this.topic.arn, protocol: 'email', endpoint: email }).overrideLogicalId(logicalId);
    }

    for (const a of props.alarms ?? CIS_METRIC_ALARMS) {
      checkAlarm(this, a);
      const filter = new CloudwatchLogMetricFilter(this, `${a.id}_filter`, {
        name: a.metricName,
        logGroupName: props.trailLogGroupName,
        pattern: a.filterPattern,
        metricTransformation: { name: a.metricName, namespace: names.metricNamespace, value: '1' },
      });
      filter.overrideLogicalId(a.id);
      const alarm = new CloudwatchMetricAlarm(this, `${a.id}_alarm`, {
        alarmName: `${ctx.projectName}-${ctx.environment}-${a.id.replace(/_/g, '-')}`,
        alarmDescription: a.description,
        namespace: names.metricNamespace,
        metricName: a.metricName,
        statistic: 'Sum',
        period: a.periodSeconds,
        evaluationPeriods: 1,
        threshold: a.threshold,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        // No events in a period means nothing happened, not that the alarm is broken.
        treatMissingData: 'notBreaching',
        alarmActions: [this.topic.arn],
        // The alarm's metric exists only once its filter does.
        dependsOn: [filter, this.topicPolicy],
      });
      alarm.overrideLogicalId(a.id);
      this.alarms[a.id] = alarm;
    }
  }
}

/** CloudWatch accepts periods of 10, 20 or 30 s (high resolution) or a multiple of 60 s. */
export function isAlarmPeriod(seconds: number): boolean {
  return [10, 20, 30].includes(seconds) || (Number.isInteger(seconds) && seconds > 0 && seconds % 60 === 0);
}

/**
 * The alarm as PutMetricAlarm accepts it: a period CloudWatch allows, evaluated over at most
 * seven days (one period here; a day when periods under an hour are added up), and a
 * positive threshold.
 */
function checkAlarm(scope: Construct, a: LogMetricAlarm): void {
  const at = `alarms[${a.id}]`;
  checkNumber(scope, `${at}.periodSeconds`, a.periodSeconds, isAlarmPeriod, 'be 10, 20, 30 or a multiple of 60 seconds (CloudWatch alarm period)');
  checkNumber(scope, `${at}.periodSeconds`, a.periodSeconds, (v) => v <= 604_800, 'be at most 604800 seconds (CloudWatch evaluates an alarm over at most seven days)');
  checkNumber(scope, `${at}.threshold`, a.threshold, (v) => Number.isFinite(v) && v > 0, 'be a positive number of events per period');
  if (!/^[a-z0-9_]+$/.test(a.id)) refuse(scope, `${at}.id = ${JSON.stringify(a.id)}: must be a Terraform name of lowercase letters, digits and underscores.`);
}
