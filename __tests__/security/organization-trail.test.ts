/**
 * The organization trail: its settings, its log group and the role CloudTrail delivers to it
 * with, whose trust and permissions are evaluated with the policy simulator.
 */
import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { DataResource } from 'cdktf';
import { SecurityKey } from '../../src/security/kms';
import { OrganizationTrail, OrganizationTrailProps } from '../../src/security/organization-trail';
import { decide, decideRequest, renderPolicy } from '../helpers/policy-sim';
import { PARTITION, policyJson, ref, synth } from '../helpers/unit';
import { resolvePlan } from '../../src/config/plan';
import { ORGANIZATION_CONFIG } from '../fixtures/organization-config';

const org = resolvePlan(ORGANIZATION_CONFIG).organization!;
const ORG = {
  home: org.awsRegion,
  other: org.regions[1],
  management: org.management.accountId,
  security: org.security.accountId,
  logArchive: org.logArchive.accountId,
};
const TRAIL_KEY_ARN = `arn:aws:kms:${ORG.home}:${ORG.logArchive}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const LOG_GROUP = '/aws/cloudtrail/govtech-organization-trail';
const ROLE_ARN = `arn:aws:iam::${ORG.management}:role/govtech-organization-trail-to-logs`;
const REFS = { 'data.aws_partition.current.partition': 'aws' };

function synthTrail(overrides: Partial<Omit<OrganizationTrailProps, 'context' | 'logGroupKey'>> = {}) {
  return synth(
    (scope, context) => {
      const key = new SecurityKey(scope, 'kms', { context });
      new OrganizationTrail(scope, 'trail', {
        context,
        organizationId: org.id,
        trail: org.trail,
        trailKeyArn: TRAIL_KEY_ARN,
        logGroupKey: key,
        ...overrides,
      });
    },
    { accountId: ORG.management, awsRegion: ORG.home, environment: 'management' },
  );
}

describe('OrganizationTrail', () => {
  const s = synthTrail();
  const trail = s.resource(Cloudtrail, 'organization');

  test('aws_cloudtrail.organization: an organization trail, multi-region, global events, validated, KMS-encrypted with the log archive key, into the log archive bucket', () => {
    expect(trail).toMatchObject({
      name: 'govtech-organization-trail',
      s3_bucket_name: `govtech-org-logs-${ORG.logArchive}`,
      is_organization_trail: true,
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      kms_key_id: TRAIL_KEY_ARN,
    });
    // At the bucket's root: AWSLogs/<org-id>/..., the prefix the log archive bucket policy grants.
    expect(trail.s3_key_prefix).toBeUndefined();
  });

  test('records management events, and S3 object events of every bucket but the log archive bucket and its access-logs bucket', () => {
    expect(trail.advanced_event_selector[0].field_selector).toEqual([{ field: 'eventCategory', equals: ['Management'] }]);
    expect(trail.advanced_event_selector[1].field_selector[2].not_starts_with).toEqual([
      `arn:${PARTITION}:s3:::${org.trail.bucket}/`,
      `arn:${PARTITION}:s3:::${org.trail.bucket}-access/`,
    ]);
  });

  test('streams to its log group (ARN with :*) through the delivery role, once the role may write', () => {
    expect(trail.cloud_watch_logs_group_arn).toBe(`${ref(CloudwatchLogGroup, 'organization_trail', 'arn')}:*`);
    expect(trail.cloud_watch_logs_role_arn).toBe(ref(IamRole, 'organization_trail_cloudwatch', 'arn'));
    expect(trail.depends_on).toEqual(['aws_iam_role_policy.organization_trail_cloudwatch']);
    // And on what the stack passes (the trusted-access check).
    const waiting = synth(
      (scope, context) => {
        const key = new SecurityKey(scope, 'kms', { context });
        const check = new DataResource(scope, 'check');
        new OrganizationTrail(scope, 'trail', {
          context,
          organizationId: org.id,
          trail: org.trail,
          trailKeyArn: TRAIL_KEY_ARN,
          logGroupKey: key,
          dependsOn: [check],
        });
      },
      { accountId: ORG.management, awsRegion: ORG.home },
    );
    expect(waiting.resource(Cloudtrail, 'organization').depends_on).toEqual([
      'aws_iam_role_policy.organization_trail_cloudwatch',
      'terraform_data.check',
    ]);
  });

  test('log group /aws/cloudtrail/<trail>, a year by default, encrypted with the management key, which CloudWatch Logs may use for this group only', () => {
    expect(s.resource(CloudwatchLogGroup, 'organization_trail')).toMatchObject({
      name: LOG_GROUP,
      retention_in_days: 365,
      kms_key_id: ref(KmsKey, 'govtech_main', 'arn'),
    });
    expect(s.condition('kms_key_policy', 'AllowCloudWatchLogsForModuleLogGroups', 'kms:EncryptionContext:aws:logs:arn').values).toEqual([
      `arn:${PARTITION}:logs:${ORG.home}:${ORG.management}:log-group:${LOG_GROUP}`,
    ]);
    expect(synthTrail({ logGroupRetentionDays: 731 }).resource(CloudwatchLogGroup, 'organization_trail').retention_in_days).toBe(731);
  });

  test('a delivery role name over 64 characters is refused, naming the trail', () => {
    expect(() => synthTrail({ trail: { ...org.trail, name: `${'x'.repeat(50)}-organization-trail` } })).toThrow(
      /trail\.name = "x+-organization-trail": the delivery role .* has 77 characters; IAM allows at most 64/,
    );
  });

  describe('delivery role (evaluated)', () => {
    const role = s.resource(IamRole, 'organization_trail_cloudwatch');
    const trust = renderPolicy(s.data(DataAwsIamPolicyDocument, 'organization_trail_assume_role').statement, REFS);
    const permissions = renderPolicy(s.data(DataAwsIamPolicyDocument, 'organization_trail_deliver').statement, REFS);
    const stream = (name: string, group = LOG_GROUP) => `arn:aws:logs:${ORG.home}:${ORG.management}:log-group:${group}:log-stream:${name}`;
    const write = (action: string, resource: string) =>
      decideRequest({ principal: ROLE_ARN, action, resource, resourceAccount: ORG.management, identityPolicies: [permissions] });

    test('its trust and permissions are the rendered documents', () => {
      expect(role.assume_role_policy).toBe(policyJson('organization_trail_assume_role'));
      expect(s.resource(IamRolePolicy, 'organization_trail_cloudwatch').policy).toBe(policyJson('organization_trail_deliver'));
    });

    test('CloudTrail may assume it; another service or another account may not', async () => {
      const assume = (principal: string) =>
        decide(trust, { principal, action: 'sts:AssumeRole', resource: ROLE_ARN, resourceAccount: ORG.management });
      expect(await assume('cloudtrail.amazonaws.com')).toBe('Allowed');
      expect(await assume('logs.amazonaws.com')).toBe('ImplicitlyDenied');
      expect(await assume('arn:aws:iam::999999999999:role/intruder')).toBe('ImplicitlyDenied');
    });

    test("it may create and write the organization's streams and the management account's own", async () => {
      for (const name of [`${org.id}_${ORG.security}_CloudTrail_${ORG.other}`, `${ORG.management}_CloudTrail_${ORG.home}`]) {
        expect(await write('logs:CreateLogStream', stream(name))).toBe('Allowed');
        expect(await write('logs:PutLogEvents', stream(name))).toBe('Allowed');
      }
    });

    test("another organization's streams, another account's, another log group and other actions are refused", async () => {
      expect(await write('logs:PutLogEvents', stream(`o-zzzzzzzzzz_${ORG.security}_CloudTrail_${ORG.home}`))).toBe('ImplicitlyDenied');
      expect(await write('logs:PutLogEvents', stream(`999999999999_CloudTrail_${ORG.home}`))).toBe('ImplicitlyDenied');
      expect(await write('logs:PutLogEvents', stream(`${org.id}_x`, '/aws/lambda/other'))).toBe('ImplicitlyDenied');
      expect(await write('logs:DeleteLogStream', stream(`${org.id}_x`))).toBe('ImplicitlyDenied');
    });
  });
});
