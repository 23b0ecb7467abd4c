/**
 * The account-level controls (password policy, S3 account public access block, EBS default
 * encryption, IAM Access Analyzer, support role) and compliance waivers of an environment.
 */
import { z } from 'zod';
import { PASSWORD_POLICY_BOUNDS } from '../../catalog/password-policy';
import { WAIVABLE_CONTROL_IDS } from '../../catalog/controls';
import { doc, IAM_PRINCIPAL_ARN, must, patterned, reason, strict, wholeNumber, Immutable } from './common';

export const ACCOUNT_CONTROL_IDS = ['passwordPolicy', 's3AccountPublicAccess', 'ebsEncryption', 'accessAnalyzer', 'supportRole'] as const;
export type AccountControlId = (typeof ACCOUNT_CONTROL_IDS)[number];

const CIS_MINIMUM = ' (CIS 1.4.0 and FSBP IAM.7 ask for no less)';
const { minimumLength, reusePrevention, maxAgeDays } = PASSWORD_POLICY_BOUNDS;

const passwordPolicySchema = strict({
  minimumLength: doc(
    wholeNumber(minimumLength.min, minimumLength.max, CIS_MINIMUM),
    `Minimum password length, ${minimumLength.min}-${minimumLength.max}.`,
    minimumLength.min,
  ).optional(),
  reusePrevention: doc(
    wholeNumber(reusePrevention.min, reusePrevention.max, CIS_MINIMUM),
    "Previous passwords a new one may not repeat (CIS 1.4.0 1.9 and IAM's maximum).",
    reusePrevention.max,
  ).optional(),
  maxAgeDays: doc(
    wholeNumber(maxAgeDays.min, maxAgeDays.max),
    `Days before a password expires, ${maxAgeDays.min}-${maxAgeDays.max}. Default: no expiry.`,
  ).optional(),
});

const offReason = (id: AccountControlId) =>
  doc(
    reason('be the reason, a sentence of at least 10 characters (e.g. "organization password policy set by Control Tower")'),
    `Why this stack does not create ${id}.`,
  ).optional();
const offShape = {
  passwordPolicy: offReason('passwordPolicy'),
  s3AccountPublicAccess: offReason('s3AccountPublicAccess'),
  ebsEncryption: offReason('ebsEncryption'),
  accessAnalyzer: offReason('accessAnalyzer'),
  supportRole: offReason('supportRole'),
} satisfies Record<AccountControlId, unknown>;

const accountControlsSchema = strict({
  passwordPolicy: doc(passwordPolicySchema, 'The IAM account password policy (CIS 1.4.0 1.8-1.9, FSBP IAM.7).').optional(),
  supportRolePrincipals: doc(
    z.array(patterned(IAM_PRINCIPAL_ARN, 'be an IAM role or user ARN such as arn:aws:iam::123456789012:role/support-engineers'), {
      error: (iss) => (iss.input === undefined ? undefined : must('be a list of IAM role or user ARNs of this account')),
    }),
    "ARNs of this account's roles or users that may assume the support role. Default: the account.",
  ).optional(),
  off: doc(
    strict(offShape, {
      rule: `name an account control (${ACCOUNT_CONTROL_IDS.join(', ')})`,
      fix: 'Check the spelling.',
      notObject: `be an object from control (${ACCOUNT_CONTROL_IDS.join(', ')}) to reason`,
    }),
    'Controls this stack does not create, each with the reason (an organization-level mechanism owns them); reported as waived.',
    {},
  ).optional(),
});

const waiverShape: Record<string, z.ZodOptional<z.ZodType<string>>> = {};
for (const id of WAIVABLE_CONTROL_IDS) waiverShape[id] = doc(reason(), `Why ${id} need not be satisfied.`).optional();

/** The account-control fields of an environment. */
export const accountControlsShape = {
  accountControls: doc(
    accountControlsSchema,
    'Account-level controls: password policy, support role principals, controls turned off.',
  ).optional(),
  complianceWaivers: doc(
    strict(waiverShape, {
      rule: `name a control the catalogue checks (${WAIVABLE_CONTROL_IDS.join(', ')})`,
      fix: 'See the compliance table in README.md.',
      notObject: 'be an object from control ID to reason, e.g. { "EC2.7": "volumes encrypted by an organization SCP" }',
    }),
    'Catalogue controls (Security Hub IDs) a stack need not satisfy, each with the reason, e.g. { "EC2.7": "..." }.',
    {},
  ).optional(),
};

export type PasswordPolicyConfig = Immutable<z.infer<typeof passwordPolicySchema>>;
export type AccountControlsConfig = Immutable<z.infer<typeof accountControlsSchema>>;
export type AccountControlsEnvironmentConfig = Immutable<z.infer<z.ZodObject<typeof accountControlsShape>>>;
