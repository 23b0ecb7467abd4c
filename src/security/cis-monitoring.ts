/**
 * CIS AWS Foundations Benchmark 1.4.0 section 4 ("Monitoring"): a metric filter on the trail's log group and an alarm
 * into the alerts topic for each recommendation. Security Hub checks twelve (CloudWatch.1, .4 to .14): the pattern
 * exactly the published one ("additional fields or terms cannot be added"), the trail multi-region, the topic subscribed.
 */
import { Construct } from 'constructs';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { arnOf, SecurityContext } from './context';
import { resourceNames } from '../catalog/resource-names';
import { AlertPublisher, IAlertsTopic } from './alerting';
import { checkNumber, refuse } from './validation';
import { CIS_MONITORING, CisMonitoringControl, CisMonitoringId } from '../catalog/cis-monitoring';

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
