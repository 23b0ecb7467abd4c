/**
 * AWS Config: the recorder Security Hub evaluates its controls through ("you must enable AWS
 * Config in your account and turn on recording for resources that your enabled controls
 * evaluate"). All supported resource types, global ones (IAM) too unless another region's
 * recorder records them; the service-linked role `AWSServiceRoleForConfig` (Config.1 fails on
 * a custom role); delivery to the logs bucket under `config/`, encrypted with the module key,
 * which Config delivery is granted for this account's delivery channels.
 * One recorder per account and region: it follows `accountServicesOwner`, like GuardDuty. An
 * existing one is imported (`existingRecorderName`); one another tool runs is left alone (`managedElsewhere`).
 */
import { Construct } from 'constructs';
import { ConfigConfigurationRecorder } from '@cdktf/provider-aws/lib/config-configuration-recorder';
import { ConfigConfigurationRecorderStatus } from '@cdktf/provider-aws/lib/config-configuration-recorder-status';
import { ConfigDeliveryChannel } from '@cdktf/provider-aws/lib/config-delivery-channel';
import { IamServiceLinkedRole } from '@cdktf/provider-aws/lib/iam-service-linked-role';
import type { AwsConfigOptions } from '../config';
import { importExisting } from './adopt';
import { arnOf, regionalAddress, SecurityContext } from './context';
import { condition } from './iam';
import { SecurityKey } from './kms';
import { CONFIG_WRITER } from './log-writers';
import { SNAPSHOT_DELIVERY_FREQUENCIES } from '../catalog/aws-config';

export const CONFIG_SERVICE = 'config.amazonaws.com';

export interface AwsConfigProps extends AwsConfigOptions {
  readonly context: SecurityContext;
  /**
   * `logs_bucket`, whose policy (logs stack, CONFIG_WRITER) lets Config deliver; for a member of
   * an organization, the log archive bucket (whose policy admits the organization's Config).
   */
  readonly logsBucket: string;
  /** Key prefix of the deliveries. @default CONFIG_WRITER's (`config`) */
  readonly keyPrefix?: string;
  /**
   * The module key: delivered objects are encrypted with it (the home recorder grants Config its use).
   * Undefined: no `s3_kms_key_arn`, so S3 encrypts them with the bucket's default encryption. A member
   * of an organization delivers so (SSE-S3) to the log archive bucket in another account: SSE-KMS
   * would need that account's key to grant every member's Config service-linked role, and a key of
   * the member's own would leave the log archive unable to read its objects. The objects are in a
   * private, TLS-only bucket that only the organization's Config may write to (the log archive stack).
   */
  readonly key: ConfigDeliveryKey | undefined;
  /**
   * The home region's recorder, for a recorder in another region: it then records no global
   * resource types (IAM is recorded once, at home), uses the home recorder's service-linked role
   * (IAM is global: one role per account) and relies on its key grant (region-independent).
   * @default undefined: this is the home region's recorder
   */
  readonly home?: Pick<AwsConfig, 'roleArn'>;
  /**
   * The recorder that exists in the region (`aws configservice describe-configuration-recorders`):
   * it and its status are imported and keep this name, which is ForceNew in hashicorp/aws (a
   * name of ours would replace the imported recorder, and a region has one). Its recording group
   * and role become ours in place.
   * @default none: a recorder `<project>-<environment>` is created
   */
  readonly existingRecorderName?: string;
  /** The delivery channel that exists in the region: imported, keeping this name (ForceNew too). @default none: created */
  readonly existingDeliveryChannelName?: string;
}

/**
 * The key Config delivers with: the SecurityKey itself at home (its recorder grants Config the
 * key's use), only its ARN elsewhere (e.g. a regional stack reading it from the home stack).
 */
export type ConfigDeliveryKey = SecurityKey | { readonly keyArn: string };

/** ARN of the AWS Config service-linked role of the account. */
export function configServiceLinkedRoleArn(ctx: SecurityContext): string {
  return `arn:${ctx.partition}:iam::${ctx.accountId}:role/aws-service-role/${CONFIG_SERVICE}/AWSServiceRoleForConfig`;
}

export class AwsConfig extends Construct {
  /** Undefined when `createServiceLinkedRole` is false (the role exists already) or the recorder is managed elsewhere. */
  readonly serviceLinkedRole?: IamServiceLinkedRole;
  /** The recorder, its delivery channel and status; undefined when `managedElsewhere` says another tool runs them. */
  readonly recorder?: ConfigConfigurationRecorder;
  readonly deliveryChannel?: ConfigDeliveryChannel;
  readonly recorderStatus?: ConfigConfigurationRecorderStatus;
  /** The role the recorder uses (the service-linked role's ARN); undefined when managed elsewhere. */
  readonly roleArn?: string;
  /** Why no recorder is created here (`awsConfig.managedElsewhere`). */
  readonly managedElsewhere?: string;

  constructor(scope: Construct, id: string, props: AwsConfigProps) {
    super(scope, id);
    // Another tool (Control Tower) runs the recorder: creating ours would fail (one per region)
    // or fight it. The key grant goes too: nothing of this stack delivers with the key then.
    // The logs bucket's Config statement (logs stack) stays: it admits only this account's Config,
    // under config/, and the logs stack does not depend on this setting.
    this.managedElsewhere = props.managedElsewhere;
    if (props.managedElsewhere !== undefined) return;
    const ctx = props.context;
    const frequency = snapshotDeliveryFrequency(props);
    const prefix = props.keyPrefix ?? CONFIG_WRITER.prefix!;

    if (props.home === undefined && (props.createServiceLinkedRole ?? true)) {
      this.serviceLinkedRole = new IamServiceLinkedRole(this, 'config', { awsServiceName: CONFIG_SERVICE });
      regionalAddress(this.serviceLinkedRole, 'config');
    }
    const roleArn = this.serviceLinkedRole?.arn ?? props.home?.roleArn ?? configServiceLinkedRoleArn(ctx);
    this.roleArn = roleArn;
    if (props.home === undefined && props.key !== undefined) grantConfigDelivery(props.key, ctx);

    const recorderName = props.existingRecorderName ?? `${ctx.projectName}-${ctx.environment}`;
    this.recorder = new ConfigConfigurationRecorder(this, 'recorder', {
      name: recorderName,
      roleArn,
      recordingGroup: {
        allSupported: true,
        includeGlobalResourceTypes: props.home === undefined && (props.includeGlobalResourceTypes ?? true),
      },
    });
    regionalAddress(this.recorder, 'main');
    importExisting(this.recorder, props.existingRecorderName);

    this.deliveryChannel = new ConfigDeliveryChannel(this, 'delivery_channel', {
      name: props.existingDeliveryChannelName ?? `${ctx.projectName}-${ctx.environment}`,
      s3BucketName: props.logsBucket,
      s3KeyPrefix: prefix,
      s3KmsKeyArn: props.key?.keyArn,
      snapshotDeliveryProperties: { deliveryFrequency: frequency },
      // Config refuses a delivery channel before the recorder exists.
      dependsOn: [this.recorder],
    });
    regionalAddress(this.deliveryChannel, 'main');
    importExisting(this.deliveryChannel, props.existingDeliveryChannelName);

    this.recorderStatus = new ConfigConfigurationRecorderStatus(this, 'recorder_status', {
      name: this.recorder.name,
      isEnabled: true,
      // Recording starts only once it can deliver.
      dependsOn: [this.deliveryChannel],
    });
    regionalAddress(this.recorderStatus, 'main');
    // The status's import ID is the recorder's name (hashicorp/aws docs, config_configuration_recorder_status).
    importExisting(this.recorderStatus, props.existingRecorderName);
  }
}

/**
 * As the AWS Config developer guide documents it ("Permissions for the KMS Key", service-linked
 * role delivery): Config's service principal, for this account's delivery channels, in any
 * region (the other covered regions' recorders deliver with this key too). No condition on the
 * S3 encryption context: it is the object's ARN, or the bucket's once S3 Bucket Keys are on,
 * which a logs bucket from another state may have.
 */
function grantConfigDelivery(key: ConfigDeliveryKey, ctx: SecurityContext): void {
  if (!(key instanceof SecurityKey)) {
    throw new Error(`AwsConfig: the home region's recorder grants Config the key's use, so key must be the SecurityKey, not only its ARN.`);
  }
  key.grantEncryptDecrypt({
    sid: 'AllowConfigDeliveryEncryption',
    services: [CONFIG_SERVICE],
    conditions: [
      condition('StringEquals', 'aws:SourceAccount', ctx.accountId),
      condition('ArnLike', 'aws:SourceArn', arnOf(ctx, 'config', '*', { region: '*' })),
    ],
  });
}

/** The snapshot delivery frequency asked for, refused unless Config offers it. */
function snapshotDeliveryFrequency(props: AwsConfigProps): string {
  const frequency = props.snapshotDeliveryFrequency ?? 'TwentyFour_Hours';
  if (!(SNAPSHOT_DELIVERY_FREQUENCIES as readonly string[]).includes(frequency)) {
    throw new Error(
      `AwsConfig snapshotDeliveryFrequency = ${JSON.stringify(frequency)}: must be one of ${SNAPSHOT_DELIVERY_FREQUENCIES.join(', ')}.`,
    );
  }
  return frequency;
}
