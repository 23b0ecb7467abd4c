/**
 * A hand-written OrganizationPlan (issue 18's example organization), until the config's
 * resolver produces one: names as org-design.md fixes them, the state backend of the
 * checked-in config.
 */
import { DEFAULT_STANDARDS } from '../../src/catalog/securityhub-standards';
import { loadConfig } from '../../src/config';
import type { OrganizationAccountPlan, OrganizationAccountRole, OrganizationPlan } from '../../src/config/organization-plan';
import type { StateAccessPlan } from '../../src/config/plan';

export const ORG_ID = 'o-a1b2c3d4e5';
export const MANAGEMENT_ACCOUNT = '100000000001';
export const SECURITY_ACCOUNT = '444444444444';
export const LOG_ARCHIVE_ACCOUNT = '555555555555';
export const ORG_REGION = 'us-east-1';
export const ORG_REGIONS = ['us-east-1', 'eu-west-1'];
export const ORG_PROJECT = 'govtech';
export const ORG_TRAIL_NAME = `${ORG_PROJECT}-organization-trail`;
export const ORG_TRAIL_ARN = `arn:aws:cloudtrail:${ORG_REGION}:${MANAGEMENT_ACCOUNT}:trail/${ORG_TRAIL_NAME}`;
export const ORG_LOGS_BUCKET = `${ORG_PROJECT}-org-logs-${LOG_ARCHIVE_ACCOUNT}`;

/** The checked-in config's state backend, reached through a role of the account's own (`stateBackend.roleArns.<role>`). */
function stateAccess(role: OrganizationAccountRole): StateAccessPlan {
  const { roleArns: _roles, rolePrincipals: _principals, ...backend } = loadConfig().stateBackend;
  return { backend, roleArn: `arn:aws:iam::${backend.accountId}:role/${ORG_PROJECT}-${role}-terraform-state` };
}

function account(role: OrganizationAccountRole, accountId: string, stack: string, regional: boolean): OrganizationAccountPlan {
  return {
    role,
    accountId,
    state: stateAccess(role),
    stack,
    regionalStacks: regional ? ORG_REGIONS.slice(1).map((region) => ({ region, stack: `${stack}-${region}` })) : [],
  };
}

/** The example organization; `overrides` replace top-level fields (e.g. `trail`). */
export function orgPlanFixture(overrides: Partial<OrganizationPlan> = {}): OrganizationPlan {
  const management = account('management', MANAGEMENT_ACCOUNT, 'org-management', true);
  const security = account('security', SECURITY_ACCOUNT, 'org-security', true);
  const logArchive = account('logArchive', LOG_ARCHIVE_ACCOUNT, 'org-log-archive', false);
  return {
    projectName: ORG_PROJECT,
    id: ORG_ID,
    rootId: 'r-ab12',
    awsRegion: ORG_REGION,
    regions: ORG_REGIONS,
    management,
    security,
    logArchive,
    trail: {
      name: ORG_TRAIL_NAME,
      arn: ORG_TRAIL_ARN,
      bucket: ORG_LOGS_BUCKET,
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
