import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { LogsBucket, LogsBucketProps } from '../../src/security/logs-bucket';
import { expectSecuredBucket } from '../helpers/logs-bucket-checks';
import { decide, renderPolicy } from '../helpers/policy-sim';
import { ACCOUNT, LOGS_BUCKET, PARTITION, policyJson, REGION, synth, Synth } from '../helpers/unit';

function synthLogs(
  bucketName = LOGS_BUCKET,
  retentionDays = 400,
  archiveAfterDays?: number,
  more: Partial<LogsBucketProps> = {},
  use?: (b: LogsBucket) => void,
) {
  return synth((scope, context) => {
    const bucket = new LogsBucket(scope, 'logs', { context, bucketName, retentionDays, archiveAfterDays, ...more });
    use?.(bucket);
  });
}

function bucketPolicy(s: Synth) {
  return renderPolicy(s.data(DataAwsIamPolicyDocument, 'logs_bucket').statement, { 'data.aws_partition.current.partition': 'aws' });
}

/** s3:PutObject of `key` in the logs bucket by `principal`, over TLS unless `context` says otherwise, decided by `policy`. */
function putObject(policy: ReturnType<typeof bucketPolicy>, principal: string, key: string, context: Record<string, string>) {
  return decide(policy, {
    principal,
    action: 's3:PutObject',
    resource: `arn:aws:s3:::${LOGS_BUCKET}/${key}`,
    resourceAccount: ACCOUNT,
    context: { 'aws:SecureTransport': 'true', ...context },
  });
}

describe('LogsBucket', () => {
  const s = synthLogs();
  const arn = `arn:${PARTITION}:s3:::${LOGS_BUCKET}`;
  const trailArn = `arn:${PARTITION}:cloudtrail:${REGION}:${ACCOUNT}:trail/govtech-audit-trail-prod`;

  test('a private, versioned, SSE-S3 bucket with ACLs disabled', () => {
    expectSecuredBucket(s, 'logs', LOGS_BUCKET);
  });

  test('CloudTrail may check the ACL and write with bucket-owner-full-control, only for this trail', () => {
    expect(s.resource(S3BucketPolicy, 'logs').policy).toBe(policyJson('logs_bucket'));
    expect(s.statement('logs_bucket', 'AWSCloudTrailAclCheck')).toMatchObject({ actions: ['s3:GetBucketAcl'], resources: [arn] });
    expect(s.condition('logs_bucket', 'AWSCloudTrailAclCheck', 'aws:SourceArn').values).toEqual([trailArn]);
    expect(s.statement('logs_bucket', 'AWSCloudTrailWrite')).toMatchObject({
      actions: ['s3:PutObject'],
      resources: [`${arn}/cloudtrail/AWSLogs/${ACCOUNT}/*`],
    });
    expect(s.condition('logs_bucket', 'AWSCloudTrailWrite', 's3:x-amz-acl').values).toEqual(['bucket-owner-full-control']);
    expect(s.condition('logs_bucket', 'AWSCloudTrailWrite', 'aws:SourceArn').values).toEqual([trailArn]);
    expect(s.statement('logs_bucket', 'DenyInsecureTransport')).toMatchObject({ effect: 'Deny', resources: [arn, `${arn}/*`] });
  });

  test('no WAF log delivery statements unless the name has the aws-waf-logs- prefix', () => {
    expect(() => s.statement('logs_bucket', 'AWSLogDeliveryWrite')).toThrow(/no statement/);
    const waf = synthLogs('aws-waf-logs-govtech-prod');
    expect(waf.statement('logs_bucket', 'AWSLogDeliveryWrite')).toMatchObject({
      actions: ['s3:PutObject'],
      resources: [`arn:${PARTITION}:s3:::aws-waf-logs-govtech-prod/AWSLogs/${ACCOUNT}/*`],
    });
    expect(waf.condition('logs_bucket', 'AWSLogDeliveryWrite', 'aws:SourceAccount').values).toEqual([ACCOUNT]);
  });

  test.each([
    [400, undefined, [{ days: 90, storage_class: 'GLACIER' }]],
    [400, 180, [{ days: 180, storage_class: 'GLACIER' }]],
    [90, undefined, undefined],
  ])('kept %i days, archived after %p days', (retentionDays, archiveAfterDays, transition) => {
    const [rule] = synthLogs(LOGS_BUCKET, retentionDays, archiveAfterDays).resource(S3BucketLifecycleConfiguration, 'logs').rule;
    expect(rule.expiration).toEqual([{ days: retentionDays }]);
    expect(rule.transition).toEqual(transition);
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
  });

  test('statements in writer order: CloudTrail, AWS Config, then the TLS-only deny last', () => {
    const sids = (s.data(DataAwsIamPolicyDocument, 'logs_bucket').statement as { sid: string }[]).map((x) => x.sid);
    expect(sids).toEqual([
      'AWSCloudTrailAclCheck',
      'AWSCloudTrailWrite',
      'AWSConfigBucketPermissionsCheck',
      'AWSConfigBucketExistenceCheck',
      'AWSConfigBucketDelivery',
      'DenyInsecureTransport',
    ]);
  });

  test('no Config statements for a stack that does not own the account services (it has no recorder)', () => {
    const shared = synthLogs(LOGS_BUCKET, 400, undefined, { ownsAccountServices: false });
    expect(() => shared.statement('logs_bucket', 'AWSConfigBucketDelivery')).toThrow(/no statement/);
    expect(shared.statement('logs_bucket', 'AWSCloudTrailWrite')).toBeDefined();
  });

  test("an organization member's bucket admits neither CloudTrail nor AWS Config (the organization trail and the log archive take both); WAF still writes", async () => {
    const member = synthLogs(LOGS_BUCKET, 400, undefined, { organizationMember: true });
    for (const sid of [
      'AWSCloudTrailAclCheck',
      'AWSCloudTrailWrite',
      'AWSConfigBucketPermissionsCheck',
      'AWSConfigBucketExistenceCheck',
      'AWSConfigBucketDelivery',
    ]) {
      expect(() => member.statement('logs_bucket', sid)).toThrow(/no statement/);
    }
    const policy = bucketPolicy(member);
    const writes = (principal: string, key: string, context: Record<string, string>) =>
      putObject(policy, principal, key, { 's3:x-amz-acl': 'bucket-owner-full-control', ...context });
    const thisTrail = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/govtech-audit-trail-prod`;
    expect(
      await writes('cloudtrail.amazonaws.com', `cloudtrail/AWSLogs/${ACCOUNT}/CloudTrail/x.json.gz`, { 'aws:SourceArn': thisTrail }),
    ).toBe('ImplicitlyDenied');
    expect(await writes('config.amazonaws.com', `config/AWSLogs/${ACCOUNT}/Config/x.json.gz`, { 'aws:SourceAccount': ACCOUNT })).toBe(
      'ImplicitlyDenied',
    );
    const waf = synthLogs('aws-waf-logs-govtech-prod', 400, undefined, { organizationMember: true });
    expect(waf.statement('logs_bucket', 'AWSLogDeliveryWrite')).toBeDefined();
  });

  test('S3 server access logs: only with source buckets, limited to them and this account', () => {
    expect(() => s.statement('logs_bucket', 'S3ServerAccessLogsPolicy')).toThrow(/no statement/);
    const source = 'arn:aws:s3:::govtech-prod-assets';
    const withSource = synthLogs(LOGS_BUCKET, 400, undefined, { accessLogSourceBucketArns: [source] });
    expect(withSource.statement('logs_bucket', 'S3ServerAccessLogsPolicy')).toMatchObject({
      actions: ['s3:PutObject'],
      resources: [`${arn}/s3-access-logs/*`],
    });
    expect(withSource.condition('logs_bucket', 'S3ServerAccessLogsPolicy', 'aws:SourceArn').values).toEqual([source]);
  });

  test('addToResourcePolicy adds a statement, before the TLS-only deny', () => {
    const added = synthLogs(LOGS_BUCKET, 400, undefined, {}, (b) =>
      b.addToResourcePolicy({
        sid: 'Extra',
        principals: [{ type: 'Service', identifiers: ['x.amazonaws.com'] }],
        actions: ['s3:GetBucketAcl'],
        resources: [arn],
      }),
    );
    const sids = (added.data(DataAwsIamPolicyDocument, 'logs_bucket').statement as { sid: string }[]).map((x) => x.sid);
    expect(sids.slice(-2)).toEqual(['Extra', 'DenyInsecureTransport']);
  });

  describe('the bucket policy, evaluated', () => {
    const policy = bucketPolicy(s);
    const plain = `arn:aws:s3:::${LOGS_BUCKET}`;
    const put = (principal: string, key: string, context: Record<string, string>) => putObject(policy, principal, key, context);
    const configCtx = (account = ACCOUNT, acl = 'bucket-owner-full-control') => ({ 'aws:SourceAccount': account, 's3:x-amz-acl': acl });

    test('Config delivery may check the bucket and write under config/AWSLogs/<account>/Config/', async () => {
      for (const action of ['s3:GetBucketAcl', 's3:ListBucket']) {
        expect(
          await decide(policy, {
            principal: 'config.amazonaws.com',
            action,
            resource: plain,
            resourceAccount: ACCOUNT,
            context: { 'aws:SourceAccount': ACCOUNT, 'aws:SecureTransport': 'true' },
          }),
        ).toBe('Allowed');
      }
      expect(
        await put('config.amazonaws.com', `config/AWSLogs/${ACCOUNT}/Config/${REGION}/2026/11/27/ConfigHistory/x.json.gz`, configCtx()),
      ).toBe('Allowed');
    });

    test('Config delivery may not write elsewhere, without bucket-owner-full-control, for another account, or without TLS', async () => {
      expect(await put('config.amazonaws.com', `cloudtrail/AWSLogs/${ACCOUNT}/x`, configCtx())).toBe('ImplicitlyDenied');
      expect(await put('config.amazonaws.com', `config/AWSLogs/999999999999/Config/x`, configCtx())).toBe('ImplicitlyDenied');
      expect(await put('config.amazonaws.com', `config/AWSLogs/${ACCOUNT}/Config/x`, configCtx(ACCOUNT, 'private'))).toBe(
        'ImplicitlyDenied',
      );
      expect(await put('config.amazonaws.com', `config/AWSLogs/${ACCOUNT}/Config/x`, configCtx('999999999999'))).toBe('ImplicitlyDenied');
      expect(
        await decide(policy, {
          principal: 'config.amazonaws.com',
          action: 's3:PutObject',
          resource: `${plain}/config/AWSLogs/${ACCOUNT}/Config/x`,
          resourceAccount: ACCOUNT,
          context: { ...configCtx(), 'aws:SecureTransport': 'false' },
        }),
      ).toBe('ExplicitlyDenied');
    });

    test('this trail may write under cloudtrail/; another trail may not', async () => {
      const ctx = (trail: string) => ({ 'aws:SourceArn': trail, 's3:x-amz-acl': 'bucket-owner-full-control' });
      const thisTrail = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/govtech-audit-trail-prod`;
      expect(await put('cloudtrail.amazonaws.com', `cloudtrail/AWSLogs/${ACCOUNT}/CloudTrail/x.json.gz`, ctx(thisTrail))).toBe('Allowed');
      expect(
        await put(
          'cloudtrail.amazonaws.com',
          `cloudtrail/AWSLogs/${ACCOUNT}/CloudTrail/x.json.gz`,
          ctx(`arn:aws:cloudtrail:${REGION}:999999999999:trail/x`),
        ),
      ).toBe('ImplicitlyDenied');
      expect(await put('cloudtrail.amazonaws.com', `config/AWSLogs/${ACCOUNT}/Config/x`, ctx(thisTrail))).toBe('ImplicitlyDenied');
    });

    test('a principal of another account may not write', async () => {
      expect(
        await put('arn:aws:iam::999999999999:role/intruder', `config/AWSLogs/${ACCOUNT}/Config/x`, {
          's3:x-amz-acl': 'bucket-owner-full-control',
        }),
      ).toBe('ImplicitlyDenied');
    });
  });
});

describe('LogsBucket server access logging (CloudTrail.7)', () => {
  const s = synthLogs();
  const accessName = `${LOGS_BUCKET}-access`;
  const accessPlain = `arn:aws:s3:::${accessName}`;
  const policy = renderPolicy(s.data(DataAwsIamPolicyDocument, 'access_logs_bucket').statement, {
    'data.aws_partition.current.partition': 'aws',
  });

  test('the logs bucket logs into <name>-access, which is private, versioned, SSE-S3, TLS-only and expires the logs', () => {
    expect(s.resource(S3Bucket, 'access_logs')).toMatchObject({ bucket: accessName });
    expect(s.resource(S3BucketLoggingA, 'logs')).toMatchObject({
      bucket: '${aws_s3_bucket.logs.id}',
      target_bucket: '${aws_s3_bucket.access_logs.id}',
      target_prefix: 's3-access-logs/',
      depends_on: ['aws_s3_bucket_policy.access_logs'],
    });
    expect(s.resource(S3BucketPublicAccessBlock, 'access_logs')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(
      s.resource(S3BucketServerSideEncryptionConfigurationA, 'access_logs').rule[0].apply_server_side_encryption_by_default.sse_algorithm,
    ).toBe('AES256');
    expect(s.resource(S3BucketVersioningA, 'access_logs').versioning_configuration.status).toBe('Enabled');
    expect(s.resource(S3BucketLifecycleConfiguration, 'access_logs').rule[0].expiration).toEqual([{ days: 400 }]);
  });

  test('only the S3 logging service, for the logs bucket of this account, over TLS, may write', async () => {
    const put = (principal: string, key: string, context: Record<string, string>) =>
      decide(policy, {
        principal,
        action: 's3:PutObject',
        resource: `${accessPlain}/${key}`,
        resourceAccount: ACCOUNT,
        context: { 'aws:SecureTransport': 'true', ...context },
      });
    const own = { 'aws:SourceArn': `arn:aws:s3:::${LOGS_BUCKET}`, 'aws:SourceAccount': ACCOUNT };
    expect(await put('logging.s3.amazonaws.com', 's3-access-logs/2026-11-27-08-00-00-ABCDEF', own)).toBe('Allowed');
    expect(await put('logging.s3.amazonaws.com', 'elsewhere/x', own)).toBe('ImplicitlyDenied');
    expect(await put('logging.s3.amazonaws.com', 's3-access-logs/x', { ...own, 'aws:SourceArn': 'arn:aws:s3:::another-bucket' })).toBe(
      'ImplicitlyDenied',
    );
    expect(await put('logging.s3.amazonaws.com', 's3-access-logs/x', { ...own, 'aws:SourceAccount': '999999999999' })).toBe(
      'ImplicitlyDenied',
    );
    expect(await put('logging.s3.amazonaws.com', 's3-access-logs/x', { ...own, 'aws:SecureTransport': 'false' })).toBe('ExplicitlyDenied');
    for (const principal of ['cloudtrail.amazonaws.com', 'config.amazonaws.com', `arn:aws:iam::999999999999:role/intruder`]) {
      expect(await put(principal, 's3-access-logs/x', own)).toBe('ImplicitlyDenied');
    }
  });

  test('accessLogsBucketName: false turns it off; a name over 63 characters is refused', () => {
    const off = synthLogs(LOGS_BUCKET, 400, undefined, { accessLogsBucketName: false });
    expect(off.resources(S3BucketLoggingA)).toEqual({});
    expect(Object.keys(off.resources(S3Bucket))).toEqual(['logs']);
    const long = 'a'.repeat(60);
    expect(() => synthLogs(long)).toThrow(`accessLogsBucketName = "${long}-access": must have at most 63 characters (S3's limit)`);
  });
});
