import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { GuarddutyDetector } from '@cdktf/provider-aws/lib/guardduty-detector';
import { GuarddutyDetectorFeature } from '@cdktf/provider-aws/lib/guardduty-detector-feature';
import { GUARDDUTY_FEATURES, GuardDuty, GuardDutyProps } from '../../src/security/guardduty';
import { matches } from '../helpers/event-pattern';
import { ACCOUNT, ALERTS_TOPIC_ARN, alertsFixture, PARTITION, ref, synth } from '../helpers/unit';

const TOPIC_ARN = ALERTS_TOPIC_ARN;

function synthGuardDuty(props: Partial<Omit<GuardDutyProps, 'context'>> & { noAlerts?: boolean } = {}) {
  return synth((scope, context) => {
    const { noAlerts, ...rest } = props;
    new GuardDuty(scope, 'guardduty', { context, alerts: noAlerts ? undefined : alertsFixture(scope, context), ...rest });
  });
}

/** Status of each feature by API name. */
function statuses(s: ReturnType<typeof synthGuardDuty>): Record<string, string> {
  return Object.fromEntries(Object.values(s.resources(GuarddutyDetectorFeature)).map((f) => [f.name, f.status]));
}

const ALWAYS_ON = ['S3_DATA_EVENTS', 'EKS_AUDIT_LOGS', 'EBS_MALWARE_PROTECTION'];
/** Each option and the feature it must turn on, written out here rather than read from GUARDDUTY_FEATURES. */
const OPTION_FEATURES = [
  ['rdsLoginEvents', 'RDS_LOGIN_EVENTS'],
  ['lambdaNetworkLogs', 'LAMBDA_NETWORK_LOGS'],
  ['runtimeMonitoring', 'RUNTIME_MONITORING'],
] as const;

describe('GuardDuty', () => {
  const s = synthGuardDuty();

  test('aws_guardduty_detector.main is enabled, publishes every 15 minutes, without the deprecated datasources block', () => {
    const detector = s.resource(GuarddutyDetector, 'main');
    expect(detector).toMatchObject({ enable: true, finding_publishing_frequency: 'FIFTEEN_MINUTES' });
    expect(detector).not.toHaveProperty('datasources');
  });

  test('one aws_guardduty_detector_feature per GUARDDUTY_FEATURES entry, on the detector', () => {
    const features = s.resources(GuarddutyDetectorFeature);
    expect(Object.keys(features).sort()).toEqual(GUARDDUTY_FEATURES.map((f) => f.resourceName).sort());
    for (const spec of GUARDDUTY_FEATURES) {
      expect(features[spec.resourceName]).toMatchObject({ name: spec.name, detector_id: ref(GuarddutyDetector, 'main', 'id') });
    }
  });

  test('by default the documented protections are ENABLED and the optional ones DISABLED', () => {
    expect(statuses(s)).toEqual({
      S3_DATA_EVENTS: 'ENABLED',
      EKS_AUDIT_LOGS: 'ENABLED',
      EBS_MALWARE_PROTECTION: 'ENABLED',
      RDS_LOGIN_EVENTS: 'DISABLED',
      LAMBDA_NETWORK_LOGS: 'DISABLED',
      RUNTIME_MONITORING: 'DISABLED',
    });
    expect(s.resource(GuarddutyDetectorFeature, 'runtime_monitoring').additional_configuration).toEqual([
      { name: 'EKS_ADDON_MANAGEMENT', status: 'DISABLED' },
      // The order GuardDuty returns them in and the provider reads them back in (EKS, EC2, ECS).
      { name: 'EC2_AGENT_MANAGEMENT', status: 'DISABLED' },
      { name: 'ECS_FARGATE_AGENT_MANAGEMENT', status: 'DISABLED' },
    ]);
  });

  test('every option of GUARDDUTY_FEATURES is in the table below', () => {
    expect(GUARDDUTY_FEATURES.flatMap((f) => (f.option ? [f.option] : [])).sort()).toEqual(
      OPTION_FEATURES.map(([option]) => option).sort(),
    );
  });

  test.each(OPTION_FEATURES)('%s: true enables %s and only it', (option, name) => {
    const expected = Object.fromEntries(
      [...ALWAYS_ON, ...OPTION_FEATURES.map(([, f]) => f)].map((f) => [f, ALWAYS_ON.includes(f) || f === name ? 'ENABLED' : 'DISABLED']),
    );
    expect(statuses(synthGuardDuty({ [option]: true }))).toEqual(expected);
  });

  test('runtime monitoring enables its agent management with it', () => {
    const runtime = synthGuardDuty({ runtimeMonitoring: true }).resource(GuarddutyDetectorFeature, 'runtime_monitoring');
    expect(runtime.additional_configuration).toHaveLength(3);
    expect(runtime.additional_configuration.every((c: { status: string }) => c.status === 'ENABLED')).toBe(true);
  });

  test('EventBridge rule guardduty_high matches GuardDuty findings of severity 7.0 and above (High starts at 7.0)', () => {
    const rule = s.resource(CloudwatchEventRule, 'guardduty_high');
    expect(rule.name).toBe('govtech-prod-guardduty-high-severity');
    expect(JSON.parse(rule.event_pattern)).toEqual({
      source: ['aws.guardduty'],
      'detail-type': ['GuardDuty Finding'],
      detail: { severity: [{ numeric: ['>=', 7] }] },
    });
    // Evaluated on GuardDuty Finding events: High starts at 7.0, Critical at 9.0.
    const finding = (severity: number) => ({ source: 'aws.guardduty', 'detail-type': 'GuardDuty Finding', detail: { severity } });
    const pattern = JSON.parse(rule.event_pattern);
    expect([6.9, 7, 8.9, 9, 10].map((sev) => [sev, matches(pattern, finding(sev))])).toEqual([
      [6.9, false],
      [7, true],
      [8.9, true],
      [9, true],
      [10, true],
    ]);
  });

  test('target sns sends the matched findings to the topic', () => {
    expect(s.resource(CloudwatchEventTarget, 'sns')).toEqual({
      rule: ref(CloudwatchEventRule, 'guardduty_high', 'name'),
      target_id: 'SendToSNS',
      arn: TOPIC_ARN,
    });
  });

  test('EventBridge rules of this account may publish to the topic (granted by GuardDuty)', () => {
    expect(s.statement('security_alerts_topic', 'EventBridgeRules')).toMatchObject({
      principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
      actions: ['SNS:Publish'],
    });
    expect(s.condition('security_alerts_topic', 'EventBridgeRules', 'aws:SourceArn').values).toEqual([
      `arn:${PARTITION}:events:eu-west-2:${ACCOUNT}:rule/*`,
    ]);
    expect(s.statement('kms_key_policy', 'AllowAlertPublishersToUseEncryptedTopic').principals).toEqual([
      { type: 'Service', identifiers: ['events.amazonaws.com'] },
    ]);
  });

  test('no topic, no rule and no target', () => {
    const none = synthGuardDuty({ noAlerts: true });
    expect(none.resources(CloudwatchEventRule)).toEqual({});
    expect(none.resources(CloudwatchEventTarget)).toEqual({});
    expect(none.raw).toHaveResource(GuarddutyDetector);
  });
});
