/**
 * What the documentation of modules/security names: the resource addresses state from the
 * HCL module moves over by, by Terraform type and name.
 */
import { CeAnomalyMonitor } from '@cdktf/provider-aws/lib/ce-anomaly-monitor';
import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { GuarddutyDetector } from '@cdktf/provider-aws/lib/guardduty-detector';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecurityhubAccount } from '@cdktf/provider-aws/lib/securityhub-account';
import { Wafv2WebAcl } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import type { TerraformType } from './unit';

/** The resources the documentation names, by Terraform type and name. */
export const DOCUMENTED: [TerraformType, string][] = [
  [KmsKey, 'govtech_main'],
  [Cloudtrail, 'govtech_audit'],
  [GuarddutyDetector, 'main'],
  [SecurityhubAccount, 'main'],
  [Wafv2WebAcl, 'govtech'],
  [SecretsmanagerSecret, 'db_credentials'],
  [SecretsmanagerSecret, 'jwt_secret'],
  [CeAnomalyMonitor, 'govtech'],
];
export const DOCUMENTED_ADDRESSES = DOCUMENTED.map(([type, name]) => `${type.tfResourceType}.${name}`);
