/**
 * Taking over what exists: a Terraform `import` block (Terraform >= 1.5; cdktf's
 * `importFrom`) makes the first plan read the resource from AWS and the apply manage it,
 * where creating it would fail ("already exists": one detector, hub, recorder, delivery
 * channel per account and region) or silently overwrite a setting.
 */
import { TerraformResource } from 'cdktf';
import type { RegionAdoption } from '../config';

export type { RegionAdoption } from '../config';

/** What exists already, as the SecurityModule takes it. */
export interface ModuleAdoption {
  /** The home region's existing resources. @default none */
  readonly home?: RegionAdoption;
  /** The other covered regions' existing resources, by region name. @default none */
  readonly otherRegions?: Readonly<Record<string, RegionAdoption>>;
  /** The SERVICE cost anomaly monitor to import (its ARN). @default none: created */
  readonly costAnomalyMonitorArn?: string;
  /** Import the IAM account password policy. @default false */
  readonly passwordPolicy?: boolean;
}

/**
 * Import `resource` from the existing object `id`, naming the resource's own provider (the
 * region's alias outside the home region): Terraform refuses an import block whose provider is
 * not its resource's ("Invalid import provider argument"; Terraform 1.11 takes the resource's
 * when none is named). Call it after `regionalAddress`, which sets the provider. No `id`: nothing to import.
 */
export function importExisting(resource: TerraformResource, id: string | undefined): void {
  if (id === undefined) return;
  resource.importFrom(id, resource.provider);
}

/**
 * Import IDs of the account settings, fixed words rather than IDs (hashicorp/aws 5.100.0
 * resource docs, "Import"): the provider reads the setting of the account (and region) whatever the ID.
 */
export const SETTING_IMPORT_IDS = {
  aws_iam_account_password_policy: 'iam-account-password-policy',
  aws_ebs_encryption_by_default: 'default',
} as const;
