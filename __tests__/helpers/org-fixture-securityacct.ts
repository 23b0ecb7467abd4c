/**
 * A hand-written OrganizationPlan (issue 18's example organization) for the security account's
 * stacks, until the config's resolver produces one: names as org-design.md fixes them, the state
 * backend of the checked-in config.
 */
import { DEFAULT_STANDARDS } from '../../src/catalog/securityhub-standards';
import { loadConfig } from '../../src/config';
import type { OrganizationAccountPlan, OrganizationAccountRole, OrganizationPlan } from '../../src/config/organization-plan';
import type { StateAccessPlan } from '../../src/config/plan';

export const ORG_PROJECT = 'govtech';
export const ORG_ID = 'o-a1b2c3d4e5';
export const ORG_ROOT = 'r-ab12';
export const MANAGEMENT_ACCOUNT = '100000000001';
export const SECURITY_ACCOUNT = '444444444444';
export const LOG_ARCHIVE_ACCOUNT = '555555555555';
export const ORG_HOME = 'us-east-1';
export const ORG_REGIONS = ['us-east-1', 'eu-west-1'];

/** The checked-in config's state backend, reached through a role of the account's own (`stateBackend.roleArns.<role>`). */
function stateAccess(role: OrganizationAccountRole): StateAccessPlan {
  const { roleArns: _roles, rolePrincipals: _principals, ...backend } = loadConfig().stateBackend;
  return { backend, roleArn: `arn:aws:iam::${backend.accountId}:role/${ORG_PROJECT}-${role}-terraform-state` };
}

function account(role: OrganizationAccountRole, accountId: string, stack: string, regions: readonly string[]): OrganizationAccountPlan {
  return {
    role,
    accountId,
    state: stateAccess(role),
    stack,
    regionalStacks: regions.slice(1).map((region) => ({ region, stack: `${stack}-${region}` })),
  };
}

/** The example organization; `overrides` replace top-level fields (`regions` also sets the regional stacks). */
export function orgPlanFixture(overrides: Partial<OrganizationPlan> = {}): OrganizationPlan {
  const regions = overrides.regions ?? ORG_REGIONS;
  const management = account('management', MANAGEMENT_ACCOUNT, 'org-management', regions);
  const security = account('security', SECURITY_ACCOUNT, 'org-security', regions);
  const logArchive = account('logArchive', LOG_ARCHIVE_ACCOUNT, 'org-log-archive', []);
  const trailName = `${ORG_PROJECT}-organization-trail`;
  return {
    projectName: ORG_PROJECT,
    id: ORG_ID,
    rootId: ORG_ROOT,
    awsRegion: ORG_HOME,
    regions,
    management,
    security,
    logArchive,
    trail: {
      name: trailName,
      arn: `arn:aws:cloudtrail:${ORG_HOME}:${MANAGEMENT_ACCOUNT}:trail/${trailName}`,
      bucket: `${ORG_PROJECT}-org-logs-${LOG_ARCHIVE_ACCOUNT}`,
      configPrefix: 'config',
      retentionDays: 2555,
      archiveAfterDays: 90,
    },
    alertSubscribers: [{ protocol: 'email', endpoint: 'security-team@example.gov' }],
    securityHubStandards: DEFAULT_STANDARDS,
    securityHubDisabledControls: [],
    guardDuty: {},
    stacks: [
      logArchive.stack,
      management.stack,
      ...management.regionalStacks.map((r) => r.stack),
      security.stack,
      ...security.regionalStacks.map((r) => r.stack),
    ],
    ...overrides,
  };
}
