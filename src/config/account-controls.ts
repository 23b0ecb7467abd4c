/**
 * The config of the account-level controls (password policy, S3 account public access block,
 * EBS default encryption, IAM Access Analyzer, support role) and of compliance waivers. Kept
 * apart like monitoring.ts; `validateConfig` calls `accountControlProblems` for every environment.
 */
import { PASSWORD_POLICY_BOUNDS } from '../catalog/password-policy';
import { isObject, isReason, refuseOnSharedAccount, ReportProblem } from './monitoring';

export const ACCOUNT_CONTROL_IDS = ['passwordPolicy', 's3AccountPublicAccess', 'ebsEncryption', 'accessAnalyzer', 'supportRole'] as const;
export type AccountControlId = (typeof ACCOUNT_CONTROL_IDS)[number];

export interface PasswordPolicyConfig {
  /** 14-128. @default 14 */
  readonly minimumLength?: number;
  /** 24 (CIS 1.4.0 1.9 and IAM's maximum). @default 24 */
  readonly reusePrevention?: number;
  /** 1-1095 days. @default no expiry */
  readonly maxAgeDays?: number;
}

export interface AccountControlsConfig {
  readonly passwordPolicy?: PasswordPolicyConfig;
  /** ARNs of this account's roles or users that may assume the support role. @default the account */
  readonly supportRolePrincipals?: readonly string[];
  /**
   * Controls this stack does not create, each with the reason, for accounts where an
   * organization-level mechanism owns them (Control Tower, an organization password policy).
   * The compliance report shows each as waived with this reason.
   */
  readonly off?: Readonly<Partial<Record<AccountControlId, string>>>;
}

/** The account-control fields of an environment's config. */
export interface AccountControlsEnvironmentConfig {
  readonly accountControls?: AccountControlsConfig;
  /** Catalogue controls (Security Hub IDs) a stack need not satisfy, each with the reason. */
  readonly complianceWaivers?: Readonly<Record<string, string>>;
}

export const ACCOUNT_CONTROL_FIELDS = ['accountControls', 'complianceWaivers'] as const;

/**
 * Check the account-control fields of `environments.<name>` (`env`, the raw object);
 * `waivable` lists the control IDs a waiver may name (the catalogue's checked controls).
 */
export function accountControlProblems(name: string, env: Record<string, unknown>, waivable: readonly string[], bad: ReportProblem): void {
  const at = `environments.${name}`;
  const ac = env.accountControls;
  if (ac !== undefined) {
    const known = ['passwordPolicy', 'supportRolePrincipals', 'off'];
    if (!isObject(ac)) bad(`${at}.accountControls`, ac, `be an object with ${known.join(', ')}`);
    else {
      refuseOnSharedAccount(name, env, 'accountControls', 'the account-level controls exist once per account', bad);
      for (const [k, v] of Object.entries(ac)) {
        const field = `${at}.accountControls.${k}`;
        if (!known.includes(k)) bad(field, v, `be one of the known fields (${known.join(', ')})`, 'Check the spelling.');
        else if (k === 'passwordPolicy') {
          if (!isObject(v)) {
            bad(field, v, `be an object with ${Object.keys(PASSWORD_POLICY_BOUNDS).join(', ')}`);
            continue;
          }
          for (const [p, n] of Object.entries(v)) {
            const b = PASSWORD_POLICY_BOUNDS[p as keyof typeof PASSWORD_POLICY_BOUNDS];
            if (!b)
              bad(
                `${field}.${p}`,
                n,
                `be one of the known fields (${Object.keys(PASSWORD_POLICY_BOUNDS).join(', ')})`,
                'Check the spelling.',
              );
            else if (!Number.isInteger(n) || (n as number) < b.min || (n as number) > b.max) {
              bad(
                `${field}.${p}`,
                n,
                `be a whole number from ${b.min} to ${b.max}${p === 'maxAgeDays' ? '' : ' (CIS 1.4.0 and FSBP IAM.7 ask for no less)'}`,
              );
            }
          }
        } else if (k === 'supportRolePrincipals') {
          if (!Array.isArray(v)) {
            bad(field, v, 'be a list of IAM role or user ARNs of this account');
            continue;
          }
          v.forEach((p, i) => {
            const m =
              typeof p === 'string' ? /^arn:aws[a-z-]*:iam::([0-9]{12}):(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)$/.exec(p) : null;
            if (!m) bad(`${field}[${i}]`, p, 'be an IAM role or user ARN such as arn:aws:iam::123456789012:role/support-engineers');
            else if (m[1] !== env.accountId)
              bad(
                `${field}[${i}]`,
                p,
                `be in this environment's account ${String(env.accountId)} (the support role is for the account's own people)`,
              );
          });
        } else if (k === 'off') {
          if (!isObject(v)) {
            bad(field, v, `be an object from control (${ACCOUNT_CONTROL_IDS.join(', ')}) to reason`);
            continue;
          }
          for (const [c, why] of Object.entries(v)) {
            if (!(ACCOUNT_CONTROL_IDS as readonly string[]).includes(c))
              bad(`${field}.${c}`, why, `name an account control (${ACCOUNT_CONTROL_IDS.join(', ')})`, 'Check the spelling.');
            else if (!isReason(why))
              bad(
                `${field}.${c}`,
                why,
                'be the reason, a sentence of at least 10 characters (e.g. "organization password policy set by Control Tower")',
              );
          }
        }
      }
    }
  }
  const waivers = env.complianceWaivers;
  if (waivers !== undefined) {
    if (!isObject(waivers))
      bad(
        `${at}.complianceWaivers`,
        waivers,
        'be an object from control ID to reason, e.g. { "EC2.7": "volumes encrypted by an organization SCP" }',
      );
    else {
      for (const [id, why] of Object.entries(waivers)) {
        const field = `${at}.complianceWaivers.${id}`;
        if (!waivable.includes(id))
          bad(field, why, `name a control the catalogue checks (${waivable.join(', ')})`, 'See the compliance table in README.md.');
        else if (!isReason(why)) bad(field, why, 'be the reason, a sentence of at least 10 characters');
      }
    }
  }
}
