import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { AlertSubscriber } from '../../src/security/alerting';
import { OrganizationAlerts } from '../../src/security/organization-alerts';
import { EventJson, matches } from '../helpers/event-pattern';
import { decide, renderPolicy } from '../helpers/policy-sim';
import { PARTITION, ref, synth } from '../helpers/unit';

const SECURITY = '444444444444';
const MEMBER = '123456789012';
const HOME = 'us-east-1';
const RULE_ARN = `arn:aws:events:${HOME}:${SECURITY}:rule/govtech-org-guardduty-high`;
const TOPIC_ARN = `arn:aws:sns:${HOME}:${SECURITY}:govtech-security-alerts-organization`;
const SUBSCRIBERS: AlertSubscriber[] = [{ protocol: 'email', endpoint: 'security-team@example.gov' }];

function synthAlerts(subscribers: readonly AlertSubscriber[] = SUBSCRIBERS, unsubscribedReason?: string) {
  return synth((scope, context) => new OrganizationAlerts(scope, 'alerts', { context, subscribers, unsubscribedReason }), {
    environment: 'organization',
    accountId: SECURITY,
    awsRegion: HOME,
  });
}

describe('OrganizationAlerts', () => {
  const s = synthAlerts();

  test('one topic, encrypted with a key of its own (alerts only: used through SNS), and its subscribers', () => {
    expect(s.resource(SnsTopic, 'security_alerts')).toMatchObject({
      name: 'govtech-security-alerts-organization',
      kms_master_key_id: ref(KmsKey, 'govtech_main', 'arn'),
    });
    expect(s.resource(KmsKey, 'govtech_main').description).toBe('govtech organization security alerts: encrypts the alerts topic (SNS)');
    expect(s.condition('kms_key_policy', 'AllowAccountUseThroughServices', 'kms:ViaService').values).toEqual([
      'sns.us-east-1.amazonaws.com',
    ]);
    expect(Object.values(s.resources(SnsTopicSubscription)).map((x) => x.endpoint)).toEqual(['security-team@example.gov']);
  });

  test('the rule targets the topic, once the topic policy lets it publish', () => {
    expect(s.resource(CloudwatchEventRule, 'organization_guardduty_high').name).toBe('govtech-org-guardduty-high');
    expect(s.resource(CloudwatchEventTarget, 'organization_guardduty_high')).toMatchObject({
      rule: ref(CloudwatchEventRule, 'organization_guardduty_high', 'name'),
      arn: ref(SnsTopic, 'security_alerts', 'arn'),
      depends_on: ['aws_sns_topic_policy.security_alerts'],
    });
  });

  test('a topic without subscribers is refused unless a reason says why', () => {
    expect(() => synthAlerts([])).toThrow(/subscribers = \[\]: nobody would receive the organization alerts/);
    expect(
      Object.keys(synthAlerts([], 'A paging service subscribes itself through the topic ARN output').resources(SnsTopicSubscription)),
    ).toEqual([]);
  });

  describe('the topic policy and key policy, evaluated', () => {
    const refs = { 'data.aws_partition.current.partition': 'aws', 'aws_sns_topic.security_alerts.arn': TOPIC_ARN };
    const topicPolicy = renderPolicy(s.data(DataAwsIamPolicyDocument, 'security_alerts_topic').statement, refs);
    const keyPolicy = renderPolicy(s.data(DataAwsIamPolicyDocument, 'kms_key_policy').statement, refs);
    const publish = (sourceArn: string, account = SECURITY, secure = 'true') =>
      decide(topicPolicy, {
        principal: 'events.amazonaws.com',
        action: 'sns:Publish',
        resource: TOPIC_ARN,
        resourceAccount: SECURITY,
        context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': account, 'aws:SecureTransport': secure },
      });

    test('the rule may publish, over TLS', async () => {
      expect(s.condition('security_alerts_topic', 'OrganizationFindingsRule', 'aws:SourceArn')).toEqual({
        test: 'ArnLike',
        values: [`arn:${PARTITION}:events:${HOME}:${SECURITY}:rule/govtech-org-guardduty-high`],
      });
      expect(await publish(RULE_ARN)).toBe('Allowed');
    });

    test('another rule of the account, a rule of a member account, or the rule without TLS may not', async () => {
      expect(await publish(`arn:aws:events:${HOME}:${SECURITY}:rule/some-other-rule`)).toBe('ImplicitlyDenied');
      expect(await publish(`arn:aws:events:${HOME}:${MEMBER}:rule/govtech-org-guardduty-high`, MEMBER)).toBe('ImplicitlyDenied');
      expect(await publish(RULE_ARN, SECURITY, 'false')).toBe('ExplicitlyDenied');
    });

    test('no other service may publish, nor a principal of a member account', async () => {
      for (const principal of ['cloudwatch.amazonaws.com', 'costalerts.amazonaws.com']) {
        expect(
          await decide(topicPolicy, {
            principal,
            action: 'sns:Publish',
            resource: TOPIC_ARN,
            resourceAccount: SECURITY,
            context: { 'aws:SourceAccount': SECURITY, 'aws:SecureTransport': 'true' },
          }),
        ).toBe('ImplicitlyDenied');
      }
      expect(
        await decide(topicPolicy, {
          principal: `arn:aws:iam::${MEMBER}:role/admin`,
          action: 'sns:Publish',
          resource: TOPIC_ARN,
          resourceAccount: SECURITY,
          context: { 'aws:SecureTransport': 'true' },
        }),
      ).toBe('ImplicitlyDenied');
    });

    test('EventBridge may use the key to publish; a member account and direct use by a principal of the account may not', async () => {
      const keyArn = `arn:aws:kms:${HOME}:${SECURITY}:key/k`;
      const use = (principal: string, action: string, context: Record<string, string> = {}) =>
        decide(keyPolicy, { principal, action, resource: keyArn, resourceAccount: SECURITY, context });
      expect(await use('events.amazonaws.com', 'kms:GenerateDataKey')).toBe('Allowed');
      expect(await use('events.amazonaws.com', 'kms:Decrypt')).toBe('Allowed');
      expect(await use(`arn:aws:iam::${MEMBER}:role/admin`, 'kms:Decrypt', { 'kms:CallerAccount': MEMBER })).toBe('ImplicitlyDenied');
      // The account's principals use it only through SNS (ViaService), not to decrypt on their own.
      const analystDecrypts = (context: Record<string, string>) =>
        decide(keyPolicy, {
          principal: `arn:aws:iam::${SECURITY}:role/analyst`,
          action: 'kms:Decrypt',
          resource: keyArn,
          resourceAccount: SECURITY,
          identityPolicy: false,
          context: { 'kms:CallerAccount': SECURITY, ...context },
        });
      expect(await analystDecrypts({})).toBe('ImplicitlyDenied');
      expect(await analystDecrypts({ 'kms:ViaService': `sns.${HOME}.amazonaws.com` })).toBe('Allowed');
    });
  });

  describe("the rule's pattern, evaluated on Security Hub Findings - Imported events in the security account", () => {
    const pattern = () => JSON.parse(s.resource(CloudwatchEventRule, 'organization_guardduty_high').event_pattern);
    interface Finding {
      account?: string;
      region?: string;
      product?: string;
      workflow?: string;
      recordState?: string;
      providerLabel?: string;
      label?: string;
    }
    /** One event as the administrator's home region receives it: a finding of any account and linked region. */
    const imported = (f: Finding = {}): EventJson => {
      const account = f.account ?? MEMBER;
      const region = f.region ?? 'eu-west-1';
      const product = f.product ?? 'GuardDuty';
      const providerLabel = f.providerLabel ?? 'HIGH';
      const productArn = `arn:aws:securityhub:${region}::product/aws/${product.toLowerCase()}`;
      return {
        version: '0',
        id: 'e7a1b2c3-0000-4000-8000-000000000001',
        'detail-type': 'Security Hub Findings - Imported',
        source: 'aws.securityhub',
        account: SECURITY,
        time: '2026-11-29T10:00:00Z',
        region: HOME,
        resources: [`${productArn}/arn:aws:guardduty:${region}:${account}:detector/d/finding/f`],
        detail: {
          findings: [
            {
              SchemaVersion: '2018-10-08',
              Id: `arn:aws:guardduty:${region}:${account}:detector/d/finding/f`,
              ProductArn: productArn,
              ProductName: product,
              Region: region,
              AwsAccountId: account,
              Severity: { Label: f.label ?? providerLabel },
              FindingProviderFields: { Severity: { Label: providerLabel, Original: '8' } },
              Workflow: { Status: f.workflow ?? 'NEW' },
              RecordState: f.recordState ?? 'ACTIVE',
            },
          ],
        },
      };
    };
    const alerts = (f?: Finding) => matches(pattern(), imported(f));

    test('a new, active HIGH or CRITICAL GuardDuty finding of any account, in any region, home included, alerts', () => {
      expect(alerts()).toBe(true);
      expect(alerts({ providerLabel: 'CRITICAL' })).toBe(true);
      expect(alerts({ region: HOME })).toBe(true);
      expect(alerts({ account: SECURITY, region: 'ap-southeast-2' })).toBe(true);
    });

    test('triaged, archived, lower-rated or other products’ findings do not', () => {
      expect(alerts({ workflow: 'NOTIFIED' })).toBe(false);
      expect(alerts({ workflow: 'SUPPRESSED' })).toBe(false);
      expect(alerts({ recordState: 'ARCHIVED' })).toBe(false);
      expect(alerts({ providerLabel: 'MEDIUM', label: 'HIGH' })).toBe(false);
      expect(alerts({ product: 'Inspector' })).toBe(false);
    });
  });
});
