/**
 * The IDs of the controls a config waiver (`complianceWaivers`) may name: those the compliance
 * catalogue (src/compliance/controls.ts) checks over the synthesized stacks, in its order. The
 * config validates waivers against this list without importing the catalogue (which reads the
 * config); the catalogue refuses to load when its checked rows are not exactly these.
 */
import { CIS_MONITORING } from './cis-monitoring';

/** FSBP's GuardDuty protection-plan controls (checked in src/compliance/guardduty-controls.ts). */
export const GUARDDUTY_PLAN_CONTROL_IDS: readonly string[] = [
  'GuardDuty.5',
  'GuardDuty.6',
  'GuardDuty.7',
  'GuardDuty.8',
  'GuardDuty.9',
  'GuardDuty.10',
  'GuardDuty.11',
  'GuardDuty.12',
  'GuardDuty.13',
];

export const WAIVABLE_CONTROL_IDS: readonly string[] = [
  'CloudTrail.1',
  'CloudTrail.2',
  'CloudTrail.4',
  'CloudTrail.5',
  'CloudTrail.6',
  'CloudTrail.7',
  // The CIS 1.4.0 monitoring rows Security Hub has a control for (CloudWatch.1, .4 to .14).
  ...CIS_MONITORING.flatMap((row) => (row.securityHubControl === undefined ? [] : [row.securityHubControl])),
  'Config.1',
  'EC2.7',
  'GuardDuty.1',
  ...GUARDDUTY_PLAN_CONTROL_IDS,
  'IAM.7',
  'IAM.15',
  'IAM.16',
  'IAM.18',
  'IAM.28',
  'KMS.4',
  'S3.1',
];

/** One of an organization's own accounts (src/config/organization-plan.ts OrganizationAccountRole, which this layer cannot import). */
export type OrganizationAccount = 'management' | 'security' | 'logArchive';

/** How a control is satisfied for a member account in organization mode by one of the organization's own accounts. */
export interface OrganizationSatisfaction {
  /** The account whose resources satisfy it. */
  readonly account: OrganizationAccount;
  /** What of that account's satisfies it. */
  readonly by: string;
  /** What Security Hub shows for the control in the member account, as AWS documents it. */
  readonly inMember: string;
}

/**
 * Security Hub user guide, CloudWatch controls (CloudWatch.1 to .14, read 2026-11-29): "Using an organization
 * trail results in a control status of NO_DATA for controls evaluated in organization member accounts. In
 * member accounts, Security Hub CSPM only generates findings for member-owned resources. Findings that pertain
 * to organization trails are generated in the resource owner's account."
 */
const TRAIL_IN_MEMBER =
  "findings about the organization trail are generated in the management account, which owns it (Security Hub user guide); the security account's aggregated view shows them";
const ALARMS_IN_MEMBER =
  "NO_DATA: Security Hub evaluates the organization trail's metric filters and alarms only in the account that owns the trail (Security Hub user guide, CloudWatch controls)";
const BUCKET_IN_MEMBER =
  'findings that pertain to the organization trail and its bucket are generated in the accounts that own them (Security Hub user guide), not in the member';
const ORGANIZATION_TRAIL =
  'the organization trail (multi-region, every management event, log file validation, KMS, CloudWatch Logs) records the account';
const GUARDDUTY_PLANS = "the GuardDuty organization configuration's features (organization.guardDuty) enable the plan for every member";

/**
 * The controls the organization's accounts satisfy for every member account (organization mode);
 * the others stay with the member's own stacks (Config.1 by its own recorder, the account controls, KMS.4).
 */
export const ORGANIZATION_SATISFIED: Readonly<Record<string, OrganizationSatisfaction>> = {
  'CloudTrail.1': { account: 'management', by: ORGANIZATION_TRAIL, inMember: TRAIL_IN_MEMBER },
  'CloudTrail.2': { account: 'management', by: ORGANIZATION_TRAIL, inMember: TRAIL_IN_MEMBER },
  'CloudTrail.4': { account: 'management', by: ORGANIZATION_TRAIL, inMember: TRAIL_IN_MEMBER },
  'CloudTrail.5': { account: 'management', by: ORGANIZATION_TRAIL, inMember: TRAIL_IN_MEMBER },
  'CloudTrail.6': {
    account: 'logArchive',
    by: 'the log archive bucket that receives the organization trail blocks all public access',
    inMember: BUCKET_IN_MEMBER,
  },
  'CloudTrail.7': {
    account: 'logArchive',
    by: 'the log archive bucket that receives the organization trail logs its access to its access-logs bucket',
    inMember: BUCKET_IN_MEMBER,
  },
  ...Object.fromEntries(
    CIS_MONITORING.flatMap((row) =>
      row.securityHubControl === undefined
        ? []
        : [
            [
              row.securityHubControl,
              {
                account: 'management',
                by: `the CIS ${row.cis} metric filter and alarm on the organization trail's log group, alarming into a subscribed topic`,
                inMember: ALARMS_IN_MEMBER,
              } satisfies OrganizationSatisfaction,
            ],
          ],
    ),
  ),
  'GuardDuty.1': {
    account: 'security',
    by: 'GuardDuty\'s delegated administrator enables the account\'s detector in every covered region (auto_enable_organization_members = "ALL")',
    inMember: "the member's own detector, enabled and managed by the security account",
  },
  ...Object.fromEntries(
    GUARDDUTY_PLAN_CONTROL_IDS.map((id) => [
      id,
      {
        account: 'security',
        by: GUARDDUTY_PLANS,
        inMember: "the member's detector with the plans the security account set",
      } satisfies OrganizationSatisfaction,
    ]),
  ),
};

/** Security Hub itself and its standards in organization mode (no catalogue control checks them): what the report says for a member. */
export const ORGANIZATION_SECURITY_HUB =
  "Security Hub and the chosen standards: enabled in the account in every covered region by the security account's configuration policy (central configuration, associated with the organization root)";
