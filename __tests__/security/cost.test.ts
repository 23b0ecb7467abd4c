import { CeAnomalyMonitor } from '@cdktf/provider-aws/lib/ce-anomaly-monitor';
import { CeAnomalySubscription } from '@cdktf/provider-aws/lib/ce-anomaly-subscription';
import { CostAnomaly, CostAnomalyProps } from '../../src/security/cost';
import { ACCOUNT, ALERTS_TOPIC_ARN, alertsFixture, ref, synth, synthModule } from '../helpers/unit';

const TOPIC_ARN = ALERTS_TOPIC_ARN;
const EMAILS = ['finops@example.gov', 'cfo@example.gov'];

function synthCost(props: Partial<Omit<CostAnomalyProps, 'context'>> & { noAlerts?: boolean } = {}) {
  const { noAlerts, ...rest } = props;
  return synth(
    (scope, context) => new CostAnomaly(scope, 'cost', { context, alerts: noAlerts ? undefined : alertsFixture(scope, context), ...rest }),
  );
}

/** The threshold expression of a subscription alerting at `usd` dollars or more. */
function atLeast(usd: string) {
  return { dimension: { key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE', match_options: ['GREATER_THAN_OR_EQUAL'], values: [usd] } };
}

describe('CostAnomaly', () => {
  const s = synthCost();

  test('aws_ce_anomaly_monitor.govtech watches spend by service', () => {
    expect(s.resource(CeAnomalyMonitor, 'govtech')).toEqual({
      name: 'govtech-prod-service-spend',
      monitor_type: 'DIMENSIONAL',
      monitor_dimension: 'SERVICE',
    });
  });

  test('the SNS subscriber gets IMMEDIATE alerts for anomalies of $50 or more', () => {
    expect(s.resource(CeAnomalySubscription, 'alerts_topic')).toMatchObject({
      frequency: 'IMMEDIATE',
      monitor_arn_list: [ref(CeAnomalyMonitor, 'govtech', 'arn')],
      subscriber: [{ type: 'SNS', address: TOPIC_ARN }],
      threshold_expression: atLeast('50'),
    });
  });

  test.each([
    [undefined, '50'],
    [120, '120'],
    [12.5, '12.5'],
  ])('threshold %s -> values [%s] on every subscription', (thresholdUsd, values) => {
    const subs = Object.values(synthCost({ thresholdUsd, emails: EMAILS }).resources(CeAnomalySubscription));
    expect(subs).toHaveLength(2);
    for (const sub of subs) expect(sub.threshold_expression).toEqual(atLeast(values));
  });

  test.each([
    [undefined, 'DAILY'],
    ['WEEKLY', 'WEEKLY'],
  ] as const)('email frequency %s: the emails get a separate %s digest', (emailFrequency, frequency) => {
    const withEmails = synthCost({ emails: EMAILS, emailFrequency });
    expect(withEmails.resource(CeAnomalySubscription, 'email_digest')).toMatchObject({
      frequency,
      subscriber: EMAILS.map((address) => ({ type: 'EMAIL', address })),
      threshold_expression: atLeast('50'),
    });
    expect(withEmails.resource(CeAnomalySubscription, 'alerts_topic').frequency).toBe('IMMEDIATE');
  });

  test('no emails, no email subscription', () => {
    expect(Object.keys(s.resources(CeAnomalySubscription))).toEqual(['alerts_topic']);
    expect(Object.keys(synthCost({ emails: [] }).resources(CeAnomalySubscription))).toEqual(['alerts_topic']);
  });

  test('no topic, no SNS subscription', () => {
    expect(synthCost({ noAlerts: true }).resources(CeAnomalySubscription)).toEqual({});
  });

  test('Cost Explorer may publish to the topic, for this account, and waits for that policy', () => {
    expect(s.statement('security_alerts_topic', 'CostAnomalyAlerts').principals).toEqual([
      { type: 'Service', identifiers: ['costalerts.amazonaws.com'] },
    ]);
    expect(s.condition('security_alerts_topic', 'CostAnomalyAlerts', 'aws:SourceAccount').values).toEqual([ACCOUNT]);
    expect(s.resource(CeAnomalySubscription, 'alerts_topic').depends_on).toEqual(['aws_sns_topic_policy.security_alerts']);
  });
});

describe('cost alerts in the SecurityModule', () => {
  const { synth: s } = synthModule();

  test('the SNS subscription waits for the topic policy that lets Cost Explorer publish', () => {
    expect(s.resource(CeAnomalySubscription, 'alerts_topic').depends_on).toEqual(['aws_sns_topic_policy.security_alerts']);
  });

  test('no email address is hard-coded anywhere', () => {
    expect(s.raw).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.-]+/);
    expect(s.raw).not.toContain('"EMAIL"');
  });

  test('configured cost emails reach the digest', () => {
    const configured = synthModule({ costAnomaly: { thresholdUsd: 120, emails: ['finops@example.gov'], emailFrequency: 'WEEKLY' } }).synth;
    expect(configured.resource(CeAnomalySubscription, 'email_digest')).toMatchObject({
      frequency: 'WEEKLY',
      subscriber: [{ type: 'EMAIL', address: 'finops@example.gov' }],
      threshold_expression: atLeast('120'),
    });
  });
});
