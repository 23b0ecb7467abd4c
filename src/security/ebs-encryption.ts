/**
 * EBS encryption by default (`aws_ebs_encryption_by_default.main`): Security Hub EC2.7 (CIS
 * 1.4.0 2.2.1). A setting of the account in one region: RegionalBaseline creates it in every
 * covered region (`aws_ebs_encryption_by_default.main`, `main_<region>` elsewhere).
 *
 * It uses the AWS managed key `aws/ebs`, not the module key: EC2.7 only asks for encryption,
 * and the setting covers every volume of the account and region, not only this environment's.
 * With a customer managed key every launch path would need a key grant (EC2 through
 * `kms:ViaService`, the `AWSServiceRoleForAutoScaling` role, other accounts copying shared
 * snapshots), and scheduling the environment's key for deletion would stop every instance of
 * the account from starting. The AWS managed key has none of these failure modes.
 */
import { Construct } from 'constructs';
import { EbsEncryptionByDefault } from '@cdktf/provider-aws/lib/ebs-encryption-by-default';
import { importExisting, SETTING_IMPORT_IDS } from './adopt';
import { regionalAddress } from './context';

export interface EbsEncryptionProps {
  /** Import the region's setting rather than create it (both only set it; the import records the takeover). @default false */
  readonly adoptExisting?: boolean;
}

export class EbsEncryption extends Construct {
  readonly setting: EbsEncryptionByDefault;

  constructor(scope: Construct, id: string, props: EbsEncryptionProps = {}) {
    super(scope, id);
    this.setting = new EbsEncryptionByDefault(this, 'main', { enabled: true });
    regionalAddress(this.setting, 'main');
    importExisting(this.setting, props.adoptExisting ? SETTING_IMPORT_IDS.aws_ebs_encryption_by_default : undefined);
  }
}
