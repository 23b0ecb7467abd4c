/**
 * The account-wide part of the baseline: the services AWS keeps once per account (global, or
 * billed and configured per account), created by the environment that owns its account's
 * services (no `sharedAccountServices`) and by no other. The regional part is
 * REGIONAL_SERVICES (regional-baseline.ts).
 *
 * Adding an account service is one row in ACCOUNT_SERVICES and the file of its construct; the
 * module exposes it as `accountServices.<key>`.
 */
import { Construct } from 'constructs';
import type { AccountControlsConfig, CostAnomalyOptions } from '../config';
import type { ModuleAdoption } from './adopt';
import { IAlertsTopic } from './alerting';
import { SecurityContext } from './context';
import { resourceNames } from '../catalog/resource-names';
import { CostAnomaly } from './cost';
import { PasswordPolicy } from './password-policy';
import { S3AccountPublicAccess } from './s3-account-public-access';
import { ServiceRow, ServicesOf } from './service-table';
import { SupportRole } from './support-role';

/** IDs of account-wide services that another environment's stack owns. */
export interface SharedAccountServices {
  readonly guardDutyDetectorId: string;
  /** The owner's detector per covered region (its `guardduty_detector_ids`). @default the home region's `guardDutyDetectorId` only */
  readonly guardDutyDetectorIds?: Readonly<Record<string, string>>;
  readonly costMonitorArn: string;
}

/** What every account service is built from. */
export interface AccountServiceProps {
  readonly context: SecurityContext;
  /** The alerts topic (cost anomalies alert into it). */
  readonly alerts: IAlertsTopic;
  readonly costAnomaly?: CostAnomalyOptions;
  /** Settings of the account-level controls; their off-switches are applied by the table. @default CIS defaults */
  readonly accountControls?: AccountControlsConfig;
  /** The account services that exist already: imported instead of created. @default none */
  readonly adopt?: Pick<ModuleAdoption, 'costAnomalyMonitorArn' | 'passwordPolicy'>;
}

/** The account services, built in this order (which fixes their order in the synthesized JSON). */
export const ACCOUNT_SERVICES = {
  /** The SERVICE cost monitor and its subscriptions. */
  costAnomaly: {
    build: (scope: Construct, p: AccountServiceProps): CostAnomaly =>
      new CostAnomaly(scope, 'cost', {
        context: p.context,
        thresholdUsd: p.costAnomaly?.thresholdUsd,
        emails: p.costAnomaly?.emails,
        emailFrequency: p.costAnomaly?.emailFrequency,
        alerts: p.alerts,
        existingMonitorArn: p.adopt?.costAnomalyMonitorArn,
      }),
    controls: [],
  },
  /** The IAM account password policy, CIS and FSBP bounds. */
  passwordPolicy: {
    build: (scope: Construct, p: AccountServiceProps): PasswordPolicy =>
      new PasswordPolicy(scope, 'password_policy', { ...p.accountControls?.passwordPolicy, adoptExisting: p.adopt?.passwordPolicy }),
    offSwitch: 'passwordPolicy',
    controls: ['IAM.7', 'IAM.15', 'IAM.16'],
  },
  /** S3 Block Public Access for the whole account. */
  s3AccountPublicAccess: {
    build: (scope: Construct, p: AccountServiceProps): S3AccountPublicAccess =>
      new S3AccountPublicAccess(scope, 's3_account_public_access', { accountId: p.context.accountId }),
    offSwitch: 's3AccountPublicAccess',
    controls: ['S3.1'],
  },
  /** A role with AWSSupportAccess for the account's own people. */
  supportRole: {
    build: (scope: Construct, p: AccountServiceProps): SupportRole =>
      new SupportRole(scope, 'support_role', {
        context: p.context,
        roleName: resourceNames(p.context).supportRole,
        principals: p.accountControls?.supportRolePrincipals,
      }),
    offSwitch: 'supportRole',
    controls: ['IAM.18'],
  },
} as const satisfies Readonly<Record<string, ServiceRow<AccountServiceProps>>>;

export type AccountServices = ServicesOf<typeof ACCOUNT_SERVICES>;
