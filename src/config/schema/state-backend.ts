/** `stateBackend`: where the Terraform state lives, and how each environment reaches it. */
import { z } from 'zod';
import { EnvironmentName, ENVIRONMENTS, ORGANIZATION_ACCOUNT_ROLES, S3_BUCKET_NAME_RULES } from '../rules';
import {
  arnAccount,
  awsRegionName,
  bool,
  doc,
  IAM_PRINCIPAL_ARN,
  IAM_ROLE_ARN,
  must,
  patterned,
  ruledString,
  strict,
  wholeNumber,
  Immutable,
} from './common';

const ACCOUNT_ID = /^[0-9]{12}$/;

/** Who reaches the state through a role of its own: an environment, or one of the organization's accounts. */
export const STATE_ROLE_KEYS = [...ENVIRONMENTS, ...ORGANIZATION_ACCOUNT_ROLES] as const;
export type StateRoleKey = (typeof STATE_ROLE_KEYS)[number];

/**
 * An object with an optional `value` per environment, and `account` per organization account
 * (`management`, `security`, `logArchive`: one schema, so that the README lists them in one row), refusing other keys.
 */
function perEnvironment<T extends z.ZodType, U extends z.ZodType>(value: (env: EnvironmentName) => T, account: U) {
  return strict(
    {
      dev: value('dev').optional(),
      staging: value('staging').optional(),
      prod: value('prod').optional(),
      management: account.optional(),
      security: account.optional(),
      logArchive: account.optional(),
    },
    {
      rule: `be keyed by one of ${STATE_ROLE_KEYS.join(', ')}`,
      notObject: `be an object keyed by environment (${ENVIRONMENTS.join(', ')}) or organization account (${ORGANIZATION_ACCOUNT_ROLES.join(', ')})`,
    },
  );
}

const roleArn = () => patterned(IAM_ROLE_ARN, 'be an IAM role ARN such as arn:aws:iam::999999999999:role/govtech-prod-terraform-state');

const roleArns = doc(
  perEnvironment(
    (e) => doc(roleArn(), `The role in accountId that ${e}'s stacks assume for their state.`),
    doc(roleArn(), "The role in accountId that the organization account's stacks (org-*) assume for their state (organization mode)."),
  ),
  'Per environment (and organization account: management, security, logArchive), the role in accountId its stacks assume for their state; the bootstrap stack creates it. One without a role uses its own credentials.',
  {},
);

const principals = () =>
  z
    .array(patterned(IAM_PRINCIPAL_ARN, 'be an IAM principal ARN (root, role or user)'), {
      error: (iss) => (iss.input === undefined ? undefined : must('be a non-empty list of IAM principal ARNs')),
    })
    .min(1, { error: must('be a non-empty list of IAM principal ARNs') });

const rolePrincipals = doc(
  perEnvironment(
    (e) =>
      doc(
        principals(),
        `The principals that ${e}'s state role trusts: ARNs in ${e}'s account, or, with a deployRoleArn, the pipeline's role or user in another account.`,
      ),
    doc(
      principals(),
      "The principals that the organization account's state role trusts: ARNs in that account, or, with organization.deployRoleArns for it, the pipeline's role or user in another account.",
    ),
  ),
  'Per environment (and organization account), the principals its state role trusts. Default: that account (any principal allowed sts:AssumeRole on the role).',
);

const RETIRED_ROLE_ARN = must(
  'not be used: it gave every environment the same role',
  'Name one role per environment in "roleArns": { "dev": ..., "staging": ..., "prod": ... } with "accountId" the state account.',
);

export const stateBackendSchema = strict({
  bucket: doc(ruledString(S3_BUCKET_NAME_RULES, 'the S3 bucket holding the Terraform state'), 'The S3 bucket holding the Terraform state.'),
  region: awsRegionName('the region of the state bucket', 'The region of the state bucket.'),
  dynamodbTable: doc(
    patterned(/^[a-zA-Z0-9_.-]{3,255}$/, 'be a DynamoDB table name: 3-255 letters, digits, _ . -'),
    'DynamoDB lock table; may be left out when useLockfile is true.',
  ).optional(),
  keyPrefix: doc(
    patterned(/^[a-zA-Z0-9_.-]+(\/[a-zA-Z0-9_.-]+)*$/, 'be an S3 key prefix of letters, digits, _ . - and inner slashes'),
    'State keys are <keyPrefix>/<stack>/terraform.tfstate.',
  ),
  useLockfile: doc(
    bool(),
    'Terraform >= 1.10 S3-native locking (use_lockfile), alongside the lock table or instead of it.',
    false,
  ).optional(),
  noncurrentVersionExpirationDays: doc(wholeNumber(1, 3650), 'Days the state bucket keeps noncurrent state versions.', 90).optional(),
  accountId: doc(
    patterned(ACCOUNT_ID, 'be the 12-digit ID of the account holding the state bucket and lock table'),
    'The administrative account holding the state bucket and lock table; the bootstrap stack deploys only there. Default: none (single-account layout).',
  ).optional(),
  roleArns: roleArns.optional(),
  rolePrincipals: rolePrincipals.optional(),
  bootstrapStateInBucket: doc(
    bool(),
    "Keep the bootstrap stack's own state in the bucket it creates (only after the first apply, which uses local state).",
    false,
  ).optional(),
  // Retired: known so that it gets its own message rather than "Check the spelling".
  roleArn: z
    .never({ error: RETIRED_ROLE_ARN })
    .optional()
    .meta({ description: 'Retired: one role for every environment. Use roleArns.', deprecated: true }),
}).superRefine((b, ctx) => {
  if (b.dynamodbTable === undefined && b.useLockfile !== true) {
    ctx.addIssue({
      code: 'custom',
      path: ['dynamodbTable'],
      params: { missing: true },
      message: must(
        'be set unless useLockfile is true (the state needs a lock)',
        'Name a lock table, or set "useLockfile": true to lock with S3 lock files (Terraform >= 1.10).',
      ),
    });
  }
  const roles = b.roleArns ?? {};
  if (Object.keys(roles).length && b.accountId === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['accountId'],
      params: { missing: true },
      message: must(
        'be set when roleArns is (the roles live in the account that holds the state)',
        'Add "accountId": "<the state account>".',
      ),
    });
  }
  for (const env of STATE_ROLE_KEYS) {
    const role = roles[env];
    const account = role === undefined ? undefined : arnAccount(role);
    if (role !== undefined && account !== undefined && b.accountId !== undefined && account !== b.accountId) {
      ctx.addIssue({
        code: 'custom',
        path: ['roleArns', env],
        input: role,
        message: must(`be a role in the state account stateBackend.accountId (${b.accountId}), where the bootstrap stack creates it`),
      });
    }
    const trusted = b.rolePrincipals?.[env];
    if (trusted !== undefined && role === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['rolePrincipals', env],
        input: trusted,
        message: must(`belong to an environment or organization account with a role in stateBackend.roleArns.${env}`),
      });
    }
  }
});

export type StateBackendConfig = Immutable<z.infer<typeof stateBackendSchema>>;
