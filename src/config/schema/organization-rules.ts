/**
 * The rules between `organization` and the rest of the config: what organization mode takes
 * over from the environments (GuardDuty, Security Hub, the regions they cover), and the state
 * roles of the organization's accounts.
 *
 * Still the members' own in organization mode: `awsConfig` (their recorder, delivering to the log
 * archive bucket; `managedElsewhere` where Control Tower runs it, as it usually does in an
 * organization), `accountControls`, `costAnomaly`, `complianceWaivers`, `accountServicesOwner`
 * (which environment of a shared account creates those) and the adopt fields of what stays with them.
 */
import { ENVIRONMENTS, ORGANIZATION_ACCOUNT_ROLES } from '../rules';
import { must, RuleIssue } from './common';
import type { EnvironmentConfig } from './environment';
import type { OrganizationConfig } from './organization';
import { coveredRegions } from './regions';
import type { StateBackendConfig } from './state-backend';

type Environments = Partial<Record<(typeof ENVIRONMENTS)[number], EnvironmentConfig>>;

const CENTRAL =
  "in organization mode: Security Hub central configuration and GuardDuty auto-enable, from the security account, manage every account's hubs and detectors";

/** What an environment may not say once the organization runs GuardDuty and Security Hub, and where it must be. */
function memberIssues(name: string, env: EnvironmentConfig, org: OrganizationConfig): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const add = (path: (string | number)[], input: unknown, message: string) =>
    issues.push({ path: ['environments', name, ...path], input, message });
  if (env.accountId === org.managementAccountId) {
    add(
      ['accountId'],
      env.accountId,
      must(
        "not be the management account (organization.managementAccountId): workloads do not belong there (AWS Organizations best practices), and its security services are not enrolled like a member's",
        'Give the environment a member account of its own.',
      ),
    );
  }
  // With accountServicesOwner, securityHub is refused already (it belongs to the owner).
  if (env.securityHub !== undefined && env.accountServicesOwner === undefined) {
    add(
      ['securityHub'],
      env.securityHub,
      must(
        "not be set in organization mode: the security account's Security Hub configuration policy decides the standards and disabled controls of every account",
        'Move it to organization.securityHub.',
      ),
    );
  }
  if (env.guardDuty !== undefined) {
    add(
      ['guardDuty'],
      env.guardDuty,
      must(
        "not be set in organization mode: the security account's GuardDuty organization configuration enables the protection plans of every member",
        'Move it to organization.guardDuty.',
      ),
    );
  }
  for (const field of ['securityHub', 'guardDutyDetectorIds'] as const) {
    if (env.adopt?.[field] === undefined) continue;
    add(
      ['adopt', field],
      env.adopt[field],
      must(`not be set ${CENTRAL}`, 'Remove it: the existing hub and detectors stay, enrolled by the organization.'),
    );
  }
  if (env.regionalStacksMigration === true) {
    add(
      ['regionalStacksMigration'],
      true,
      must(
        "not be on in organization mode: the migration imports each region's GuardDuty detector into the member's regional stacks, which the organization now manages",
        'Apply the migration in standalone mode first, turn it off, then add organization.',
      ),
    );
  }
  issues.push(...memberRegionIssues(name, env, org));
  return issues;
}

/** A member's home region is one the organization covers (its guardduty_detector_id is read there); its own regions stay within them. */
function memberRegionIssues(name: string, env: EnvironmentConfig, org: OrganizationConfig): RuleIssue[] {
  const covered = coveredRegions(org);
  const where = `the organization covers (organization.regions: ${covered.join(', ')})`;
  const issues: RuleIssue[] = [];
  if (!covered.includes(env.awsRegion)) {
    issues.push({
      path: ['environments', name, 'awsRegion'],
      input: env.awsRegion,
      message: must(
        `be a region ${where}: the member's GuardDuty detector is the organization's there, and Security Hub enrolls only covered regions`,
        `Add "${env.awsRegion}" to organization.regions.`,
      ),
    });
  }
  if (env.regions === undefined || env.accountServicesOwner !== undefined) return issues; // Its own problem with an owner.
  const listed = coveredRegions(env);
  if (typeof env.regions === 'string') {
    const outside = listed.filter((r) => !covered.includes(r));
    if (outside.length > 0) {
      issues.push({
        path: ['environments', name, 'regions'],
        input: env.regions,
        message: must(
          `stay within the regions ${where}; "${env.regions}" adds ${outside.join(', ')}`,
          'Leave it out to follow organization.regions.',
        ),
      });
    }
    return issues;
  }
  env.regions.forEach((r, i) => {
    if (covered.includes(r) || r === env.awsRegion) return; // The home region has its own problem above.
    issues.push({
      path: ['environments', name, 'regions', i],
      input: r,
      message: must(`be a region ${where}`, `Remove it, or add it to organization.regions.`),
    });
  });
  return issues;
}

/** The organization against the environments. */
export function organizationIssues(org: OrganizationConfig | undefined, envs: Environments): RuleIssue[] {
  if (org === undefined) return [];
  return ENVIRONMENTS.flatMap((name) => {
    const env = envs[name];
    return env === undefined ? [] : memberIssues(name, env, org);
  });
}

/**
 * The organization accounts' state roles: one is needed where the account is not the state
 * account (as for environments), and none may be named without `organization`.
 */
export function organizationStateIssues(backend: StateBackendConfig, org: OrganizationConfig | undefined): RuleIssue[] {
  const issues: RuleIssue[] = [];
  for (const role of ORGANIZATION_ACCOUNT_ROLES) {
    for (const field of ['roleArns', 'rolePrincipals'] as const) {
      const value = backend[field]?.[role];
      if (org !== undefined || value === undefined) continue;
      issues.push({
        path: ['stateBackend', field, role],
        input: value,
        message: must(
          `be set only with organization (the ${role} account's stacks exist in organization mode only)`,
          'Remove it, or add organization.',
        ),
      });
    }
    const account = org === undefined ? undefined : organizationAccountId(org, role);
    if (
      account === undefined ||
      backend.accountId === undefined ||
      account === backend.accountId ||
      backend.roleArns?.[role] !== undefined
    ) {
      continue;
    }
    issues.push({
      path: ['stateBackend', 'roleArns', role],
      input: undefined,
      params: { missing: true },
      message:
        `be set, because the ${role} account (${account}) is not the state account stateBackend.accountId (${backend.accountId}) ` +
        `and its stacks cannot reach the state otherwise. ` +
        `Add e.g. "${role}": "arn:aws:iam::${backend.accountId}:role/<project>-${role === 'logArchive' ? 'log-archive' : role}-terraform-state" to stateBackend.roleArns.`,
    });
  }
  return issues;
}

/** The account of one of the organization's roles. */
export function organizationAccountId(org: OrganizationConfig, role: (typeof ORGANIZATION_ACCOUNT_ROLES)[number]): string {
  return { management: org.managementAccountId, security: org.securityAccountId, logArchive: org.logArchiveAccountId }[role];
}
