/**
 * KMS: the module's customer managed key (`aws_kms_key.govtech_main`) and its alias.
 *
 * The key policy starts with what the key itself stands for: the account root administers it,
 * and principals of the account use it through RDS, S3 and Secrets Manager (`kms:ViaService`).
 * Every service of the module that encrypts with it grants itself from its own file, with
 * `grant`, `grantEncrypt`, `grantEncryptDecrypt`, `grantLogGroup` or `addToResourcePolicy`
 * (as aws-cdk-lib's `Key`): CloudTrail (this trail only), CloudWatch Logs (this module's log
 * groups only), AWS Config delivery, the alert publishers. Statements are rendered at synth.
 */
import { Construct } from 'constructs';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { DataAwsIamPolicyDocumentStatementCondition } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { accountRoot, regionalServicePrincipal, SecurityContext } from './context';
import { resourceNames } from '../catalog/resource-names';
import { awsPrincipal, condition, PolicyStatement, ResourcePolicyDocument, servicePrincipal, StatementSource } from './iam';
import { checkNumber, wholeNumberIn } from './validation';

/** Services that principals of the account may use the key through (`kms:ViaService`). */
const KEY_CONSUMER_SERVICES = ['rds', 'secretsmanager', 's3'] as const;

/** Actions that encrypt (data keys for envelope encryption). */
const KEY_ENCRYPT_ACTIONS = ['kms:GenerateDataKey*'] as const;

/** What a service is granted on the key: to whom, limited by which conditions. */
export interface KeyServiceGrant {
  /** Statement ID, unique in the key policy. */
  readonly sid: string;
  /** Service principals, e.g. `config.amazonaws.com`. */
  readonly services: readonly string[];
  /** Conditions that limit the grant to this account's resources (aws:SourceArn, encryption context, ...). */
  readonly conditions?: readonly DataAwsIamPolicyDocumentStatementCondition[];
}

export interface SecurityKeyProps {
  readonly context: SecurityContext;
  /** Days before a scheduled deletion takes effect: 7 to 30, as KMS allows. @default 30 */
  readonly deletionWindowInDays?: number;
  /** Services whose principals may use the key via `kms:ViaService`. @default KEY_CONSUMER_SERVICES */
  readonly consumerServices?: readonly string[];
  /** The key's description. @default `<project> <environment> master key: CloudTrail, CloudWatch Logs, Secrets Manager, SNS, RDS, S3` */
  readonly description?: string;
}

/** Refuses a `deletionWindowInDays` KMS does not allow (7 to 30 days), naming `scope`. */
export function checkDeletionWindow(scope: Construct, days: number | undefined): void {
  checkNumber(
    scope,
    'deletionWindowInDays',
    days,
    wholeNumberIn(7, 30),
    'be a whole number of days from 7 to 30 (the waiting period KMS allows before deleting a key)',
  );
}

export class SecurityKey extends Construct {
  readonly key: KmsKey;
  readonly alias: KmsAlias;
  /** Key ID (UUID). */
  readonly keyId: string;
  readonly keyArn: string;
  /** The key policy, rendered at synth from every statement added. */
  readonly policyDocument: ResourcePolicyDocument;
  private readonly logGroupArns: string[] = [];

  constructor(scope: Construct, id: string, props: SecurityKeyProps) {
    super(scope, id);
    checkDeletionWindow(this, props.deletionWindowInDays);
    const ctx = props.context;
    this.policyDocument = new ResourcePolicyDocument(this, 'kms_key_policy', [
      {
        sid: 'EnableAccountRootPermissions',
        principals: awsPrincipal(accountRoot(ctx)),
        actions: ['kms:*'],
        resources: ['*'],
      },
      // One statement for every log group granted, so that it reads as the list of them.
      () =>
        this.logGroupArns.length === 0
          ? undefined
          : {
              sid: 'AllowCloudWatchLogsForModuleLogGroups',
              principals: servicePrincipal(regionalServicePrincipal(ctx, 'logs')),
              actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
              resources: ['*'],
              condition: [condition('ArnEquals', 'kms:EncryptionContext:aws:logs:arn', ...this.logGroupArns)],
            },
      accountUseThroughServices(ctx, props.consumerServices ?? KEY_CONSUMER_SERVICES),
    ]);

    this.key = new KmsKey(this, 'govtech_main', {
      description:
        props.description ?? `${ctx.projectName} ${ctx.environment} master key: CloudTrail, CloudWatch Logs, Secrets Manager, SNS, RDS, S3`,
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      policy: this.policyDocument.json,
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

  /** Add a statement to the key policy (resources default to the key itself, `*`). */
  addToResourcePolicy(statement: StatementSource): void {
    this.policyDocument.addStatement(typeof statement === 'function' ? () => withKeyResource(statement()) : withKeyResource(statement));
  }

  /** Let the services of `grant` perform `actions` on the key, under its conditions. */
  grant(grant: KeyServiceGrant, ...actions: string[]): void {
    if (grant.services.length === 0) throw new Error(`key grant ${grant.sid}: services must name at least one service principal.`);
    if (actions.length === 0) throw new Error(`key grant ${grant.sid}: name at least one kms: action.`);
    this.addToResourcePolicy({
      sid: grant.sid,
      principals: servicePrincipal(...grant.services),
      actions,
      condition: grant.conditions ? [...grant.conditions] : undefined,
    });
  }

  /** Generate data keys to encrypt (CloudTrail log files). */
  grantEncrypt(grant: KeyServiceGrant): void {
    this.grant(grant, ...KEY_ENCRYPT_ACTIONS);
  }

  /** Generate data keys and decrypt them (SNS publishers, S3 SSE-KMS writers such as AWS Config). */
  grantEncryptDecrypt(grant: KeyServiceGrant): void {
    this.grant(grant, 'kms:GenerateDataKey*', 'kms:Decrypt');
  }

  /** Let CloudWatch Logs encrypt the log group `logGroupArn` (and only it) with the key. */
  grantLogGroup(logGroupArn: string): void {
    if (!this.logGroupArns.includes(logGroupArn)) this.logGroupArns.push(logGroupArn);
  }
}

function withKeyResource<T extends { resources?: string[] } | undefined>(statement: T): T {
  // In a key policy `*` means this key.
  return statement === undefined || statement.resources ? statement : { ...statement, resources: ['*'] };
}

/** The account's principals may use the key only through the AWS services named (`kms:ViaService`). */
function accountUseThroughServices(ctx: SecurityContext, services: readonly string[]): PolicyStatement {
  return {
    sid: 'AllowAccountUseThroughServices',
    principals: awsPrincipal('*'),
    actions: [
      'kms:Encrypt',
      'kms:Decrypt',
      'kms:ReEncrypt*',
      'kms:GenerateDataKey*',
      'kms:CreateGrant',
      'kms:ListGrants',
      'kms:DescribeKey',
    ],
    resources: ['*'],
    condition: [
      condition('StringEquals', 'kms:CallerAccount', ctx.accountId),
      condition('StringEquals', 'kms:ViaService', ...services.map((s) => regionalServicePrincipal(ctx, s))),
    ],
  };
}
