/**
 * What the log archive's policies must let and refuse, evaluated with the policy simulator the
 * same way on the synthesized documents (organization-log-archive.test.ts) and on the planned
 * ones (terraform/organization-plan.test.ts).
 */
import type { OrganizationPlan } from '../../src/config/organization-plan';
import { Decision, decide } from './policy-sim';

/** A policy as the simulator takes it (rendered here or parsed from a plan). */
export type PolicyJson = Parameters<typeof decide>[0];

const OTHER_ACCOUNT = '999999999999';
const OTHER_ORG = 'o-zzzzzzzzzz';
const MEMBER = '111111111111';
const OWNER_FULL_CONTROL = { 's3:x-amz-acl': 'bucket-owner-full-control' };

/** A bucket request over TLS unless the context says otherwise. */
function bucketRequest(policy: PolicyJson, org: OrganizationPlan) {
  const bucket = `arn:aws:s3:::${org.trail.bucket}`;
  return (principal: string, action: string, key: string | undefined, context: Record<string, string> = {}): Promise<Decision> =>
    decide(policy, {
      principal,
      action,
      resource: key === undefined ? bucket : `${bucket}/${key}`,
      resourceAccount: org.logArchive.accountId,
      context: { 'aws:SecureTransport': 'true', ...context },
    });
}

/** The organization trail writes under both prefixes; another trail, HTTP, another ACL, another prefix are refused. */
export async function expectTrailWrites(policy: PolicyJson, org: OrganizationPlan): Promise<void> {
  const req = bucketRequest(policy, org);
  const trail = { 'aws:SourceArn': org.trail.arn };
  const write = { ...trail, ...OWNER_FULL_CONTROL };
  const orgKey = `AWSLogs/${org.id}/${MEMBER}/CloudTrail/${org.awsRegion}/2026/11/29/x.json.gz`;
  const managementKey = `AWSLogs/${org.management.accountId}/CloudTrail/${org.awsRegion}/2026/11/29/x.json.gz`;
  const ct = 'cloudtrail.amazonaws.com';
  expect(await req(ct, 's3:GetBucketAcl', undefined, trail)).toBe('Allowed');
  expect(await req(ct, 's3:PutObject', orgKey, write)).toBe('Allowed');
  expect(await req(ct, 's3:PutObject', managementKey, write)).toBe('Allowed');
  expect(await req(ct, 's3:PutObject', `AWSLogs/${org.id}/${MEMBER}/CloudTrail-Digest/x.json.gz`, write)).toBe('Allowed');

  // Another organization's trail (its own management account), or another trail of this one.
  for (const other of [`arn:aws:cloudtrail:${org.awsRegion}:${OTHER_ACCOUNT}:trail/${org.trail.name}`, `${org.trail.arn}-copy`]) {
    expect(await req(ct, 's3:GetBucketAcl', undefined, { 'aws:SourceArn': other })).toBe('ImplicitlyDenied');
    expect(await req(ct, 's3:PutObject', orgKey, { ...write, 'aws:SourceArn': other })).toBe('ImplicitlyDenied');
  }
  expect(await req(ct, 's3:PutObject', `AWSLogs/${OTHER_ORG}/${MEMBER}/CloudTrail/x.json.gz`, write)).toBe('ImplicitlyDenied');
  expect(await req(ct, 's3:PutObject', `AWSLogs/${OTHER_ACCOUNT}/CloudTrail/x.json.gz`, write)).toBe('ImplicitlyDenied');
  expect(await req(ct, 's3:PutObject', `${org.trail.configPrefix}/AWSLogs/${MEMBER}/Config/x`, write)).toBe('ImplicitlyDenied');
  expect(await req(ct, 's3:PutObject', orgKey, trail)).toBe('ImplicitlyDenied');
  expect(await req(ct, 's3:PutObject', orgKey, { ...trail, 's3:x-amz-acl': 'private' })).toBe('ImplicitlyDenied');
  expect(await req(ct, 's3:PutObject', orgKey, { ...write, 'aws:SecureTransport': 'false' })).toBe('ExplicitlyDenied');
}

/**
 * Config of each account of the deployment delivers under its own prefix only; another account's
 * prefix, an account the config does not name, outside the organization or the prefix: refused.
 */
export async function expectConfigDeliveries(policy: PolicyJson, org: OrganizationPlan): Promise<void> {
  const req = bucketRequest(policy, org);
  const inOrg = { 'aws:SourceOrgID': org.id };
  const write = { ...inOrg, ...OWNER_FULL_CONTROL };
  const key = (account: string) =>
    `${org.trail.configPrefix}/AWSLogs/${account}/Config/${org.awsRegion}/2026/11/29/ConfigHistory/x.json.gz`;
  const config = 'config.amazonaws.com';
  for (const action of ['s3:GetBucketAcl', 's3:ListBucket']) {
    expect(await req(config, action, undefined, inOrg)).toBe('Allowed');
    expect(await req(config, action, undefined, { 'aws:SourceOrgID': OTHER_ORG })).toBe('ImplicitlyDenied');
  }
  expect(org.trail.configAccountIds).toEqual(expect.arrayContaining([MEMBER, org.security.accountId, org.management.accountId]));
  const own = (account: string) => ({ ...write, 'aws:SourceAccount': account });
  for (const account of org.trail.configAccountIds) {
    expect(await req(config, 's3:PutObject', key(account), own(account))).toBe('Allowed');
  }
  // A member writing under another account's prefix (its own recorder pointed at the other's path).
  expect(await req(config, 's3:PutObject', key(org.security.accountId), own(MEMBER))).toBe('ImplicitlyDenied');
  // An account of the organization that the config does not name.
  expect(await req(config, 's3:PutObject', key(OTHER_ACCOUNT), own(OTHER_ACCOUNT))).toBe('ImplicitlyDenied');
  expect(await req(config, 's3:PutObject', key(OTHER_ACCOUNT), { ...own(OTHER_ACCOUNT), 'aws:SourceOrgID': OTHER_ORG })).toBe(
    'ImplicitlyDenied',
  );
  expect(await req(config, 's3:PutObject', key(MEMBER), { ...own(MEMBER), 'aws:SourceOrgID': OTHER_ORG })).toBe('ImplicitlyDenied');
  expect(await req(config, 's3:PutObject', `AWSLogs/${MEMBER}/Config/x.json.gz`, own(MEMBER))).toBe('ImplicitlyDenied');
  expect(await req(config, 's3:PutObject', `AWSLogs/${org.id}/${MEMBER}/CloudTrail/x.json.gz`, own(MEMBER))).toBe('ImplicitlyDenied');
  expect(await req(config, 's3:PutObject', key(MEMBER), { ...inOrg, 'aws:SourceAccount': MEMBER })).toBe('ImplicitlyDenied');
  expect(await req(config, 's3:PutObject', key(MEMBER), { ...own(MEMBER), 'aws:SecureTransport': 'false' })).toBe('ExplicitlyDenied');
}

/** The security account reads; other accounts, and writes or deletes by the security account, are refused. */
export async function expectInvestigatorReads(policy: PolicyJson, org: OrganizationPlan): Promise<void> {
  const req = bucketRequest(policy, org);
  const investigator = `arn:aws:iam::${org.security.accountId}:role/investigator`;
  const intruder = `arn:aws:iam::${OTHER_ACCOUNT}:role/intruder`;
  const orgKey = `AWSLogs/${org.id}/${MEMBER}/CloudTrail/x.json.gz`;
  expect(await req(investigator, 's3:GetObject', orgKey)).toBe('Allowed');
  expect(await req(investigator, 's3:ListBucket', undefined)).toBe('Allowed');
  expect(await req(investigator, 's3:GetObject', orgKey, { 'aws:SecureTransport': 'false' })).toBe('ExplicitlyDenied');
  for (const action of ['s3:PutObject', 's3:DeleteObject']) expect(await req(investigator, action, orgKey)).toBe('ImplicitlyDenied');
  expect(await req(intruder, 's3:GetObject', orgKey)).toBe('ImplicitlyDenied');
  expect(await req(intruder, 's3:PutObject', orgKey, OWNER_FULL_CONTROL)).toBe('ImplicitlyDenied');
  expect(await req(intruder, 's3:ListBucket', undefined)).toBe('ImplicitlyDenied');
}

/** The trail key: CloudTrail encrypts for the organization trail only; the security and log archive accounts decrypt; the management account only describes. */
export async function expectTrailKeyPolicy(policy: PolicyJson, org: OrganizationPlan): Promise<void> {
  const keyArn = `arn:aws:kms:${org.awsRegion}:${org.logArchive.accountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const req = (principal: string, action: string, context: Record<string, string>) =>
    decide(policy, { principal, action, resource: keyArn, resourceAccount: org.logArchive.accountId, context });
  const ctxTrail = (account: string) => `arn:aws:cloudtrail:eu-west-1:${account}:trail/${org.trail.name}`;
  const encrypt = { 'aws:SourceArn': org.trail.arn, 'kms:EncryptionContext:aws:cloudtrail:arn': ctxTrail(org.management.accountId) };
  const ct = 'cloudtrail.amazonaws.com';
  expect(await req(ct, 'kms:GenerateDataKey', encrypt)).toBe('Allowed');
  expect(await req(ct, 'kms:DescribeKey', { 'aws:SourceArn': org.trail.arn })).toBe('Allowed');
  const otherTrail = `arn:aws:cloudtrail:${org.awsRegion}:${OTHER_ACCOUNT}:trail/${org.trail.name}`;
  expect(await req(ct, 'kms:GenerateDataKey', { ...encrypt, 'aws:SourceArn': otherTrail })).toBe('ImplicitlyDenied');
  expect(await req(ct, 'kms:GenerateDataKey', { ...encrypt, 'kms:EncryptionContext:aws:cloudtrail:arn': ctxTrail(OTHER_ACCOUNT) })).toBe(
    'ImplicitlyDenied',
  );
  expect(await req(ct, 'kms:DescribeKey', { 'aws:SourceArn': otherTrail })).toBe('ImplicitlyDenied');
  expect(await req(ct, 'kms:Decrypt', encrypt)).toBe('ImplicitlyDenied');

  const decrypt = (account: string, contextAccount = org.management.accountId) =>
    req(`arn:aws:iam::${account}:role/investigator`, 'kms:Decrypt', {
      'kms:CallerAccount': account,
      'kms:EncryptionContext:aws:cloudtrail:arn': ctxTrail(contextAccount),
    });
  expect(await decrypt(org.security.accountId)).toBe('Allowed');
  expect(await decrypt(org.logArchive.accountId)).toBe('Allowed');
  expect(await decrypt(org.security.accountId, OTHER_ACCOUNT)).toBe('ImplicitlyDenied');
  expect(await decrypt(OTHER_ACCOUNT)).toBe('ImplicitlyDenied');
  expect(await decrypt(org.management.accountId)).toBe('ImplicitlyDenied');

  // The management account describes the key (the trail's validation) and nothing more.
  const admin = (account: string) => `arn:aws:iam::${account}:role/admin`;
  expect(await req(admin(org.management.accountId), 'kms:DescribeKey', {})).toBe('Allowed');
  for (const action of ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:DisableKey']) {
    expect(await req(admin(org.management.accountId), action, {})).toBe('ImplicitlyDenied');
    expect(await req(admin(org.security.accountId), action, {})).toBe('ImplicitlyDenied');
    expect(await req(admin(org.logArchive.accountId), action, {})).toBe('Allowed');
  }
}

/** The access-logs bucket: only the S3 logging service, for the log archive bucket of its account, over TLS. */
export async function expectAccessLogsPolicy(policy: PolicyJson, org: OrganizationPlan): Promise<void> {
  const put = (principal: string, key: string, context: Record<string, string>) =>
    decide(policy, {
      principal,
      action: 's3:PutObject',
      resource: `arn:aws:s3:::${org.trail.bucket}-access/${key}`,
      resourceAccount: org.logArchive.accountId,
      context: { 'aws:SecureTransport': 'true', ...context },
    });
  const own = { 'aws:SourceArn': `arn:aws:s3:::${org.trail.bucket}`, 'aws:SourceAccount': org.logArchive.accountId };
  const logging = 'logging.s3.amazonaws.com';
  expect(await put(logging, 's3-access-logs/2026-11-29-08-00-00-ABCDEF', own)).toBe('Allowed');
  expect(await put(logging, 's3-access-logs/x', { ...own, 'aws:SourceArn': 'arn:aws:s3:::another-bucket' })).toBe('ImplicitlyDenied');
  expect(await put(logging, 's3-access-logs/x', { ...own, 'aws:SourceAccount': OTHER_ACCOUNT })).toBe('ImplicitlyDenied');
  expect(await put(logging, 's3-access-logs/x', { ...own, 'aws:SecureTransport': 'false' })).toBe('ExplicitlyDenied');
  for (const principal of ['cloudtrail.amazonaws.com', 'config.amazonaws.com', `arn:aws:iam::${OTHER_ACCOUNT}:role/intruder`]) {
    expect(await put(principal, 's3-access-logs/x', { ...own, ...OWNER_FULL_CONTROL })).toBe('ImplicitlyDenied');
  }
}
