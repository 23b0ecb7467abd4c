/**
 * The organization's log archive, in the log archive account: the bucket `org.trail.bucket`
 * that receives the organization trail and every member's AWS Config deliveries, its
 * access-logs bucket, and the organization trail's KMS key.
 *
 * The bucket is a LogsBucket (private, TLS-only, versioned, SSE-S3 by default, ACLs disabled,
 * archived then expired, server access logs to `<bucket>-access`) without the standalone
 * writers' statements: its writers are the organization's, each limited to this organization.
 * - CloudTrail: the organization trail only (`aws:SourceArn`), under `AWSLogs/<management>/`
 *   and `AWSLogs/<org-id>/` with `bucket-owner-full-control`, no key prefix (the trail sets no
 *   `s3_key_prefix`). Source: AWS CloudTrail User Guide, "Amazon S3 bucket policy for
 *   CloudTrail", organization trail example
 *   (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html).
 * - AWS Config of every member account, under `<configPrefix>/AWSLogs/<account>/Config/`,
 *   limited to the organization by `aws:SourceOrgID` as AWS Control Tower's central bucket
 *   does (https://docs.aws.amazon.com/controltower/latest/userguide/logging-s3-audit-bucket.html);
 *   cross-account delivery writes as `config.amazonaws.com`, which checks the bucket first
 *   (GetBucketAcl, ListBucket): AWS Config Developer Guide, "Permissions for the Amazon S3
 *   Bucket" (https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html).
 * - The S3 logging service, into the access-logs bucket, for this bucket of this account only.
 * The security account may list and read the archive (investigations), and decrypt the trail's
 * log files with the key; `grantRead` adds another account.
 * BucketOwnerEnforced (from secureBucket) still accepts PUTs with the `bucket-owner-full-control`
 * canned ACL, as both services send (S3 API reference, ObjectOwnership).
 *
 * Why the trail's key lives here and not in the management account (org-design.md, as AWS
 * Landing Zone Accelerator does): beside the bucket it protects, administered by the log
 * archive account. The management account's administrators can stop the trail, but they cannot
 * also rewrite who may decrypt its logs or schedule the key's deletion; the security account
 * is granted decrypt for its investigations.
 */
import { Construct } from 'constructs';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { ORGANIZATION_ENVIRONMENT, OrganizationPlan } from '../config/organization-plan';
import { awsPrincipal, condition, PolicyStatement, ResourcePolicyDocument, servicePrincipal, StatementSource } from './iam';
import { checkDeletionWindow } from './kms';
import { LogsBucket } from './logs-bucket';

/** `alias/<project>-org-trail`, the trail key's alias. */
export function organizationTrailKeyAlias(projectName: string): string {
  return `alias/${projectName}-org-trail`;
}

/** `arn:<partition>:iam::<account>:root`: the account, whose IAM policies then decide. */
function root(org: OrganizationPlan, accountId: string): string {
  return `arn:${org.partition}:iam::${accountId}:root`;
}

const OWNER_FULL_CONTROL = condition('StringEquals', 's3:x-amz-acl', 'bucket-owner-full-control');

/** The organization trail's statements: ACL check and writes under the management account's and the organization's prefixes. */
export function organizationTrailStatements(org: OrganizationPlan, bucketArn: string): PolicyStatement[] {
  const cloudtrail = servicePrincipal('cloudtrail.amazonaws.com');
  const thisTrail = condition('StringEquals', 'aws:SourceArn', org.trail.arn);
  const write = (sid: string, owner: string): PolicyStatement => ({
    sid,
    principals: cloudtrail,
    actions: ['s3:PutObject'],
    resources: [`${bucketArn}/AWSLogs/${owner}/*`],
    condition: [OWNER_FULL_CONTROL, thisTrail],
  });
  return [
    { sid: 'AWSCloudTrailAclCheck', principals: cloudtrail, actions: ['s3:GetBucketAcl'], resources: [bucketArn], condition: [thisTrail] },
    // Before the trail became an organization trail it wrote under the management account's own prefix.
    write('AWSCloudTrailWrite', org.management.accountId),
    write('AWSCloudTrailOrganizationWrite', org.id),
  ];
}

/** AWS Config delivery from every account of the organization, under `<configPrefix>/AWSLogs/<account>/Config/`. */
export function organizationConfigStatements(org: OrganizationPlan, bucketArn: string): PolicyStatement[] {
  const config = servicePrincipal('config.amazonaws.com');
  const organization = condition('StringEquals', 'aws:SourceOrgID', org.id);
  return [
    {
      sid: 'AWSConfigBucketPermissionsCheck',
      principals: config,
      actions: ['s3:GetBucketAcl'],
      resources: [bucketArn],
      condition: [organization],
    },
    {
      sid: 'AWSConfigBucketExistenceCheck',
      principals: config,
      actions: ['s3:ListBucket'],
      resources: [bucketArn],
      condition: [organization],
    },
    // One statement per account, its prefix tied to aws:SourceAccount (AWS Config developer guide, "Permissions for
    // the Amazon S3 Bucket": `AWSLogs/<sourceAccountID>/Config/*` with aws:SourceAccount), so that no account of the
    // organization writes under another's prefix.
    ...org.trail.configAccountIds.map((account) => ({
      sid: `AWSConfigBucketDelivery${account}`,
      principals: config,
      actions: ['s3:PutObject'],
      resources: [`${bucketArn}/${org.trail.configPrefix}/AWSLogs/${account}/Config/*`],
      condition: [OWNER_FULL_CONTROL, organization, condition('StringEquals', 'aws:SourceAccount', account)],
    })),
  ];
}

/** The trail key's policy; the decrypt statement lists `decryptingAccounts` as they are when the stack is synthesized. */
function trailKeyStatements(org: OrganizationPlan, decryptingAccounts: readonly string[]): StatementSource[] {
  const cloudtrail = servicePrincipal('cloudtrail.amazonaws.com');
  const thisTrail = condition('StringEquals', 'aws:SourceArn', org.trail.arn);
  // CloudTrail names the writing trail, of any region, in the encryption context.
  const managementTrail = condition(
    'StringLike',
    'kms:EncryptionContext:aws:cloudtrail:arn',
    `arn:${org.partition}:cloudtrail:*:${org.management.accountId}:trail/*`,
  );
  return [
    {
      sid: 'EnableLogArchiveAccountAdministration',
      principals: awsPrincipal(root(org, org.logArchive.accountId)),
      actions: ['kms:*'],
      resources: ['*'],
    },
    {
      sid: 'AllowCloudTrailEncryptLogs',
      principals: cloudtrail,
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
      condition: [thisTrail, managementTrail],
    },
    { sid: 'AllowCloudTrailDescribeKey', principals: cloudtrail, actions: ['kms:DescribeKey'], resources: ['*'], condition: [thisTrail] },
    // Every account granted is both a principal and the caller account: the latter as AWS documents it.
    () =>
      decryptingAccounts.length === 0
        ? undefined
        : {
            sid: 'AllowCloudTrailLogDecryption',
            principals: awsPrincipal(...decryptingAccounts.map((a) => root(org, a))),
            actions: ['kms:Decrypt', 'kms:ReEncryptFrom'],
            resources: ['*'],
            condition: [condition('StringEquals', 'kms:CallerAccount', ...decryptingAccounts), managementTrail],
          },
    {
      sid: 'AllowManagementAccountDescribeKey',
      principals: awsPrincipal(root(org, org.management.accountId)),
      actions: ['kms:DescribeKey'],
      resources: ['*'],
    },
  ];
}

export interface OrganizationTrailKeyProps {
  readonly org: OrganizationPlan;
  /** Days before a scheduled deletion takes effect: 7 to 30, as KMS allows. @default 30 */
  readonly deletionWindowInDays?: number;
}

/**
 * The organization trail's KMS key (`aws_kms_key.org_trail`, alias `alias/<project>-org-trail`),
 * rotated yearly. Key policy, after AWS CloudTrail User Guide, "Configure AWS KMS key policies
 * for CloudTrail" (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html):
 * the log archive account administers it; CloudTrail encrypts for the organization trail only
 * (`aws:SourceArn`) under an encryption context naming a trail of the management account, and
 * describes it; the accounts granted decrypt ("Granting decrypt permissions": `kms:CallerAccount`
 * and the same context) read the log files; the management account describes it (creating or
 * updating the trail validates the key).
 */
export class OrganizationTrailKey extends Construct {
  readonly key: KmsKey;
  readonly alias: KmsAlias;
  readonly keyArn: string;
  readonly policyDocument: ResourcePolicyDocument;
  private readonly decryptingAccounts: string[] = [];

  constructor(scope: Construct, id: string, props: OrganizationTrailKeyProps) {
    super(scope, id);
    checkDeletionWindow(this, props.deletionWindowInDays);
    const { org } = props;
    this.policyDocument = new ResourcePolicyDocument(this, 'org_trail_key', trailKeyStatements(org, this.decryptingAccounts));
    this.key = new KmsKey(this, 'org_trail', {
      description: `${org.projectName} organization trail ${org.trail.name}: log files in ${org.trail.bucket}`,
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      policy: this.policyDocument.json,
    });
    this.key.overrideLogicalId('org_trail');
    this.alias = new KmsAlias(this, 'org_trail_alias', { name: organizationTrailKeyAlias(org.projectName), targetKeyId: this.key.keyId });
    this.alias.overrideLogicalId('org_trail');
    this.keyArn = this.key.arn;
  }

  /** Let principals of `accountId` (as its IAM policies allow) decrypt the organization trail's log files. */
  grantDecrypt(accountId: string): void {
    if (!this.decryptingAccounts.includes(accountId)) this.decryptingAccounts.push(accountId);
  }
}

export interface OrganizationLogArchiveProps {
  readonly org: OrganizationPlan;
  /** Days before a scheduled deletion of the trail key takes effect. @default 30 */
  readonly keyDeletionWindowInDays?: number;
}

/** The log archive bucket with the organization's writers and readers, its access-logs bucket, and the trail key. */
export class OrganizationLogArchive extends Construct {
  readonly logs: LogsBucket;
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly trailKey: OrganizationTrailKey;
  private readonly readingAccounts: string[] = [];

  constructor(scope: Construct, id: string, props: OrganizationLogArchiveProps) {
    super(scope, id);
    const { org } = props;
    this.logs = new LogsBucket(this, 'logs', {
      context: {
        projectName: org.projectName,
        environment: ORGANIZATION_ENVIRONMENT,
        accountId: org.logArchive.accountId,
        awsRegion: org.awsRegion,
        partition: org.partition,
      },
      bucketName: org.trail.bucket,
      retentionDays: org.trail.retentionDays,
      archiveAfterDays: org.trail.archiveAfterDays,
      // The standalone writers (this account's trail and Config) do not write here: the organization's do.
      writers: [],
    });
    this.bucketName = this.logs.bucketName;
    this.bucketArn = this.logs.bucketArn;
    for (const statement of [...organizationTrailStatements(org, this.bucketArn), ...organizationConfigStatements(org, this.bucketArn)]) {
      this.logs.addToResourcePolicy(statement);
    }
    this.logs.addToResourcePolicy(() =>
      this.readingAccounts.length === 0
        ? undefined
        : {
            sid: 'AllowInvestigatorsRead',
            principals: awsPrincipal(...this.readingAccounts.map((a) => root(org, a))),
            actions: ['s3:GetObject', 's3:ListBucket'],
            resources: [this.bucketArn, `${this.bucketArn}/*`],
          },
    );

    this.trailKey = new OrganizationTrailKey(this, 'trail_key', { org, deletionWindowInDays: props.keyDeletionWindowInDays });
    // The log archive account owns the bucket; it reads the log files with the key.
    this.trailKey.grantDecrypt(org.logArchive.accountId);
    this.grantRead(org.security.accountId);
  }

  /** Let principals of `accountId` (as its IAM policies allow) list and read the archive and decrypt the trail's log files. */
  grantRead(accountId: string): void {
    if (!this.readingAccounts.includes(accountId)) this.readingAccounts.push(accountId);
    this.trailKey.grantDecrypt(accountId);
  }
}
