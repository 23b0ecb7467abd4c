/**
 * A hand-written OrganizationPlan (the issue's example organization) for the management stacks'
 * tests, until the config's resolver builds one. The state backend is the checked-in config's,
 * reached through a role per organization account.
 */
import type { OrganizationAccountPlan, OrganizationAccountRole, OrganizationPlan } from '../../src/config/organization-plan';
import type { StateAccessPlan } from '../../src/config/plan';

export const ORG = {
  project: 'govtech',
  id: 'o-a1b2c3d4e5',
  rootId: 'r-ab12',
  management: '100000000001',
  security: '444444444444',
  logArchive: '555555555555',
  home: 'us-east-1',
  other: 'eu-west-1',
} as const;

const STATE_ACCOUNT = '999999999999';

function state(role: OrganizationAccountRole): StateAccessPlan {
  return {
    backend: {
      bucket: `govtech-terraform-state-${STATE_ACCOUNT}`,
      region: 'us-east-1',
      accountId: STATE_ACCOUNT,
      dynamodbTable: 'govtech-terraform-locks',
      keyPrefix: 'govtech',
      useLockfile: false,
      noncurrentVersionExpirationDays: 90,
    },
    roleArn: `arn:aws:iam::${STATE_ACCOUNT}:role/govtech-${role}-terraform-state`,
  };
}

function account(role: OrganizationAccountRole, accountId: string, stack: string, regional: boolean): OrganizationAccountPlan {
  return {
    role,
    accountId,
    state: state(role),
    stack,
    regionalStacks: regional ? [{ region: ORG.other, stack: `${stack}-${ORG.other}` }] : [],
  };
}

/** The organization of the example: home us-east-1, also eu-west-1. */
export function managementOrgFixture(): OrganizationPlan {
  const trailName = `${ORG.project}-organization-trail`;
  return {
    projectName: ORG.project,
    id: ORG.id,
    rootId: ORG.rootId,
    awsRegion: ORG.home,
    regions: [ORG.home, ORG.other],
    management: account('management', ORG.management, 'org-management', true),
    security: account('security', ORG.security, 'org-security', true),
    logArchive: account('logArchive', ORG.logArchive, 'org-log-archive', false),
    trail: {
      name: trailName,
      arn: `arn:aws:cloudtrail:${ORG.home}:${ORG.management}:trail/${trailName}`,
      bucket: `${ORG.project}-org-logs-${ORG.logArchive}`,
      configPrefix: 'config',
      retentionDays: 365,
      archiveAfterDays: 90,
    },
    alertSubscribers: [{ protocol: 'email', endpoint: 'security-team@example.gov' }],
    securityHubStandards: [],
    securityHubDisabledControls: [],
    guardDuty: {},
    stacks: ['org-log-archive', 'org-management', `org-management-${ORG.other}`, 'org-security', `org-security-${ORG.other}`],
  };
}
