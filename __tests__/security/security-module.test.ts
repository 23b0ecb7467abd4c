import { DefaultTokenResolver, StringConcat, TerraformStack, TerraformVariable, Tokenization } from 'cdktf';
import { CeAnomalyMonitor } from '@cdktf/provider-aws/lib/ce-anomaly-monitor';
import { CeAnomalySubscription } from '@cdktf/provider-aws/lib/ce-anomaly-subscription';
import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { GuarddutyDetector } from '@cdktf/provider-aws/lib/guardduty-detector';
import { GuarddutyDetectorFeature } from '@cdktf/provider-aws/lib/guardduty-detector-feature';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecurityhubAccount } from '@cdktf/provider-aws/lib/securityhub-account';
import { SecurityhubFindingAggregator } from '@cdktf/provider-aws/lib/securityhub-finding-aggregator';
import { SecurityhubStandardsSubscription } from '@cdktf/provider-aws/lib/securityhub-standards-subscription';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SecurityModule } from '../../src/security/security-module';
import { DOCUMENTED_ADDRESSES } from '../helpers/documented';
import { ACCOUNT, PARTITION, synthModule, TerraformType } from '../helpers/unit';

const SHARED = { guardDutyDetectorId: 'd0c0ffee0000dev', costMonitorArn: 'arn:aws:ce::123456789012:anomalymonitor/dev-owned' };
/** What only the owner of the account's services creates. */
const ACCOUNT_SERVICE_TYPES: TerraformType[] = [
  GuarddutyDetector,
  GuarddutyDetectorFeature,
  CloudwatchEventRule,
  SecurityhubAccount,
  SecurityhubStandardsSubscription,
  SecurityhubFindingAggregator,
  CeAnomalyMonitor,
  CeAnomalySubscription,
];

/** A module attribute as the Terraform expression it synthesizes to. */
function resolved(module: SecurityModule, value: string): unknown {
  // What synth renders the token as, through cdktf's public Token API.
  return Tokenization.resolve(value, { scope: TerraformStack.of(module), resolver: new DefaultTokenResolver(new StringConcat()) });
}

describe('SecurityModule', () => {
  const { synth: s, module } = synthModule();

  test.each(DOCUMENTED_ADDRESSES)('creates the documented %s', (address) => {
    expect(s.addresses()).toContain(address);
  });

  test.each([
    ['kmsKeyId', '${aws_kms_key.govtech_main.key_id}'],
    ['kmsKeyArn', '${aws_kms_key.govtech_main.arn}'],
    ['guardDutyDetectorId', '${aws_guardduty_detector.main.id}'],
    ['wafWebAclArn', '${aws_wafv2_web_acl.govtech.arn}'],
    ['cloudTrailArn', '${aws_cloudtrail.govtech_audit.arn}'],
    ['dbSecretArn', '${aws_secretsmanager_secret.db_credentials.arn}'],
    ['jwtSecretArn', '${aws_secretsmanager_secret.jwt_secret.arn}'],
    ['costMonitorArn', '${aws_ce_anomaly_monitor.govtech.arn}'],
  ] as const)('output %s is %s', (attribute, expression) => {
    expect(resolved(module, module[attribute])).toBe(expression);
  });

  test.each([
    [Cloudtrail, 'govtech_audit', 'kms_key_id'],
    [CloudwatchLogGroup, 'cloudtrail', 'kms_key_id'],
    [CloudwatchLogGroup, 'waf', 'kms_key_id'],
    [SecretsmanagerSecret, 'db_credentials', 'kms_key_id'],
    [SecretsmanagerSecret, 'jwt_secret', 'kms_key_id'],
    [SnsTopic, 'security_alerts', 'kms_master_key_id'],
  ])('%p.%s is encrypted with the module key', (type, name, attribute) => {
    expect(s.resource(type, name)[attribute]).toBe('${aws_kms_key.govtech_main.arn}');
  });

  test('the key lets CloudTrail encrypt for the module trail only', () => {
    const trailName = s.resource(Cloudtrail, 'govtech_audit').name;
    expect(s.condition('kms_key_policy', 'AllowCloudTrailEncryptLogs', 'aws:SourceArn').values).toEqual([
      `arn:${PARTITION}:cloudtrail:eu-west-2:${ACCOUNT}:trail/${trailName}`,
    ]);
  });

  test('the key lets CloudWatch Logs encrypt exactly the module log groups', () => {
    const groupArns = Object.values(s.resources(CloudwatchLogGroup)).map(
      (g) => `arn:${PARTITION}:logs:eu-west-2:${ACCOUNT}:log-group:${g.name}`,
    );
    expect(groupArns).toHaveLength(2);
    const allowed = s.condition('kms_key_policy', 'AllowCloudWatchLogsForModuleLogGroups', 'kms:EncryptionContext:aws:logs:arn').values;
    expect([...allowed].sort()).toEqual(groupArns.sort());
  });

  test('GuardDuty findings and alarms go to the module topic', () => {
    expect(s.raw).toHaveResourceWithProperties(CloudwatchEventRule, { name: 'govtech-prod-guardduty-high-severity' });
    expect(resolved(module, module.alertsTopicArn)).toBe('${aws_sns_topic.security_alerts.arn}');
  });

  test('GuardDuty options reach the detector features', () => {
    const withRds = synthModule({ guardDuty: { rdsLoginEvents: true } }).synth;
    expect(withRds.resource(GuarddutyDetectorFeature, 'rds_login_events').status).toBe('ENABLED');
    expect(s.resource(GuarddutyDetectorFeature, 'rds_login_events').status).toBe('DISABLED');
  });
});

describe('SecurityModule log retention', () => {
  const retentions = (s: ReturnType<typeof synthModule>['synth']) =>
    Object.values(s.resources(CloudwatchLogGroup)).map((g) => g.retention_in_days);

  test('by default: the Terraform expression environment == "prod" ? 365 : 90', () => {
    const { synth: s } = synthModule((scope) => ({
      environment: new TerraformVariable(scope, 'environment', { type: 'string' }).stringValue,
    }));
    expect(retentions(s)).toEqual(['${(var.environment == "prod") ? 365 : 90}', '${(var.environment == "prod") ? 365 : 90}']);
  });

  test('a literal environment gives the same expression on the literal', () => {
    expect(retentions(synthModule({ environment: 'dev' }).synth)).toEqual([
      '${("dev" == "prod") ? 365 : 90}',
      '${("dev" == "prod") ? 365 : 90}',
    ]);
  });

  test('logGroupRetentionDays overrides it for both log groups', () => {
    expect(retentions(synthModule({ logGroupRetentionDays: 400 }).synth)).toEqual([400, 400]);
  });
});

describe('SecurityModule with sharedAccountServices', () => {
  const { synth: s, module } = synthModule({ sharedAccountServices: SHARED });

  test.each(ACCOUNT_SERVICE_TYPES.map((t) => [t.tfResourceType, t] as const))('creates no %s', (_name, type) => {
    expect(s.resources(type)).toEqual({});
  });

  test('reports the owner IDs as its own outputs', () => {
    expect(module.guardDutyDetectorId).toBe(SHARED.guardDutyDetectorId);
    expect(module.costMonitorArn).toBe(SHARED.costMonitorArn);
    expect(module.guardDuty).toBeUndefined();
    expect(module.securityHub).toBeUndefined();
    expect(module.costAnomaly).toBeUndefined();
  });

  test.each(DOCUMENTED_ADDRESSES.filter((a) => !/guardduty|securityhub|ce_anomaly/.test(a)))('still creates %s', (address) => {
    expect(s.addresses()).toContain(address);
  });
});
