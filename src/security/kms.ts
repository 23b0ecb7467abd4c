/**
 * KMS: the module's customer managed key (`aws_kms_key.govtech_main`) and its alias.
 *
 * The key policy grants exactly the services the module and its consumers use:
 * CloudTrail (this trail only), CloudWatch Logs (this module's log groups only; the grant the
 * documented module forgot, without which its encrypted log group cannot be created),
 * RDS, S3 and Secrets Manager through `kms:ViaService` for principals of this account, and
 * the services that publish to the encrypted alerts topic.
 */
import { Construct } from 'constructs';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { accountRoot, arnOf, regionalServicePrincipal, resourceNames, SecurityContext } from './context';
import { awsPrincipal, condition, PolicyStatement, policyDocument, servicePrincipal } from './iam';
import { checkNumber, wholeNumberIn } from './validation';

/** Services that principals of the account may use the key through (`kms:ViaService`). */
export const KEY_CONSUMER_SERVICES = ['rds', 'secretsmanager', 's3'] as const;

export interface SecurityKeyProps {
  readonly context: SecurityContext;
  /** ARN of the trail allowed to encrypt with the key (`aws:SourceArn`). */
  readonly trailArn: string;
  /** ARNs of the log groups allowed to be encrypted with the key. */
  readonly logGroupArns: string[];
  /** Days before a scheduled deletion takes effect: 7 to 30, as KMS allows. @default 30 */
  readonly deletionWindowInDays?: number;
  /** Services whose principals may use the key via `kms:ViaService`. @default KEY_CONSUMER_SERVICES */
  readonly consumerServices?: readonly string[];
  /** Service principals that publish to topics encrypted with the key (see ALERT_PUBLISHERS). */
  readonly publisherServices: readonly string[];
}

export class SecurityKey extends Construct {
  readonly key: KmsKey;
  readonly alias: KmsAlias;
  /** Key ID (UUID). */
  readonly keyId: string;
  readonly keyArn: string;

  constructor(scope: Construct, id: string, props: SecurityKeyProps) {
    super(scope, id);
    checkNumber(this, 'deletionWindowInDays', props.deletionWindowInDays, wholeNumberIn(7, 30), 'be a whole number of days from 7 to 30 (the waiting period KMS allows before deleting a key)');
    const ctx = props.context;
    const cloudtrail = 'cloudtrail.amazonaws.com';
    // CloudTrail puts the ARN of the writing trail, in any region, in the encryption context.
    const anyTrailOfAccount = arnOf(ctx, 'cloudtrail', 'trail/*', { region: '*' });
    const statements: PolicyStatement[] = [
      {
        sid: 'EnableAccountRootPermissions',
        principals: awsPrincipal(accountRoot(ctx)),
        actions: ['kms:*'],
        resources: ['*'],
      },
      {
        sid: 'AllowCloudTrailEncryptLogs',
        principals: servicePrincipal(cloudtrail),
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        condition: [
          condition('StringEquals', 'aws:SourceArn', props.trailArn),
          condition('StringLike', 'kms:EncryptionContext:aws:cloudtrail:arn', anyTrailOfAccount),
        ],
      },
      {
        sid: 'AllowCloudTrailDescribeKey',
        principals: servicePrincipal(cloudtrail),
        actions: ['kms:DescribeKey'],
        resources: ['*'],
        condition: [condition('StringEquals', 'aws:SourceArn', props.trailArn)],
      },
      {
        sid: 'AllowAccountToDecryptCloudTrailLogs',
        principals: awsPrincipal('*'),
        actions: ['kms:Decrypt', 'kms:ReEncryptFrom'],
        resources: ['*'],
        condition: [
          condition('StringEquals', 'kms:CallerAccount', ctx.accountId),
          condition('StringLike', 'kms:EncryptionContext:aws:cloudtrail:arn', anyTrailOfAccount),
        ],
      },
      {
        sid: 'AllowCloudWatchLogsForModuleLogGroups',
        principals: servicePrincipal(regionalServicePrincipal(ctx, 'logs')),
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        condition: [condition('ArnEquals', 'kms:EncryptionContext:aws:logs:arn', ...props.logGroupArns)],
      },
      {
        sid: 'AllowAccountUseThroughServices',
        principals: awsPrincipal('*'),
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:ListGrants', 'kms:DescribeKey'],
        resources: ['*'],
        condition: [
          condition('StringEquals', 'kms:CallerAccount', ctx.accountId),
          condition('StringEquals', 'kms:ViaService', ...(props.consumerServices ?? KEY_CONSUMER_SERVICES).map((s) => regionalServicePrincipal(ctx, s))),
        ],
      },
      {
        sid: 'AllowAlertPublishersToUseEncryptedTopic',
        principals: servicePrincipal(...props.publisherServices),
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
      },
    ];
    const policy = policyDocument(this, 'kms_key_policy', statements);

    this.key = new KmsKey(this, 'govtech_main', {
      description: `${ctx.projectName} ${ctx.environment} master key: CloudTrail, CloudWatch Logs, Secrets Manager, SNS, RDS, S3`,
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      policy: policy.json,
    });
    this.key.overrideLogicalId('govtech_main');

    this.alias = new KmsAlias(this, 'govtech_main_alias', {
      name: resourceNames(ctx).keyAlias,
      targetKeyId: this.key.keyId,
    });
    this.alias.overrideLogicalId('govtech_main');

    this.keyId = this.key.keyId;
    this.keyArn = this.key.arn;
  }
}
