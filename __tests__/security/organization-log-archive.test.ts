import { Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import type { OrganizationPlan } from '../../src/config/organization-plan';
import { OrganizationLogArchive, OrganizationLogArchiveProps } from '../../src/security/organization-log-archive';
import { OrgLogArchiveStack } from '../../src/stacks/org-log-archive-stack';
import {
  expectAccessLogsPolicy,
  expectConfigDeliveries,
  expectInvestigatorReads,
  expectTrailKeyPolicy,
  expectTrailWrites,
} from '../helpers/org-log-archive-checks';
import { resolvePlan } from '../../src/config/plan';
import { ORGANIZATION_ACCOUNTS, ORGANIZATION_CONFIG, organizationConfigWith } from '../fixtures/organization-config';
import { expectSecuredBucket } from '../helpers/logs-bucket-checks';
import { IamPolicy, renderPolicy } from '../helpers/policy-sim';
import { policyJson, Synth } from '../helpers/unit';

const ORGANIZATION: OrganizationPlan = resolvePlan(ORGANIZATION_CONFIG).organization!;
const LOG_ARCHIVE_ACCOUNT = ORGANIZATION_ACCOUNTS.logArchive;
/** The name the resolved plan gives the log archive bucket: `<project>-org-logs-<log archive account>`. */
const ORG_LOGS_BUCKET = `govtech-org-logs-${LOG_ARCHIVE_ACCOUNT}`;
const ORG_REGION = 'us-east-1';

function synthArchive(
  org: OrganizationPlan = ORGANIZATION,
  more: Partial<OrganizationLogArchiveProps> = {},
  use?: (a: OrganizationLogArchive) => void,
) {
  return new Synth(
    Testing.synthScope((scope) => {
      new AwsProvider(scope, 'aws', { region: ORG_REGION });
      const archive = new OrganizationLogArchive(scope, 'log_archive', { org, ...more });
      use?.(archive);
    }),
  );
}

/** A synthesized policy document as IAM JSON (every value is a literal: nothing to substitute). */
function policy(s: Synth, doc: string): IamPolicy {
  return renderPolicy(s.data(DataAwsIamPolicyDocument, doc).statement, {});
}

const sids = (s: Synth, doc: string) => (s.data(DataAwsIamPolicyDocument, doc).statement as { sid: string }[]).map((x) => x.sid);

describe('OrganizationLogArchive', () => {
  const org = ORGANIZATION;
  const s = synthArchive();
  const arn = `arn:aws:s3:::${ORG_LOGS_BUCKET}`;

  test('the bucket org.trail.bucket: private, versioned, SSE-S3 by default, ACLs disabled', () => {
    expectSecuredBucket(s, 'logs', ORG_LOGS_BUCKET);
    expect(s.resource(S3BucketPolicy, 'logs').policy).toBe(policyJson('logs_bucket'));
  });

  test('objects archived after trail.archiveAfterDays, expired after trail.retentionDays, noncurrent versions expired too', () => {
    const [rule] = s.resource(S3BucketLifecycleConfiguration, 'logs').rule;
    expect(rule.transition).toEqual([{ days: org.trail.archiveAfterDays, storage_class: 'GLACIER' }]);
    expect(rule.expiration).toEqual([{ days: org.trail.retentionDays }]);
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
    expect([org.trail.archiveAfterDays, org.trail.retentionDays]).toEqual([90, 365]);
    const shorter: OrganizationPlan = resolvePlan(
      organizationConfigWith((c) => {
        c.organization.logsRetentionDays = 400;
        c.organization.logsArchiveAfterDays = 180;
      }),
    ).organization!;
    const short = synthArchive(shorter);
    expect(short.resource(S3BucketLifecycleConfiguration, 'logs').rule[0]).toMatchObject({
      transition: [{ days: 180, storage_class: 'GLACIER' }],
      expiration: [{ days: 400 }],
    });
  });

  test('the bucket policy: the organization trail, the organization Config (one delivery statement per account, its own prefix), the security account reading, TLS-only last; none of the standalone writers', () => {
    const deliveries = org.trail.configAccountIds.map((a) => `AWSConfigBucketDelivery${a}`);
    expect(sids(s, 'logs_bucket')).toEqual([
      'AWSCloudTrailAclCheck',
      'AWSCloudTrailWrite',
      'AWSCloudTrailOrganizationWrite',
      'AWSConfigBucketPermissionsCheck',
      'AWSConfigBucketExistenceCheck',
      ...deliveries,
      'AllowInvestigatorsRead',
      'DenyInsecureTransport',
    ]);
    expect(s.statement('logs_bucket', 'AWSCloudTrailWrite').resources).toEqual([`${arn}/AWSLogs/${org.management.accountId}/*`]);
    expect(s.statement('logs_bucket', 'AWSCloudTrailOrganizationWrite').resources).toEqual([`${arn}/AWSLogs/${org.id}/*`]);
    expect(s.condition('logs_bucket', 'AWSCloudTrailOrganizationWrite', 'aws:SourceArn').values).toEqual([org.trail.arn]);
    // The environments' accounts, then the organization's, each once.
    const envAccounts = resolvePlan(ORGANIZATION_CONFIG).environments.map((e) => e.accountId);
    expect(org.trail.configAccountIds).toEqual([
      ...new Set([...envAccounts, org.management.accountId, org.security.accountId, org.logArchive.accountId]),
    ]);
    for (const account of org.trail.configAccountIds) {
      const sid = `AWSConfigBucketDelivery${account}`;
      expect(s.statement('logs_bucket', sid).resources).toEqual([`${arn}/config/AWSLogs/${account}/Config/*`]);
      expect(s.condition('logs_bucket', sid, 'aws:SourceOrgID').values).toEqual([org.id]);
      expect(s.condition('logs_bucket', sid, 'aws:SourceAccount').values).toEqual([account]);
    }
  });

  test('the bucket policy, evaluated: the organization trail writes under both prefixes, nothing else', async () => {
    await expectTrailWrites(policy(s, 'logs_bucket'), org);
  });

  test('the bucket policy, evaluated: AWS Config of the organization only, under trail.configPrefix only', async () => {
    await expectConfigDeliveries(policy(s, 'logs_bucket'), org);
  });

  test('the bucket policy, evaluated: the security account reads, another account does not', async () => {
    await expectInvestigatorReads(policy(s, 'logs_bucket'), org);
  });

  test("in GovCloud every ARN of the bucket and key policies is of the home region's partition, the trail's included", () => {
    const gov = resolvePlan(
      organizationConfigWith((c) => {
        c.organization.awsRegion = 'us-gov-west-1';
        c.organization.regions = ['us-gov-west-1', 'us-gov-east-1'];
        for (const env of Object.values(c.environments as Record<string, Record<string, unknown>>)) {
          env.awsRegion = 'us-gov-west-1';
          delete env.regions;
        }
      }),
    ).organization!;
    expect(gov.trail.arn).toBe('arn:aws-us-gov:cloudtrail:us-gov-west-1:100000000001:trail/govtech-organization-trail');
    const govArchive = synthArchive(gov);
    const text = JSON.stringify(['logs_bucket', 'org_trail_key'].map((d) => govArchive.data(DataAwsIamPolicyDocument, d).statement));
    const arns = text.match(/arn:[a-z-]+:/g) ?? [];
    expect(arns.length).toBeGreaterThan(10);
    expect(new Set(arns)).toEqual(new Set(['arn:aws-us-gov:']));
    expect(text).toContain(`"${gov.trail.arn}"`);
  });

  test('grantRead adds an account to the readers and the key decrypters, once', () => {
    const granted = synthArchive(org, {}, (a) => {
      a.grantRead('666666666666');
      a.grantRead('666666666666');
    });
    expect(granted.statement('logs_bucket', 'AllowInvestigatorsRead').principals).toEqual([
      { type: 'AWS', identifiers: [`arn:aws:iam::${org.security.accountId}:root`, 'arn:aws:iam::666666666666:root'] },
    ]);
    expect(granted.condition('org_trail_key', 'AllowCloudTrailLogDecryption', 'kms:CallerAccount').values).toEqual([
      LOG_ARCHIVE_ACCOUNT,
      org.security.accountId,
      '666666666666',
    ]);
  });

  test('server access logs go to <bucket>-access, secured the same way, written only by the S3 logging service (evaluated)', async () => {
    expect(s.resource(S3Bucket, 'access_logs')).toMatchObject({ bucket: `${ORG_LOGS_BUCKET}-access` });
    expect(s.resource(S3BucketLoggingA, 'logs')).toMatchObject({
      bucket: '${aws_s3_bucket.logs.id}',
      target_bucket: '${aws_s3_bucket.access_logs.id}',
      target_prefix: 's3-access-logs/',
    });
    expect(s.resource(S3BucketPublicAccessBlock, 'access_logs')).toMatchObject({
      block_public_policy: true,
      restrict_public_buckets: true,
    });
    expect(s.resource(S3BucketServerSideEncryptionConfigurationA, 'access_logs').rule[0]).toMatchObject({
      apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' },
    });
    expect(s.resource(S3BucketLifecycleConfiguration, 'access_logs').rule[0].expiration).toEqual([{ days: org.trail.retentionDays }]);
    expect(sids(s, 'access_logs_bucket')).toEqual(['S3ServerAccessLogsPolicy', 'DenyInsecureTransport']);
    await expectAccessLogsPolicy(policy(s, 'access_logs_bucket'), org);
  });

  test('the trail key: rotated, aliased alias/<project>-org-trail, with its policy', () => {
    expect(s.resource(KmsKey, 'org_trail')).toMatchObject({
      enable_key_rotation: true,
      rotation_period_in_days: 365,
      deletion_window_in_days: 30,
      policy: policyJson('org_trail_key'),
    });
    expect(s.resource(KmsAlias, 'org_trail')).toMatchObject({
      name: 'alias/govtech-org-trail',
      target_key_id: '${aws_kms_key.org_trail.key_id}',
    });
    expect(sids(s, 'org_trail_key')).toEqual([
      'EnableLogArchiveAccountAdministration',
      'AllowCloudTrailEncryptLogs',
      'AllowCloudTrailDescribeKey',
      'AllowCloudTrailLogDecryption',
      'AllowManagementAccountDescribeKey',
    ]);
    expect(s.condition('org_trail_key', 'AllowCloudTrailEncryptLogs', 'kms:EncryptionContext:aws:cloudtrail:arn')).toEqual({
      test: 'StringLike',
      values: [`arn:aws:cloudtrail:*:${org.management.accountId}:trail/*`],
    });
  });

  test('the key policy, evaluated: the organization trail encrypts, the security and log archive accounts decrypt, the management account only describes', async () => {
    await expectTrailKeyPolicy(policy(s, 'org_trail_key'), org);
  });

  test('a key deletion window outside 7 to 30 days is refused, naming the prop', () => {
    expect(() => synthArchive(org, { keyDeletionWindowInDays: 3 })).toThrow(
      'log_archive/trail_key: deletionWindowInDays = 3: must be a whole number of days from 7 to 30',
    );
  });
});

describe('OrgLogArchiveStack', () => {
  const org = ORGANIZATION;
  const app = Testing.app();
  const stack = new OrgLogArchiveStack(app, 'org-log-archive', { org });
  const json = JSON.parse(Testing.synth(stack));

  test('one AWS provider, the home region, the log archive account only', () => {
    expect(json.provider.aws).toHaveLength(1);
    expect(json.provider.aws[0]).toMatchObject({ region: ORG_REGION, allowed_account_ids: [LOG_ARCHIVE_ACCOUNT] });
    expect(json.provider.aws[0].default_tags[0].tags).toMatchObject({ Environment: 'organization', Project: 'govtech' });
  });

  test("its state under the plan's stack name, through the log archive account's state role", () => {
    expect(json.terraform.backend.s3).toMatchObject({
      key: 'govtech/org-log-archive/terraform.tfstate',
      assume_role: { role_arn: org.logArchive.state.roleArn },
    });
  });

  test('outputs org_trail_key_arn and org_logs_bucket_name, with static names', () => {
    expect(json.output.org_trail_key_arn.value).toBe('${aws_kms_key.org_trail.arn}');
    expect(json.output.org_logs_bucket_name.value).toBe('${aws_s3_bucket.logs.id}');
  });
});
