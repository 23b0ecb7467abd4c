import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { ALERT_PUBLISHERS } from '../../src/security/alerting';
import { SecurityKey, SecurityKeyProps } from '../../src/security/kms';
import { ACCOUNT, PARTITION, policyJson, ref, synth } from '../helpers/unit';

const TRAIL_ARN = `arn:${PARTITION}:cloudtrail:eu-west-2:${ACCOUNT}:trail/govtech-audit-trail-prod`;
const LOG_GROUP_ARNS = [
  `arn:${PARTITION}:logs:eu-west-2:${ACCOUNT}:log-group:/aws/cloudtrail/govtech-prod`,
  `arn:${PARTITION}:logs:eu-west-2:${ACCOUNT}:log-group:aws-waf-logs-govtech-prod`,
];
const ANY_TRAIL_OF_ACCOUNT = `arn:${PARTITION}:cloudtrail:*:${ACCOUNT}:trail/*`;
const DOC = 'kms_key_policy';

function synthKey(props: Partial<Omit<SecurityKeyProps, 'context'>> = {}) {
  return synth((scope, context) => {
    new SecurityKey(scope, 'kms', {
      context,
      trailArn: TRAIL_ARN,
      logGroupArns: LOG_GROUP_ARNS,
      publisherServices: ALERT_PUBLISHERS.map((p) => p.service),
      ...props,
    });
  });
}

describe('SecurityKey', () => {
  const s = synthKey();

  test('aws_kms_key.govtech_main rotates yearly, has a 30-day deletion window and the policy document', () => {
    expect(s.resource(KmsKey, 'govtech_main')).toMatchObject({
      enable_key_rotation: true,
      rotation_period_in_days: 365,
      deletion_window_in_days: 30,
      policy: policyJson(DOC),
    });
  });

  test('the deletion window can be set', () => {
    expect(synthKey({ deletionWindowInDays: 7 }).raw).toHaveResourceWithProperties(KmsKey, { deletion_window_in_days: 7 });
  });

  test('alias alias/<project>-<env> points at the key', () => {
    expect(s.resource(KmsAlias, 'govtech_main')).toEqual({
      name: 'alias/govtech-prod',
      target_key_id: ref(KmsKey, 'govtech_main', 'key_id'),
    });
  });

  test('the account root administers the key', () => {
    expect(s.statement(DOC, 'EnableAccountRootPermissions')).toMatchObject({
      principals: [{ type: 'AWS', identifiers: [`arn:${PARTITION}:iam::${ACCOUNT}:root`] }],
      actions: ['kms:*'],
    });
  });

  test.each(['AllowCloudTrailEncryptLogs', 'AllowCloudTrailDescribeKey'])('%s: CloudTrail, for this trail only (aws:SourceArn)', (sid) => {
    expect(s.statement(DOC, sid).principals).toEqual([{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }]);
    expect(s.condition(DOC, sid, 'aws:SourceArn')).toEqual({ test: 'StringEquals', values: [TRAIL_ARN] });
  });

  test.each(['AllowCloudTrailEncryptLogs', 'AllowAccountToDecryptCloudTrailLogs'])(
    '%s is limited to trails of the account by the CloudTrail encryption context',
    (sid) => {
      expect(s.condition(DOC, sid, 'kms:EncryptionContext:aws:cloudtrail:arn')).toEqual({ test: 'StringLike', values: [ANY_TRAIL_OF_ACCOUNT] });
    },
  );

  test('CloudTrail may generate data keys, not decrypt', () => {
    expect(s.statement(DOC, 'AllowCloudTrailEncryptLogs').actions).toEqual(['kms:GenerateDataKey*']);
  });

  test('CloudWatch Logs (regional principal) may use the key for exactly the given log groups', () => {
    const sid = 'AllowCloudWatchLogsForModuleLogGroups';
    expect(s.statement(DOC, sid).principals).toEqual([{ type: 'Service', identifiers: ['logs.eu-west-2.amazonaws.com'] }]);
    expect(s.condition(DOC, sid, 'kms:EncryptionContext:aws:logs:arn')).toEqual({ test: 'ArnEquals', values: LOG_GROUP_ARNS });
  });

  test('principals of the account may use the key through RDS, Secrets Manager and S3 (kms:ViaService)', () => {
    const sid = 'AllowAccountUseThroughServices';
    expect(s.condition(DOC, sid, 'kms:ViaService')).toEqual({
      test: 'StringEquals',
      values: ['rds.eu-west-2.amazonaws.com', 'secretsmanager.eu-west-2.amazonaws.com', 's3.eu-west-2.amazonaws.com'],
    });
    expect(s.condition(DOC, sid, 'kms:CallerAccount')).toEqual({ test: 'StringEquals', values: [ACCOUNT] });
  });

  test('the consumer services can be narrowed', () => {
    const narrowed = synthKey({ consumerServices: ['s3'] });
    expect(narrowed.condition(DOC, 'AllowAccountUseThroughServices', 'kms:ViaService').values).toEqual(['s3.eu-west-2.amazonaws.com']);
  });

  test('the alert publishers may encrypt to the alerts topic', () => {
    expect(s.statement(DOC, 'AllowAlertPublishersToUseEncryptedTopic')).toMatchObject({
      principals: [{ type: 'Service', identifiers: ['events.amazonaws.com', 'cloudwatch.amazonaws.com', 'costalerts.amazonaws.com'] }],
      actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
    });
  });

  test('no statement grants to any AWS principal ("*") without limiting it to the account', () => {
    const statements = s.data(DataAwsIamPolicyDocument, DOC).statement as { sid: string; principals: { identifiers: string[] }[] }[];
    const open = statements.filter((st) => st.principals.some((p) => p.identifiers.includes('*')));
    expect(open.length).toBeGreaterThan(0);
    for (const st of open) expect(s.condition(DOC, st.sid, 'kms:CallerAccount').values).toEqual([ACCOUNT]);
  });
});
