import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { AlertPublisher, AlertSubscriber, SecurityAlerting, subscriptionLogicalId } from '../../src/security/alerting';
import { CLOUDWATCH_ALARMS_PUBLISHER } from '../../src/security/cis-monitoring';
import { COST_ANOMALY_PUBLISHER } from '../../src/security/cost';
import { EVENTBRIDGE_RULES_PUBLISHER } from '../../src/security/guardduty';
import { SecurityKey } from '../../src/security/kms';
import { decide, renderPolicy } from '../helpers/policy-sim';
import { ACCOUNT, PARTITION, policyJson, ref, REGION, synth } from '../helpers/unit';

const TOPIC_ARN = ref(SnsTopic, 'security_alerts', 'arn');
const DOC = 'security_alerts_topic';
const PUBLISHERS: AlertPublisher[] = [EVENTBRIDGE_RULES_PUBLISHER, CLOUDWATCH_ALARMS_PUBLISHER, COST_ANOMALY_PUBLISHER];

function synthAlerting(subscribers?: AlertSubscriber[], publishers: AlertPublisher[] = PUBLISHERS) {
  return synth((scope, context) => {
    const alerting = new SecurityAlerting(scope, 'alerting', { context, key: new SecurityKey(scope, 'kms', { context }), subscribers });
    publishers.forEach((p) => alerting.grantPublish(p));
  });
}

const email = (endpoint: string): AlertSubscriber => ({ protocol: 'email', endpoint });

describe('SecurityAlerting', () => {
  const s = synthAlerting();

  test('topic <project>-security-alerts-<env>, encrypted with the module key', () => {
    expect(s.resource(SnsTopic, 'security_alerts')).toMatchObject({
      name: 'govtech-security-alerts-prod',
      kms_master_key_id: ref(KmsKey, 'govtech_main', 'arn'),
    });
  });

  test('the topic policy is the policy document; the TLS-only deny comes last', () => {
    expect(s.resource(SnsTopicPolicy, 'security_alerts')).toEqual({ arn: TOPIC_ARN, policy: policyJson(DOC) });
    const sids = (s.data(DataAwsIamPolicyDocument, DOC).statement as { sid: string }[]).map((x) => x.sid);
    expect(sids).toEqual(['AccountManagesTopic', 'EventBridgeRules', 'CloudWatchAlarms', 'CostAnomalyAlerts', 'DenyInsecureTransport']);
  });

  test.each([
    ['EventBridgeRules', 'events.amazonaws.com', `arn:${PARTITION}:events:eu-west-2:${ACCOUNT}:rule/*`],
    ['CloudWatchAlarms', 'cloudwatch.amazonaws.com', `arn:${PARTITION}:cloudwatch:eu-west-2:${ACCOUNT}:alarm:*`],
    ['CostAnomalyAlerts', 'costalerts.amazonaws.com', undefined],
  ])('grantPublish %s: %s may publish, from this account only', (sid, service, sourceArn) => {
    expect(s.statement(DOC, sid)).toMatchObject({
      principals: [{ type: 'Service', identifiers: [service] }],
      actions: ['SNS:Publish'],
      resources: [TOPIC_ARN],
    });
    expect(s.condition(DOC, sid, 'aws:SourceAccount')).toEqual({ test: 'StringEquals', values: [ACCOUNT] });
    if (sourceArn) expect(s.condition(DOC, sid, 'aws:SourceArn')).toEqual({ test: 'ArnLike', values: [sourceArn] });
  });

  test('grantPublish also lets the publishers use the key that encrypts the topic, in one statement', () => {
    expect(s.statement('kms_key_policy', 'AllowAlertPublishersToUseEncryptedTopic')).toMatchObject({
      principals: [{ type: 'Service', identifiers: ['events.amazonaws.com', 'cloudwatch.amazonaws.com', 'costalerts.amazonaws.com'] }],
      actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
    });
    expect(() => synthAlerting(undefined, []).statement('kms_key_policy', 'AllowAlertPublishersToUseEncryptedTopic')).toThrow(
      /no statement/,
    );
  });

  describe('the policies evaluated', () => {
    const topicArn = `arn:aws:sns:${REGION}:${ACCOUNT}:govtech-security-alerts-prod`;
    const topicPolicy = renderPolicy(s.data(DataAwsIamPolicyDocument, DOC).statement, {
      'data.aws_partition.current.partition': 'aws',
      'aws_sns_topic.security_alerts.arn': topicArn,
    });
    const keyPolicy = renderPolicy(s.data(DataAwsIamPolicyDocument, 'kms_key_policy').statement, {
      'data.aws_partition.current.partition': 'aws',
    });
    const sources: Record<string, string | undefined> = {
      'events.amazonaws.com': `arn:aws:events:${REGION}:${ACCOUNT}:rule/govtech-prod-guardduty-high-severity`,
      'cloudwatch.amazonaws.com': `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:govtech-prod-root-account-usage`,
      'costalerts.amazonaws.com': undefined,
    };
    const publish = (service: string, account: string, secure = 'true', sourceArn = sources[service]) =>
      decide(topicPolicy, {
        principal: service,
        action: 'sns:Publish',
        resource: topicArn,
        resourceAccount: ACCOUNT,
        context: { 'aws:SourceAccount': account, 'aws:SecureTransport': secure, ...(sourceArn ? { 'aws:SourceArn': sourceArn } : {}) },
      });

    test.each(Object.keys(sources))('%s may publish over TLS from this account and use the key', async (service) => {
      expect(await publish(service, ACCOUNT)).toBe('Allowed');
      for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
        expect(
          await decide(keyPolicy, {
            principal: service,
            action,
            resource: `arn:aws:kms:${REGION}:${ACCOUNT}:key/k`,
            resourceAccount: ACCOUNT,
          }),
        ).toBe('Allowed');
      }
    });

    test.each(Object.keys(sources))('%s may not publish without TLS, nor on behalf of another account', async (service) => {
      expect(await publish(service, ACCOUNT, 'false')).toBe('ExplicitlyDenied');
      const otherSource = sources[service]?.replace(ACCOUNT, '999999999999');
      expect(await publish(service, '999999999999', 'true', otherSource)).toBe('ImplicitlyDenied');
    });

    test('an EventBridge rule of another account, or an alarm posing as a rule, may not publish', async () => {
      expect(await publish('events.amazonaws.com', ACCOUNT, 'true', `arn:aws:events:${REGION}:999999999999:rule/x`)).toBe(
        'ImplicitlyDenied',
      );
      expect(await publish('events.amazonaws.com', ACCOUNT, 'true', `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:x`)).toBe(
        'ImplicitlyDenied',
      );
    });

    test('a principal of another account may not publish; one of this account may, but only over TLS', async () => {
      const req = (principal: string, secure: string) => ({
        principal,
        action: 'sns:Publish',
        resource: topicArn,
        resourceAccount: ACCOUNT,
        context: { 'aws:SecureTransport': secure },
      });
      expect(await decide(topicPolicy, req('arn:aws:iam::999999999999:role/intruder', 'true'))).toBe('ImplicitlyDenied');
      expect(await decide(topicPolicy, req(`arn:aws:iam::${ACCOUNT}:role/ops`, 'true'))).toBe('Allowed');
      expect(await decide(topicPolicy, req(`arn:aws:iam::${ACCOUNT}:role/ops`, 'false'))).toBe('ExplicitlyDenied');
    });
  });

  test('no subscribers, no subscriptions', () => {
    expect(s.resources(SnsTopicSubscription)).toEqual({});
  });

  test('email addresses that read alike get distinct subscriptions; a repeated one gets one', () => {
    const subs = Object.values(
      synthAlerting(['a.b@example.gov', 'a-b@example.gov', 'A.B@example.gov'].map(email)).resources(SnsTopicSubscription),
    );
    expect(subs.map((x) => x.endpoint).sort()).toEqual(['a-b@example.gov', 'a.b@example.gov']);
  });

  test('email subscriptions keep the addresses they had (alert_email_<address>_<digest>)', () => {
    expect(subscriptionLogicalId('email', 'secops@example.gov')).toMatch(/^alert_email_secops_example_gov_[0-9a-f]{8}$/);
  });

  test('each subscriber of each kind is subscribed to the topic with its protocol', () => {
    const subscribers: AlertSubscriber[] = [
      email('secops@example.gov'),
      { protocol: 'sqs', endpoint: 'arn:aws:sqs:us-east-1:123456789012:security-alerts' },
      { protocol: 'lambda', endpoint: 'arn:aws:lambda:us-east-1:123456789012:function:page-oncall' },
      { protocol: 'https', endpoint: 'https://hooks.example.gov/security' },
    ];
    const subs = synthAlerting(subscribers).resources(SnsTopicSubscription);
    expect(Object.values(subs)).toEqual(
      expect.arrayContaining(subscribers.map((x) => ({ topic_arn: TOPIC_ARN, protocol: x.protocol, endpoint: x.endpoint }))),
    );
    expect(Object.keys(subs).sort()).toEqual([
      expect.stringMatching(/^alert_email_secops_example_gov_[0-9a-f]{8}$/),
      expect.stringMatching(/^alert_https_hooks_example_gov_security_[0-9a-f]{8}$/),
      expect.stringMatching(/^alert_lambda_page_oncall_[0-9a-f]{8}$/),
      expect.stringMatching(/^alert_sqs_security_alerts_[0-9a-f]{8}$/),
    ]);
  });
});
