/**
 * The input rules of the five documented variables, kept as data so that one definition
 * drives both checks: the synth-time check of the config file (TypeScript) and the
 * `validation` blocks of the synthesized Terraform variables (RE2 via `regex()`).
 * Every pattern is therefore written in the common subset of JavaScript and RE2
 * syntax (no look-arounds, no back-references) and without backslashes, which cdktf does not
 * escape in HCL string literals: `[.]` stands for a literal dot.
 */

import { AWS_REGION_NAMES } from './regions';
import { limitedNames, resourceNames } from '../catalog/resource-names';

/** The documented variable names, exactly as `modules/security` declares them. */
export type SecurityVariableName = 'project_name' | 'environment' | 'account_id' | 'aws_region' | 'logs_bucket';

export interface ValueRule {
  /** A pattern the whole value must match (`mustMatch`) or must not match. */
  readonly pattern: string;
  /** `true` (default): the value must match; `false`: it must not. */
  readonly mustMatch?: boolean;
  /** The rule in words, completing "<variable> must ..." / "<field> must ...". */
  readonly rule: string;
}

export interface VariableSpec {
  readonly name: SecurityVariableName;
  /** The documented description. */
  readonly description: string;
  readonly rules: readonly ValueRule[];
}

/** The environments the module knows; `environment` must be one of these. */
export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENTS)[number];

/** The accounts organization mode adds besides the environments' (config: `organization.deployRoleArns`, `stateBackend.roleArns`). */
export const ORGANIZATION_ACCOUNT_ROLES = ['management', 'security', 'logArchive'] as const;

/** The longest environment name: the one every name bound is computed for. */
export const LONGEST_ENVIRONMENT: EnvironmentName = ENVIRONMENTS.reduce((a, b) => (b.length > a.length ? b : a));

/** The bucket name the logs stack gives an environment's bucket when config does not name one. */
export function defaultLogsBucketName(projectName: string, env: string, accountId: string): string {
  return `${projectName}-${env}-logs-${accountId}`;
}

/**
 * The organization's log archive bucket. No bound of its own: it is shorter than the logs bucket
 * name above with the same start and end, so a project name that fits that one fits this one.
 */
export function organizationLogsBucketName(projectName: string, logArchiveAccountId: string): string {
  return `${projectName}-org-logs-${logArchiveAccountId}`;
}

/** A name made from the project name, with AWS's limit on its length. */
interface BoundedName {
  readonly resource: string;
  readonly maxLength: number;
  readonly name: (projectName: string) => string;
}

const BOUNDED_NAMES: readonly BoundedName[] = [
  ...limitedNames().map(([key, limit]) => ({
    resource: limit.resource,
    maxLength: limit.maxLength,
    name: (projectName: string) => resourceNames({ projectName, environment: LONGEST_ENVIRONMENT })[key],
  })),
  {
    resource: 'S3 bucket name (logs bucket of { "fromLogsStack": true })',
    maxLength: 63,
    name: (p) => defaultLogsBucketName(p, LONGEST_ENVIRONMENT, '123456789012'),
  },
];

/**
 * The longest project name with which every name derived from it fits AWS's limit in every
 * environment, and the name that sets that bound.
 */
export const PROJECT_NAME_BOUND: {
  readonly maxLength: number;
  readonly resource: string;
  readonly example: string;
  readonly limit: number;
} = (() => {
  const bounds = BOUNDED_NAMES.map((b) => {
    const fixed = b.name('').length;
    const perCharacter = b.name('x').length - fixed;
    return {
      maxLength: Math.floor((b.maxLength - fixed) / perCharacter),
      resource: b.resource,
      example: b.name('<project>'),
      limit: b.maxLength,
    };
  });
  return bounds.reduce((a, b) => (b.maxLength < a.maxLength ? b : a));
})();

/** Longest project name that still fits every name derived from it (see PROJECT_NAME_BOUND). */
export const MAX_PROJECT_NAME_LENGTH = PROJECT_NAME_BOUND.maxLength;

/** S3 general purpose bucket naming rules. */
export const S3_BUCKET_NAME_RULES: readonly ValueRule[] = [
  {
    pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
    rule: 'be a valid S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit',
  },
  { pattern: '[.][.]', mustMatch: false, rule: 'not contain two dots in a row (S3 bucket naming rules)' },
  {
    pattern: '^[0-9]+[.][0-9]+[.][0-9]+[.][0-9]+$',
    mustMatch: false,
    rule: 'not be formatted as an IP address (S3 bucket naming rules)',
  },
  {
    pattern: '^(xn--|sthree-|amzn-s3-demo-)|(-s3alias|--ol-s3|--x-s3|--table-s3|[.]mrap)$',
    mustMatch: false,
    rule: 'not use a prefix or suffix S3 reserves (xn--, sthree-, amzn-s3-demo-, -s3alias, --ol-s3, --x-s3, --table-s3, .mrap)',
  },
];

/** A region AWS has (src/config/regions.ts), not merely a name shaped like one. */
export const AWS_REGION_RULES: readonly ValueRule[] = [
  {
    pattern: `^(${AWS_REGION_NAMES.join('|')})$`,
    rule: 'be an AWS region name that exists, such as us-east-1, eu-west-2 or us-gov-west-1 (the list is in src/config/regions.ts)',
  },
];

export const VARIABLE_SPECS: Readonly<Record<SecurityVariableName, VariableSpec>> = {
  project_name: {
    name: 'project_name',
    description: 'Project name for resource naming and tagging',
    rules: [
      {
        pattern: `^[a-z][a-z0-9-]{0,${MAX_PROJECT_NAME_LENGTH - 2}}[a-z0-9]$`,
        rule:
          `be 2-${MAX_PROJECT_NAME_LENGTH} characters of lowercase letters, digits and hyphens, ` +
          'starting with a letter and not ending with a hyphen (every resource name starts with it; the longest, ' +
          `the ${PROJECT_NAME_BOUND.resource} ${PROJECT_NAME_BOUND.example}, may have at most ${PROJECT_NAME_BOUND.limit} characters)`,
      },
      { pattern: '--', mustMatch: false, rule: 'not contain two hyphens in a row' },
    ],
  },
  environment: {
    name: 'environment',
    description: 'Deployment environment: dev, staging, or prod. Affects CloudTrail log retention (365 days for prod, 90 for non-prod)',
    rules: [{ pattern: `^(${ENVIRONMENTS.join('|')})$`, rule: `be one of ${ENVIRONMENTS.join(', ')}` }],
  },
  account_id: {
    name: 'account_id',
    description: 'AWS account ID for KMS key policy. Obtain with: aws sts get-caller-identity --query Account --output text',
    rules: [{ pattern: '^[0-9]{12}$', rule: 'be exactly 12 digits (an AWS account ID, e.g. 123456789012)' }],
  },
  aws_region: {
    name: 'aws_region',
    description: 'AWS region for Security Hub standards ARNs',
    rules: AWS_REGION_RULES,
  },
  logs_bucket: {
    name: 'logs_bucket',
    description:
      'S3 bucket ID for storing CloudTrail and WAF logs. Must be created before this module with appropriate bucket policy allowing CloudTrail writes.',
    rules: S3_BUCKET_NAME_RULES,
  },
};

/** The rules `value` breaks, in the order declared (empty when it is valid). */
export function brokenRules(spec: { readonly rules: readonly ValueRule[] }, value: string): ValueRule[] {
  return spec.rules.filter((r) => new RegExp(r.pattern).test(value) !== (r.mustMatch ?? true));
}
