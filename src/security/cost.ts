/**
 * Cost anomaly detection: the SERVICE monitor (`aws_ce_anomaly_monitor.govtech`) and
 * subscriptions alerting on anomalies whose absolute impact reaches a threshold ($50).
 * Cost Explorer sends SNS alerts only IMMEDIATE and email only as a DAILY or WEEKLY digest,
 * so each kind of subscriber gets a subscription of its own.
 */
import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { CeAnomalyMonitor } from '@cdktf/provider-aws/lib/ce-anomaly-monitor';
import { CeAnomalySubscription } from '@cdktf/provider-aws/lib/ce-anomaly-subscription';
import { AlertPublisher, IAlertsTopic } from './alerting';
import { importExisting } from './adopt';
import { SecurityContext } from './context';
import { resourceNames } from '../catalog/resource-names';
import { checkNumber } from './validation';

/** Cost Explorer's anomaly alerts publish to the alerts topic (the service names no source ARN). */
export const COST_ANOMALY_PUBLISHER: AlertPublisher = { sid: 'CostAnomalyAlerts', service: 'costalerts.amazonaws.com' };

export interface CostAnomalyProps {
  readonly context: SecurityContext;
  /** Alert on anomalies of at least this total impact in US dollars. @default 50 */
  readonly thresholdUsd?: number;
  /** SNS topic for immediate alerts (granted publishing); none: no SNS subscription. */
  readonly alerts?: IAlertsTopic;
  /** Addresses for the email digest; empty: no email subscription. @default [] */
  readonly emails?: readonly string[];
  /** @default 'DAILY' */
  readonly emailFrequency?: 'DAILY' | 'WEEKLY';
  /**
   * The account's existing SERVICE monitor (`aws ce get-anomaly-monitors`): imported by its ARN,
   * since AWS allows one DIMENSIONAL SERVICE monitor per account ("Limit exceeded on dimensional
   * spend monitor creation"). It takes the module's name in place (hashicorp/aws updates `name`;
   * the type and dimension are ForceNew and match).
   * @default none: created
   */
  readonly existingMonitorArn?: string;
}

export class CostAnomaly extends Construct {
  readonly monitor: CeAnomalyMonitor;
  readonly monitorArn: string;
  readonly subscriptions: CeAnomalySubscription[] = [];

  constructor(scope: Construct, id: string, props: CostAnomalyProps) {
    super(scope, id);
    checkNumber(this, 'thresholdUsd', props.thresholdUsd, (v) => Number.isFinite(v) && v > 0, 'be a positive number of US dollars');
    const names = resourceNames(props.context);
    this.monitor = new CeAnomalyMonitor(this, 'govtech', {
      name: names.costMonitor,
      monitorType: 'DIMENSIONAL',
      monitorDimension: 'SERVICE',
    });
    this.monitor.overrideLogicalId('govtech');
    importExisting(this.monitor, props.existingMonitorArn);
    this.monitorArn = this.monitor.arn;

    const threshold = String(props.thresholdUsd ?? 50);
    const subscribe = (
      logicalId: string,
      frequency: string,
      subscriber: { type: string; address: string }[],
      dependsOn?: ITerraformDependable[],
    ) => {
      const s = new CeAnomalySubscription(this, logicalId, {
        name: `${names.costAlerts}-${frequency.toLowerCase()}`,
        frequency,
        monitorArnList: [this.monitor.arn],
        subscriber,
        thresholdExpression: {
          dimension: { key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE', matchOptions: ['GREATER_THAN_OR_EQUAL'], values: [threshold] },
        },
        dependsOn,
      });
      s.overrideLogicalId(logicalId);
      this.subscriptions.push(s);
    };
    if (props.alerts !== undefined) {
      props.alerts.grantPublish(COST_ANOMALY_PUBLISHER);
      // Cost Explorer checks that it may publish when the subscription is created.
      subscribe('alerts_topic', 'IMMEDIATE', [{ type: 'SNS', address: props.alerts.topicArn }], [props.alerts.topicPolicy]);
    }
    const emails = props.emails ?? [];
    if (emails.length > 0) {
      subscribe(
        'email_digest',
        props.emailFrequency ?? 'DAILY',
        emails.map((address) => ({ type: 'EMAIL', address })),
      );
    }
  }
}
