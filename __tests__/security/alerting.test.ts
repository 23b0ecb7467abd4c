import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { SecurityAlerting } from '../../src/security/alerting';
import { ACCOUNT, PARTITION, policyJson, ref, synth } from '../helpers/unit';

const KEY_ARN = 'arn:aws:kms:eu-west-2:123456789012:key/test-key';
const TRAIL_LOG_GROUP = '/aws/cloudtrail/govtech-prod';
const TOPIC_ARN = ref(SnsTopic, 'security_alerts', 'arn');
const DOC = 'security_alerts_topic';

function synthAlerting(emails?: string[]) {
  return synth((scope, context) => new SecurityAlerting(scope, 'alerting', { context, kmsKeyArn: KEY_ARN, trailLogGroupName: TRAIL_LOG_GROUP, emails }));
}

describe('SecurityAlerting', () => {
  const s = synthAlerting();

  test('topic <project>-security-alerts-<env>, KMS-encrypted', () => {
    expect(s.resource(SnsTopic, 'security_alerts')).toMatchObject({ name: 'govtech-security-alerts-prod', kms_master_key_id: KEY_ARN });
  });

  test('the topic policy is the policy document', () => {
    expect(s.resource(SnsTopicPolicy, 'security_alerts')).toEqual({ arn: TOPIC_ARN, policy: policyJson(DOC) });
  });

  test.each([
    ['EventBridgeRules', 'events.amazonaws.com', `arn:${PARTITION}:events:eu-west-2:${ACCOUNT}:rule/*`],
    ['CloudWatchAlarms', 'cloudwatch.amazonaws.com', `arn:${PARTITION}:cloudwatch:eu-west-2:${ACCOUNT}:alarm:*`],
    ['CostAnomalyAlerts', 'costalerts.amazonaws.com', undefined],
  ])('%s: %s may publish, from this account only', (sid, service, sourceArn) => {
    expect(s.statement(DOC, sid)).toMatchObject({
      principals: [{ type: 'Service', identifiers: [service] }],
      actions: ['SNS:Publish'],
      resources: [TOPIC_ARN],
    });
    expect(s.condition(DOC, sid, 'aws:SourceAccount')).toEqual({ test: 'StringEquals', values: [ACCOUNT] });
    if (sourceArn) expect(s.condition(DOC, sid, 'aws:SourceArn')).toEqual({ test: 'ArnLike', values: [sourceArn] });
  });

  test.each([
    ['root_account_usage', 'RootAccountUsage', '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }'],
    ['unauthorized_api_calls', 'UnauthorizedAPICalls', '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }'],
  ])('metric filter %s counts %s in the trail log group', (id, metricName, pattern) => {
    expect(s.resource(CloudwatchLogMetricFilter, id)).toEqual({
      name: metricName,
      log_group_name: TRAIL_LOG_GROUP,
      pattern,
      metric_transformation: { name: metricName, namespace: 'govtech/prod/Security', value: '1' },
    });
  });

  test.each([
    ['root_account_usage', 1, 60],
    ['unauthorized_api_calls', 5, 300],
  ])('alarm %s fires at %d in %d s, on its filter metric, to the topic', (id, threshold, period) => {
    const alarm = s.resource(CloudwatchMetricAlarm, id);
    const metric = s.resource(CloudwatchLogMetricFilter, id).metric_transformation;
    expect(alarm).toMatchObject({
      threshold,
      period,
      evaluation_periods: 1,
      statistic: 'Sum',
      comparison_operator: 'GreaterThanOrEqualToThreshold',
      alarm_actions: [TOPIC_ARN],
      metric_name: metric.name,
      namespace: metric.namespace,
    });
    expect(alarm.depends_on).toContain(`aws_cloudwatch_log_metric_filter.${id}`);
  });

  test('no emails, no subscriptions', () => {
    expect(s.resources(SnsTopicSubscription)).toEqual({});
  });

  test('addresses that read alike get distinct subscriptions; a repeated one gets one', () => {
    const subs = Object.values(synthAlerting(['a.b@example.gov', 'a-b@example.gov', 'A.B@example.gov']).resources(SnsTopicSubscription));
    expect(subs.map((x) => x.endpoint).sort()).toEqual(['a-b@example.gov', 'a.b@example.gov']);
  });

  test('each configured email is subscribed to the topic', () => {
    const emails = ['secops@example.gov', 'oncall@example.gov'];
    const subs = Object.values(synthAlerting(emails).resources(SnsTopicSubscription));
    expect(subs).toEqual(expect.arrayContaining(emails.map((endpoint) => ({ topic_arn: TOPIC_ARN, protocol: 'email', endpoint }))));
    expect(subs).toHaveLength(2);
  });
});
