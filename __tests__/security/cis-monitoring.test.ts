import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { CisMonitoring, CisMonitoringProps } from '../../src/security/cis-monitoring';
import { CIS_MONITORING, CIS_MONITORING_IDS } from '../../src/catalog/cis-monitoring';
import { ACCOUNT, ALERTS_TOPIC_ARN, alertsFixture, PARTITION, synth } from '../helpers/unit';

const TRAIL_LOG_GROUP = '/aws/cloudtrail/govtech-prod';

function synthCis(props: Partial<Omit<CisMonitoringProps, 'context' | 'alerts' | 'trailLogGroupName'>> = {}) {
  return synth(
    (scope, context) =>
      new CisMonitoring(scope, 'cis', { context, trailLogGroupName: TRAIL_LOG_GROUP, alerts: alertsFixture(scope, context), ...props }),
  );
}

describe('CIS 1.4.0 monitoring catalogue', () => {
  test('one row per recommendation 4.1 to 4.15, in order, with distinct Terraform and metric names', () => {
    expect(CIS_MONITORING.map((c) => c.cis)).toEqual([...CIS_MONITORING_IDS]);
    expect(new Set(CIS_MONITORING.map((c) => c.id)).size).toBe(15);
    expect(new Set(CIS_MONITORING.map((c) => c.metricName)).size).toBe(15);
    for (const c of CIS_MONITORING) expect(c.id).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  test('Security Hub checks twelve rows in the CIS 1.4.0 standard: CloudWatch.1 and CloudWatch.4 to .14', () => {
    const mapped = Object.fromEntries(CIS_MONITORING.filter((c) => c.securityHubControl).map((c) => [c.cis, c.securityHubControl]));
    expect(mapped).toEqual({
      '4.3': 'CloudWatch.1',
      ...Object.fromEntries([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14].map((n) => [`4.${n}`, `CloudWatch.${n}`])),
    });
  });

  test('every pattern is a balanced { ... } CloudWatch Logs JSON filter', () => {
    for (const c of CIS_MONITORING) {
      expect(c.filterPattern).toMatch(/^\{.*\}$/);
      const depth = [...c.filterPattern].reduce((d, ch) => (d < 0 ? d : d + (ch === '(' ? 1 : ch === ')' ? -1 : 0)), 0);
      expect(depth).toBe(0);
    }
  });
});

describe('CisMonitoring', () => {
  const s = synthCis();

  test.each(CIS_MONITORING.map((c) => [c.cis, c] as const))(
    '%s: filter on the trail log group with the catalogue pattern, alarm into the topic',
    (_cis, c) => {
      expect(s.resource(CloudwatchLogMetricFilter, c.id)).toEqual({
        name: c.metricName,
        log_group_name: TRAIL_LOG_GROUP,
        pattern: c.filterPattern,
        metric_transformation: { name: c.metricName, namespace: 'govtech/prod/Security', value: '1' },
      });
      const alarm = s.resource(CloudwatchMetricAlarm, c.id);
      expect(alarm).toMatchObject({
        alarm_name: `govtech-prod-${c.id.replace(/_/g, '-')}`,
        metric_name: c.metricName,
        namespace: 'govtech/prod/Security',
        statistic: 'Sum',
        evaluation_periods: 1,
        comparison_operator: 'GreaterThanOrEqualToThreshold',
        treat_missing_data: 'notBreaching',
        alarm_actions: [ALERTS_TOPIC_ARN],
      });
      expect(alarm.alarm_description).toContain(`CIS 1.4.0 ${c.cis}`);
      expect(alarm.depends_on).toEqual([`aws_cloudwatch_log_metric_filter.${c.id}`, 'aws_sns_topic_policy.security_alerts']);
    },
  );

  test.each([
    ['root_account_usage', 1, 60],
    ['unauthorized_api_calls', 5, 300],
    ['iam_policy_changes', 1, 300],
    ['organizations_changes', 1, 300],
  ])('alarm %s fires at %d in %d s', (id, threshold, period) => {
    expect(s.resource(CloudwatchMetricAlarm, id)).toMatchObject({ threshold, period });
  });

  test('CloudWatch alarms of this account may publish to the topic', () => {
    expect(s.condition('security_alerts_topic', 'CloudWatchAlarms', 'aws:SourceArn').values).toEqual([
      `arn:${PARTITION}:cloudwatch:eu-west-2:${ACCOUNT}:alarm:*`,
    ]);
  });

  test('a row turned off has neither filter nor alarm; the others stay', () => {
    const off = synthCis({ off: { '4.15': 'not the Organizations management account' } });
    expect(Object.keys(off.resources(CloudwatchMetricAlarm))).toHaveLength(14);
    expect(off.resources(CloudwatchMetricAlarm).organizations_changes).toBeUndefined();
    expect(off.resources(CloudwatchLogMetricFilter).organizations_changes).toBeUndefined();
    expect(off.resources(CloudwatchMetricAlarm).vpc_changes).toBeDefined();
  });
});
