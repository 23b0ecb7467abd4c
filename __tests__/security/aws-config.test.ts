import { ConfigConfigurationRecorder } from '@cdktf/provider-aws/lib/config-configuration-recorder';
import { ConfigConfigurationRecorderStatus } from '@cdktf/provider-aws/lib/config-configuration-recorder-status';
import { ConfigDeliveryChannel } from '@cdktf/provider-aws/lib/config-delivery-channel';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamServiceLinkedRole } from '@cdktf/provider-aws/lib/iam-service-linked-role';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { AwsConfig, AwsConfigProps } from '../../src/security/aws-config';
import { SecurityKey } from '../../src/security/kms';
import { decide, renderPolicy } from '../helpers/policy-sim';
import { ACCOUNT, LOGS_BUCKET, PARTITION, ref, REGION, synth, synthModule } from '../helpers/unit';

function synthConfig(props: Partial<Omit<AwsConfigProps, 'context' | 'key' | 'logsBucket'>> = {}) {
  return synth((scope, context) => {
    new AwsConfig(scope, 'config', { context, logsBucket: LOGS_BUCKET, key: new SecurityKey(scope, 'kms', { context }), ...props });
  });
}

describe('AwsConfig', () => {
  const s = synthConfig();

  test('the AWS Config service-linked role is created and recorded with', () => {
    expect(s.resource(IamServiceLinkedRole, 'config')).toEqual({ aws_service_name: 'config.amazonaws.com' });
    expect(s.resource(ConfigConfigurationRecorder, 'main').role_arn).toBe(ref(IamServiceLinkedRole, 'config', 'arn'));
  });

  test('where the role exists already, none is created and the recorder uses its ARN', () => {
    const existing = synthConfig({ createServiceLinkedRole: false });
    expect(existing.resources(IamServiceLinkedRole)).toEqual({});
    expect(existing.resource(ConfigConfigurationRecorder, 'main').role_arn).toBe(
      `arn:${PARTITION}:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
    );
  });

  test('records every supported resource type, global ones (IAM) too unless told otherwise', () => {
    expect(s.resource(ConfigConfigurationRecorder, 'main')).toMatchObject({
      name: 'govtech-prod',
      recording_group: { all_supported: true, include_global_resource_types: true },
    });
    expect(
      synthConfig({ includeGlobalResourceTypes: false }).resource(ConfigConfigurationRecorder, 'main').recording_group
        .include_global_resource_types,
    ).toBe(false);
  });

  test('delivers daily to the logs bucket under config/, encrypted with the module key, after the recorder exists', () => {
    expect(s.resource(ConfigDeliveryChannel, 'main')).toEqual({
      name: 'govtech-prod',
      s3_bucket_name: LOGS_BUCKET,
      s3_key_prefix: 'config',
      s3_kms_key_arn: ref(KmsKey, 'govtech_main', 'arn'),
      snapshot_delivery_properties: { delivery_frequency: 'TwentyFour_Hours' },
      depends_on: ['aws_config_configuration_recorder.main'],
    });
    expect(
      synthConfig({ snapshotDeliveryFrequency: 'Six_Hours' }).resource(ConfigDeliveryChannel, 'main').snapshot_delivery_properties,
    ).toEqual({ delivery_frequency: 'Six_Hours' });
  });

  test('an unknown snapshot frequency is refused, naming the field, the value and the choices', () => {
    expect(() => synthConfig({ snapshotDeliveryFrequency: 'Daily' as never })).toThrow(
      /snapshotDeliveryFrequency = "Daily": must be one of One_Hour, Three_Hours, Six_Hours, Twelve_Hours, TwentyFour_Hours/,
    );
  });

  test('the recorder is turned on once the delivery channel exists', () => {
    expect(s.resource(ConfigConfigurationRecorderStatus, 'main')).toEqual({
      name: ref(ConfigConfigurationRecorder, 'main', 'name'),
      is_enabled: true,
      depends_on: ['aws_config_delivery_channel.main'],
    });
  });

  describe('the key grant, evaluated', () => {
    const policy = renderPolicy(s.data(DataAwsIamPolicyDocument, 'kms_key_policy').statement, {
      'data.aws_partition.current.partition': 'aws',
    });
    const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/k`;
    /** aws:SourceArn as the AWS Config developer guide says Config sets it: arn:aws:config:<channel region>:<account>:* */
    const channelOf = (region: string, account = ACCOUNT) => `arn:aws:config:${region}:${account}:*`;
    const use = (action: string, s3Arn: string, source: Record<string, string> = {}) =>
      decide(policy, {
        principal: 'config.amazonaws.com',
        action,
        resource: keyArn,
        resourceAccount: ACCOUNT,
        context: {
          'aws:SourceAccount': ACCOUNT,
          'aws:SourceArn': channelOf(REGION),
          'kms:EncryptionContext:aws:s3:arn': s3Arn,
          ...source,
        },
      });
    const ownObject = `arn:aws:s3:::${LOGS_BUCKET}/config/AWSLogs/${ACCOUNT}/Config/${REGION}/2026/11/27/ConfigSnapshot/x.json.gz`;
    // With S3 Bucket Keys on, S3 puts the bucket's ARN in the encryption context instead of the object's.
    const bucketKeyContext = `arn:aws:s3:::${LOGS_BUCKET}`;
    // A logs bucket from another state (remoteState) has a name this stack does not choose.
    const remoteBucketKeyContext = 'arn:aws:s3:::org-central-logs-123';

    test.each([
      ['the object ARN (S3 Bucket Keys off)', ownObject],
      ['the bucket ARN (S3 Bucket Keys on)', bucketKeyContext],
      ["a remoteState bucket's ARN", remoteBucketKeyContext],
    ])('Config delivery of this account may encrypt and decrypt, the encryption context being %s', async (_, s3Arn) => {
      expect(await use('kms:GenerateDataKey', s3Arn)).toBe('Allowed');
      expect(await use('kms:Decrypt', s3Arn)).toBe('Allowed');
    });

    test("a delivery channel of this account in another covered region (the linked regions' recorders use this key)", async () => {
      expect(await use('kms:GenerateDataKey', bucketKeyContext, { 'aws:SourceArn': channelOf('eu-west-1') })).toBe('Allowed');
    });

    test.each([
      ['another account', { 'aws:SourceAccount': '999999999999', 'aws:SourceArn': channelOf(REGION, '999999999999') }],
      ["another account's delivery channel, claimed for this account", { 'aws:SourceArn': channelOf(REGION, '999999999999') }],
      ['another service as the source', { 'aws:SourceArn': `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/govtech-audit-trail-prod` }],
      ['another partition', { 'aws:SourceArn': `arn:aws-cn:config:cn-north-1:${ACCOUNT}:*` }],
    ])('refused for %s, with either encryption context', async (_, source) => {
      expect(await use('kms:GenerateDataKey', ownObject, source)).toBe('ImplicitlyDenied');
      expect(await use('kms:GenerateDataKey', bucketKeyContext, source)).toBe('ImplicitlyDenied');
    });

    test('refused without a source ARN, and to another service principal', async () => {
      const request = (principal: string, context: Record<string, string>) =>
        decide(policy, { principal, action: 'kms:GenerateDataKey', resource: keyArn, resourceAccount: ACCOUNT, context });
      expect(await request('config.amazonaws.com', { 'aws:SourceAccount': ACCOUNT, 'kms:EncryptionContext:aws:s3:arn': ownObject })).toBe(
        'ImplicitlyDenied',
      );
      expect(
        await request('s3.amazonaws.com', {
          'aws:SourceAccount': ACCOUNT,
          'aws:SourceArn': channelOf(REGION),
          'kms:EncryptionContext:aws:s3:arn': bucketKeyContext,
        }),
      ).toBe('ImplicitlyDenied');
    });

    test('only the key actions S3 encryption needs', async () => {
      expect(await use('kms:GenerateDataKey', ownObject)).toBe('Allowed');
      for (const action of ['kms:Encrypt', 'kms:ReEncryptFrom', 'kms:CreateGrant', 'kms:DescribeKey'])
        expect([action, await use(action, ownObject)]).toEqual([action, 'ImplicitlyDenied']);
    });
  });
});

describe('AWS Config in the SecurityModule', () => {
  test('the module records with Config unless another environment owns the account services', () => {
    expect(synthModule().synth.resources(ConfigConfigurationRecorder)).toHaveProperty('main');
    const shared = synthModule({
      sharedAccountServices: { guardDutyDetectorId: 'd', costMonitorArn: 'arn:aws:ce::123456789012:anomalymonitor/x' },
    }).synth;
    expect(shared.resources(ConfigConfigurationRecorder)).toEqual({});
    expect(shared.resources(IamServiceLinkedRole)).toEqual({});
    expect(() => shared.statement('kms_key_policy', 'AllowConfigDeliveryEncryption')).toThrow(/no statement/);
  });
});
