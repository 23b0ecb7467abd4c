import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { condition } from '../../src/security/iam';
import { SecurityKey, SecurityKeyProps } from '../../src/security/kms';
import { decide, renderPolicy } from '../helpers/policy-sim';
import { ACCOUNT, PARTITION, policyJson, ref, synth, Synth } from '../helpers/unit';

const DOC = 'kms_key_policy';
const KEY_ARN = `arn:aws:kms:eu-west-2:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

function synthKey(props: Partial<Omit<SecurityKeyProps, 'context'>> = {}, use?: (key: SecurityKey) => void) {
  return synth((scope, context) => {
    const key = new SecurityKey(scope, 'kms', { context, ...props });
    use?.(key);
  });
}

function keyPolicy(s: Synth) {
  return renderPolicy(s.data(DataAwsIamPolicyDocument, DOC).statement, { 'data.aws_partition.current.partition': 'aws' });
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

  test('on its own the key has the account root and the kms:ViaService consumers only', () => {
    const statements = s.data(DataAwsIamPolicyDocument, DOC).statement as { sid: string }[];
    expect(statements.map((x) => x.sid)).toEqual(['EnableAccountRootPermissions', 'AllowAccountUseThroughServices']);
    expect(s.statement(DOC, 'EnableAccountRootPermissions')).toMatchObject({
      principals: [{ type: 'AWS', identifiers: [`arn:${PARTITION}:iam::${ACCOUNT}:root`] }],
      actions: ['kms:*'],
    });
  });

  test('principals of the account may use the key through RDS, Secrets Manager and S3 (kms:ViaService), without an IAM grant', async () => {
    const sid = 'AllowAccountUseThroughServices';
    expect(s.condition(DOC, sid, 'kms:ViaService')).toEqual({
      test: 'StringEquals',
      values: ['rds.eu-west-2.amazonaws.com', 'secretsmanager.eu-west-2.amazonaws.com', 's3.eu-west-2.amazonaws.com'],
    });
    const policy = keyPolicy(s);
    const request = (principal: string, via: string) => ({
      principal,
      action: 'kms:Decrypt',
      resource: KEY_ARN,
      resourceAccount: ACCOUNT,
      identityPolicy: false,
      context: { 'kms:ViaService': via, 'kms:CallerAccount': principal.split(':')[4] },
    });
    expect(await decide(policy, request(`arn:aws:iam::${ACCOUNT}:role/app`, 'rds.eu-west-2.amazonaws.com'))).toBe('Allowed');
    expect(await decide(policy, request(`arn:aws:iam::${ACCOUNT}:role/app`, 'ec2.eu-west-2.amazonaws.com'))).toBe('ImplicitlyDenied');
    expect(await decide(policy, request('arn:aws:iam::999999999999:role/app', 'rds.eu-west-2.amazonaws.com'))).toBe('ImplicitlyDenied');
  });

  test('the consumer services can be narrowed', () => {
    const narrowed = synthKey({ consumerServices: ['s3'] });
    expect(narrowed.condition(DOC, 'AllowAccountUseThroughServices', 'kms:ViaService').values).toEqual(['s3.eu-west-2.amazonaws.com']);
  });

  describe('grants', () => {
    const account = condition('StringEquals', 'aws:SourceAccount', ACCOUNT);
    const granted = synthKey({}, (key) => {
      key.grantEncrypt({ sid: 'Encrypt', services: ['cloudtrail.amazonaws.com'], conditions: [account] });
      key.grantEncryptDecrypt({ sid: 'EncryptDecrypt', services: ['events.amazonaws.com', 'cloudwatch.amazonaws.com'] });
      key.grant({ sid: 'Describe', services: ['cloudtrail.amazonaws.com'] }, 'kms:DescribeKey');
      key.grantLogGroup('arn:aws:logs:eu-west-2:123456789012:log-group:a');
      key.grantLogGroup('arn:aws:logs:eu-west-2:123456789012:log-group:b');
      key.grantLogGroup('arn:aws:logs:eu-west-2:123456789012:log-group:a');
    });

    test('grant methods add statements of the service principals, actions and conditions given, on the key (*)', () => {
      expect(granted.statement(DOC, 'Encrypt')).toMatchObject({
        principals: [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [ACCOUNT] }],
      });
      expect(granted.statement(DOC, 'EncryptDecrypt')).toMatchObject({
        principals: [{ type: 'Service', identifiers: ['events.amazonaws.com', 'cloudwatch.amazonaws.com'] }],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      });
      expect(granted.statement(DOC, 'Describe').actions).toEqual(['kms:DescribeKey']);
    });

    test('grantLogGroup: one CloudWatch Logs statement listing each log group once', () => {
      const sid = 'AllowCloudWatchLogsForModuleLogGroups';
      expect(granted.statement(DOC, sid).principals).toEqual([{ type: 'Service', identifiers: ['logs.eu-west-2.amazonaws.com'] }]);
      expect(granted.condition(DOC, sid, 'kms:EncryptionContext:aws:logs:arn')).toEqual({
        test: 'ArnEquals',
        values: ['arn:aws:logs:eu-west-2:123456789012:log-group:a', 'arn:aws:logs:eu-west-2:123456789012:log-group:b'],
      });
    });

    test('a granted service may use the key under its conditions, and not otherwise', async () => {
      const policy = keyPolicy(granted);
      const req = (principal: string, action: string, context: Record<string, string> = {}) => ({
        principal,
        action,
        resource: KEY_ARN,
        resourceAccount: ACCOUNT,
        context,
      });
      expect(await decide(policy, req('cloudtrail.amazonaws.com', 'kms:GenerateDataKey', { 'aws:SourceAccount': ACCOUNT }))).toBe(
        'Allowed',
      );
      expect(await decide(policy, req('cloudtrail.amazonaws.com', 'kms:GenerateDataKey', { 'aws:SourceAccount': '999999999999' }))).toBe(
        'ImplicitlyDenied',
      );
      expect(await decide(policy, req('cloudtrail.amazonaws.com', 'kms:Decrypt', { 'aws:SourceAccount': ACCOUNT }))).toBe(
        'ImplicitlyDenied',
      );
      expect(
        await decide(
          policy,
          req('logs.eu-west-2.amazonaws.com', 'kms:Encrypt', {
            'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-2:123456789012:log-group:b',
          }),
        ),
      ).toBe('Allowed');
      expect(
        await decide(
          policy,
          req('logs.eu-west-2.amazonaws.com', 'kms:Encrypt', {
            'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-2:123456789012:log-group:c',
          }),
        ),
      ).toBe('ImplicitlyDenied');
    });

    test('a statement ID can be granted once', () => {
      expect(() =>
        synthKey({}, (key) => {
          key.grantEncrypt({ sid: 'Twice', services: ['a.amazonaws.com'] });
          key.grantEncrypt({ sid: 'Twice', services: ['b.amazonaws.com'] });
        }),
      ).toThrow(/already has a statement "Twice"/);
    });

    test('a grant names at least one service', () => {
      expect(() => synthKey({}, (key) => key.grantEncrypt({ sid: 'Nobody', services: [] }))).toThrow(
        /Nobody: services must name at least one/,
      );
    });

    test('statements added after the key is created are in its policy (rendered at synth)', () => {
      const late = synthKey({}, (key) =>
        key.addToResourcePolicy(() => ({
          sid: 'Late',
          principals: [{ type: 'Service', identifiers: ['x.amazonaws.com'] }],
          actions: ['kms:Decrypt'],
        })),
      );
      expect(late.statement(DOC, 'Late')).toMatchObject({ actions: ['kms:Decrypt'], resources: ['*'] });
    });
  });
});

test('a statement ID repeated by a statement built at synth is refused too', () => {
  expect(() =>
    synthKey({}, (key) => key.addToResourcePolicy(() => ({ sid: 'EnableAccountRootPermissions', actions: ['kms:Decrypt'] }))),
  ).toThrow(/already has a statement "EnableAccountRootPermissions"/);
});
