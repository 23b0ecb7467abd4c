/**
 * Organization mode, resolved: the accounts of an AWS Organization and what each runs. The
 * config's `organization` section (schema/organization.ts) resolves into this once; the
 * organization stacks (log archive, management, security) and the member stacks read it, never
 * the config's shapes. Without `organization` in the config there is no OrganizationPlan and
 * every stack is what it was in standalone mode.
 */
import type { StandardPath } from '../catalog/securityhub-standards';
import {
  alertSubscribers,
  chosenStandards,
  configuredEnvironments,
  coveredRegions,
  DisabledControlConfig,
  environmentConfig,
  GuardDutyOptions,
  ProjectConfig,
} from '.';
import { Partition, regionInfo } from './regions';
import { organizationLogsBucketName } from './rules';
import { MIN_ORGANIZATION_LOGS_RETENTION_DAYS, OrganizationConfig } from './schema/organization';
import { StateAccessPlan, stateAccessPlan } from './state-plan';

/** The three accounts an organization deployment adds besides the environments' (member) accounts. */
export type OrganizationAccountRole = 'management' | 'security' | 'logArchive';

/** A stack of one covered region besides the home one (one AWS provider). */
export interface OrganizationRegionalStackPlan {
  readonly region: string;
  /** e.g. `org-security-eu-west-1` */
  readonly stack: string;
}

/** One of the organization's own accounts, and how its stacks reach it and their state. */
export interface OrganizationAccountPlan {
  readonly role: OrganizationAccountRole;
  readonly accountId: string;
  /** The role the stacks' AWS provider assumes in this account (`organization.deployRoleArns.<role>`). @default none: the deployer's own credentials */
  readonly deployRoleArn?: string;
  /** How this account's stacks reach their state (`stateBackend.roleArns.<role>`, `stateBackend.rolePrincipals.<role>`). */
  readonly state: StateAccessPlan;
  /** The home-region stack of this account. */
  readonly stack: string;
  /** One stack per covered region besides the home one, in `regions` order (none for the log archive account). */
  readonly regionalStacks: readonly OrganizationRegionalStackPlan[];
}

/** The organization trail and the bucket in the log archive account that receives it and the members' AWS Config deliveries. */
export interface OrganizationTrailPlan {
  /** The trail's name in the management account: `<project>-organization-trail`. */
  readonly name: string;
  /** `arn:<partition>:cloudtrail:<home>:<management>:trail/<name>`, with partition `aws` (the only partition this project deploys to). */
  readonly arn: string;
  /** The log archive bucket: `<project>-org-logs-<logArchiveAccountId>`. */
  readonly bucket: string;
  /** Key prefix of AWS Config deliveries from member accounts (`<prefix>/AWSLogs/<account>/Config/...`). */
  readonly configPrefix: string;
  /** Days the log archive keeps trail and Config objects. */
  readonly retentionDays: number;
  /** Days before objects move to Glacier Flexible Retrieval. */
  readonly archiveAfterDays: number;
  /**
   * The accounts whose AWS Config may deliver here, each only under its own
   * `<configPrefix>/AWSLogs/<account>/`: the environments' (member) accounts and the three
   * organization accounts, in that order, each once.
   */
  readonly configAccountIds: readonly string[];
}

export interface OrganizationPlan {
  readonly projectName: string;
  /** `o-...` */
  readonly id: string;
  /** `r-...`: the root the Security Hub configuration policy is associated with. */
  readonly rootId: string;
  /** The home region: Security Hub's aggregation region, the trail's home, the alerts topic. */
  readonly awsRegion: string;
  /** The home region's partition (`aws`, `aws-us-gov`, ...): every ARN the plan and the policies built from it write. */
  readonly partition: Partition;
  /** The covered regions, home first (GuardDuty's delegated administrator and detectors, Security Hub's linked regions). */
  readonly regions: readonly string[];
  readonly management: OrganizationAccountPlan;
  readonly security: OrganizationAccountPlan;
  readonly logArchive: OrganizationAccountPlan;
  readonly trail: OrganizationTrailPlan;
  /** Subscribers of the organization's alerts topic in the security account, emails first. */
  readonly alertSubscribers: ReturnType<typeof alertSubscribers>;
  /** Why the organization's alerts topic may have no subscriber (`organization.alertsUnsubscribedReason`). @default none: a subscriber is required */
  readonly alertsUnsubscribedReason?: string;
  /** The standards the configuration policy enables in every account and region. */
  readonly securityHubStandards: readonly StandardPath[];
  /** Controls the configuration policy disables everywhere; each reason stays in config and the compliance report. */
  readonly securityHubDisabledControls: readonly DisabledControlConfig[];
  /** GuardDuty protection plans beyond the default, enabled for every member through the organization configuration. */
  readonly guardDuty: GuardDutyOptions;
  /** Every stack of the organization accounts, in deploy order: log archive, management (home, then regions), security (home, then regions). */
  readonly stacks: readonly string[];
}

/** What a member stack (`security-<env>`) needs from the organization it belongs to. */
export interface MemberOrganizationPlan {
  readonly id: string;
  readonly managementAccountId: string;
  readonly securityAccountId: string;
  readonly trail: OrganizationTrailPlan;
  /**
   * The controls the configuration policy disables (organization.securityHub.disabledControls, where a member's
   * moved): their standalone control associations leave the member's stacks (organization-migration.ts).
   */
  readonly securityHubDisabledControls: readonly DisabledControlConfig[];
  /** The security account's home-region stack: members deploy after it (its organization configuration enrolls them). */
  readonly securityStack: string;
}

/** Names of the organization accounts' home-region stacks; their regional stacks add `-<region>`. */
export const ORGANIZATION_STACKS = {
  logArchive: 'org-log-archive',
  management: 'org-management',
  security: 'org-security',
} as const satisfies Record<OrganizationAccountRole, string>;

/**
 * The `Environment` tag of the log archive and security accounts' resources, and the `environment` part of their names
 * (the management account's are `management`: src/stacks/org-management-stack.ts).
 */
export const ORGANIZATION_ENVIRONMENT = 'organization';

/** Key prefix of the members' AWS Config deliveries in the log archive bucket. */
export const ORGANIZATION_CONFIG_PREFIX = 'config';

/** Days before log archive objects move to Glacier Flexible Retrieval, unless config says otherwise. */
const DEFAULT_ARCHIVE_AFTER_DAYS = 90;

function accountPlan(
  config: ProjectConfig,
  org: OrganizationConfig,
  role: OrganizationAccountRole,
  accountId: string,
  regions: readonly string[],
): OrganizationAccountPlan {
  const stack = ORGANIZATION_STACKS[role];
  return {
    role,
    accountId,
    ...(org.deployRoleArns?.[role] === undefined ? {} : { deployRoleArn: org.deployRoleArns[role] }),
    state: stateAccessPlan(config.stateBackend, role),
    stack,
    // The log archive account's bucket and key are regionless to their users: one stack, in the home region.
    regionalStacks: role === 'logArchive' ? [] : regions.slice(1).map((region) => ({ region, stack: `${stack}-${region}` })),
  };
}

/** The config's `organization` resolved once; undefined in standalone mode. */
export function resolveOrganization(config: ProjectConfig): OrganizationPlan | undefined {
  const org = config.organization;
  if (org === undefined) return undefined;
  const project = config.projectName;
  const regions = coveredRegions(org);
  const [management, security, logArchive] = (
    [
      ['management', org.managementAccountId],
      ['security', org.securityAccountId],
      ['logArchive', org.logArchiveAccountId],
    ] as const
  ).map(([role, account]) => accountPlan(config, org, role, account, regions));
  const trailName = `${project}-organization-trail`;
  // The schema keeps every covered region in the home region's partition (schema/regions.ts).
  const partition = regionInfo(org.awsRegion)?.partition ?? 'aws';
  return {
    projectName: project,
    id: org.id,
    rootId: org.rootId,
    awsRegion: org.awsRegion,
    partition,
    regions,
    management,
    security,
    logArchive,
    trail: {
      name: trailName,
      arn: `arn:${partition}:cloudtrail:${org.awsRegion}:${org.managementAccountId}:trail/${trailName}`,
      bucket: organizationLogsBucketName(project, org.logArchiveAccountId),
      configPrefix: ORGANIZATION_CONFIG_PREFIX,
      retentionDays: org.logsRetentionDays ?? MIN_ORGANIZATION_LOGS_RETENTION_DAYS,
      archiveAfterDays: org.logsArchiveAfterDays ?? DEFAULT_ARCHIVE_AFTER_DAYS,
      configAccountIds: [
        ...new Set([
          ...configuredEnvironments(config).map((e) => environmentConfig(config, e).accountId),
          org.managementAccountId,
          org.securityAccountId,
          org.logArchiveAccountId,
        ]),
      ],
    },
    alertSubscribers: alertSubscribers(org),
    ...(org.alertsUnsubscribedReason === undefined ? {} : { alertsUnsubscribedReason: org.alertsUnsubscribedReason }),
    securityHubStandards: chosenStandards(org.securityHub),
    securityHubDisabledControls: org.securityHub?.disabledControls ?? [],
    guardDuty: org.guardDuty ?? {},
    stacks: [logArchive, management, security].flatMap((a) => [a.stack, ...a.regionalStacks.map((r) => r.stack)]),
  };
}

/** What every member stack takes from the organization. */
export function memberOrganizationPlan(org: OrganizationPlan): MemberOrganizationPlan {
  return {
    id: org.id,
    managementAccountId: org.management.accountId,
    securityAccountId: org.security.accountId,
    trail: org.trail,
    securityHubDisabledControls: org.securityHubDisabledControls,
    securityStack: org.security.stack,
  };
}
