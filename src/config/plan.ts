/**
 * The config resolved once per environment into what the stacks build: where the logs bucket
 * comes from, which regions are covered, who owns the account's services, how the state is
 * reached, and the settings passed on as they are. The app resolves it once (src/app.ts); the
 * stacks and the compliance check read the plan, never the config file's shapes: those (e.g.
 * `{ "fromLogsStack": true }`, `accountServicesOwner`, `stateBackend.roleArns`) are read here only.
 */
import type { StandardPath } from '../catalog/securityhub-standards';
import {
  alertSubscribers,
  chosenStandards,
  configuredEnvironments,
  coveredRegions,
  defaultLogsBucketName,
  EnvironmentConfig,
  EnvironmentName,
  environmentConfig,
  ProjectConfig,
  RemoteStateOutputRef,
} from '.';
import { AdoptionPlan, adoptionPlan } from './adoption';
import { MemberOrganizationPlan, memberOrganizationPlan, OrganizationPlan, resolveOrganization } from './organization-plan';
import { StateAccessPlan, stateAccessPlan, stateBackendSettings } from './state-plan';

/**
 * Where an environment's `logs_bucket` comes from:
 * - `name`: the config names it; the logs stack creates it and the security stack's variable defaults to it;
 * - `logsStack`: the logs stack creates it under the derived name `bucket`, and the security
 *   stack reads it from that stack's state (a cdktf cross-stack reference);
 * - `remoteState`: an output of another Terraform configuration's state (no logs stack).
 */
export type LogsBucketPlan =
  | { readonly kind: 'name'; readonly bucket: string }
  | { readonly kind: 'logsStack'; readonly bucket: string }
  | { readonly kind: 'remoteState'; readonly ref: RemoteStateOutputRef };

/** Who creates the account-wide services (the regional services of every covered region, the account controls, the SERVICE cost monitor). */
export type ServicesOwnerPlan =
  | { readonly kind: 'self' }
  /** Another environment in the same account and region: this one reads their IDs from that environment's security stack. */
  | { readonly kind: 'environment'; readonly environment: EnvironmentName; readonly securityStack: string };

export type { StateAccessPlan, StateBackendSettings } from './state-plan';

/** An environment's settings the stacks pass on unchanged: every field but those resolved above. */
export type EnvironmentSettings = Omit<
  EnvironmentConfig,
  'accountId' | 'awsRegion' | 'regions' | 'logsBucket' | 'accountServicesOwner' | 'adopt' | 'regionalStacksMigration' | 'deployRoleArn'
>;

/** A covered region besides the home one: its regional services are a stack of their own, with one AWS provider. */
export interface RegionalStackPlan {
  readonly region: string;
  /** `security-<env>-<region>` */
  readonly stack: string;
}

/**
 * While `regionalStacksMigration` is on: the home stack forgets the other regions' resources
 * its state still holds, and each regional stack imports them.
 */
export interface RegionalStacksMigrationPlan {
  /** GuardDuty detector ID of each covered region besides the home one (a detector cannot be found by name). */
  readonly guardDutyDetectorIds: Readonly<Record<string, string>>;
}

export interface EnvironmentPlan {
  readonly environment: EnvironmentName;
  readonly projectName: string;
  readonly accountId: string;
  /** The home region. */
  readonly awsRegion: string;
  /**
   * The regions whose regional services this environment creates, home first; only the home region when it does not own its
   * account's services; in organization mode, without `regions` of its own, the organization's.
   */
  readonly regions: readonly string[];
  readonly logsBucket: LogsBucketPlan;
  /** Name of the logs stack and of the bucket it creates; absent when the bucket is read from another state. */
  readonly logsStack?: { readonly name: string; readonly bucket: string };
  /** Name of the security stack (the home region's services, the account's, the finding aggregator). */
  readonly securityStack: string;
  /** One stack per covered region besides the home one, in `regions` order; none for a single region. */
  readonly regionalStacks: readonly RegionalStackPlan[];
  /** Set while `regionalStacksMigration` is on. @default none */
  readonly regionalStacksMigration?: RegionalStacksMigrationPlan;
  readonly servicesOwner: ServicesOwnerPlan;
  /** The Security Hub standards of the account (the owner's when another environment owns the services). */
  readonly securityHubStandards: readonly StandardPath[];
  readonly state: StateAccessPlan;
  /** Every subscriber of the alerts topic, emails first. */
  readonly alertSubscribers: ReturnType<typeof alertSubscribers>;
  /** What exists already (`adopt`), per covered region: imported instead of created. */
  readonly adopt: AdoptionPlan;
  readonly settings: EnvironmentSettings;
  /** The role the stacks' AWS provider assumes in this environment's account (`deployRoleArn`). @default none: the deployer's own credentials */
  readonly deployRoleArn?: string;
  /** Set in organization mode: GuardDuty, Security Hub and the trail belong to the organization. @default none: standalone */
  readonly organization?: MemberOrganizationPlan;
}

export interface ProjectPlan {
  readonly projectName: string;
  /** The bootstrap stack's state: the backend, reached with the deployer's own credentials. */
  readonly state: StateAccessPlan;
  /** The configured environments, in the order dev, staging, prod. */
  readonly environments: readonly EnvironmentPlan[];
  /** The organization's accounts and stacks, when the config has `organization`. @default none: standalone */
  readonly organization?: OrganizationPlan;
}

/** Name of an environment's security stack. */
export function securityStackName(env: EnvironmentName): string {
  return `security-${env}`;
}

/** Name of the stack of an environment's regional services in `region` (not the home region). */
export function regionalStackName(env: EnvironmentName, region: string): string {
  return `${securityStackName(env)}-${region}`;
}

/** Every stack of `plan` whose state the environment writes: logs, security, then the regional stacks. */
export function environmentStacks(plan: EnvironmentPlan): string[] {
  return [...(plan.logsStack === undefined ? [] : [plan.logsStack.name]), plan.securityStack, ...plan.regionalStacks.map((r) => r.stack)];
}

/** Name of an environment's logs stack. */
export function logsStackName(env: EnvironmentName): string {
  return `logs-${env}`;
}

/** The one place the config's `logsBucket` shapes are told apart. */
function logsBucketPlan(config: ProjectConfig, environment: EnvironmentName, env: EnvironmentConfig): LogsBucketPlan {
  const source = env.logsBucket;
  if (typeof source === 'string') return { kind: 'name', bucket: source };
  if ('remoteState' in source) return { kind: 'remoteState', ref: source.remoteState };
  return { kind: 'logsStack', bucket: defaultLogsBucketName(config.projectName, environment, env.accountId) };
}

/**
 * The regions whose regional services an environment creates: none but home when another
 * environment owns its account's; in organization mode, without its own `regions`, those the
 * organization covers (its recorder, EBS default encryption and Access Analyzer follow GuardDuty
 * and Security Hub there; config keeps a member's own list within them).
 */
function environmentRegions(env: EnvironmentConfig, organization: OrganizationPlan | undefined): string[] {
  if (env.accountServicesOwner !== undefined) return [env.awsRegion];
  if (organization === undefined || env.regions !== undefined) return coveredRegions(env);
  return coveredRegions({ awsRegion: env.awsRegion, regions: organization.regions });
}

/** The Security Hub standards of an environment's account: the organization's policy's, the owner's, or its own. */
function accountStandards(config: ProjectConfig, env: EnvironmentConfig, organization: OrganizationPlan | undefined) {
  if (organization !== undefined) return organization.securityHubStandards;
  const owner = env.accountServicesOwner;
  return chosenStandards(owner === undefined ? env.securityHub : environmentConfig(config, owner).securityHub);
}

/**
 * `environment`'s plan; the config must have it (validateConfig checks every cross-reference).
 * `organization`: the config's, resolved once by resolvePlan (resolved here when not given).
 */
export function resolveEnvironment(
  config: ProjectConfig,
  environment: EnvironmentName,
  organization: OrganizationPlan | undefined = resolveOrganization(config),
): EnvironmentPlan {
  const env = environmentConfig(config, environment);
  // What is left once the resolved fields are taken out is passed on as it is.
  const {
    accountId,
    awsRegion,
    regions: _regions,
    logsBucket: _logsBucket,
    accountServicesOwner,
    adopt,
    regionalStacksMigration,
    deployRoleArn,
    ...settings
  } = env;
  const logsBucket = logsBucketPlan(config, environment, env);
  const regions = environmentRegions(env, organization);
  const regionalStacks = regions.slice(1).map((region) => ({ region, stack: regionalStackName(environment, region) }));
  const adoption = adoptionPlan(adopt, regions);
  return {
    environment,
    projectName: config.projectName,
    accountId,
    awsRegion,
    regions,
    logsBucket,
    logsStack: logsBucket.kind === 'remoteState' ? undefined : { name: logsStackName(environment), bucket: logsBucket.bucket },
    securityStack: securityStackName(environment),
    regionalStacks,
    ...(regionalStacksMigration && regionalStacks.length > 0
      ? { regionalStacksMigration: migrationPlan(environment, adoption, regionalStacks) }
      : {}),
    servicesOwner:
      accountServicesOwner === undefined
        ? { kind: 'self' }
        : { kind: 'environment', environment: accountServicesOwner, securityStack: securityStackName(accountServicesOwner) },
    state: stateAccessPlan(config.stateBackend, environment),
    securityHubStandards: accountStandards(config, env, organization),
    alertSubscribers: alertSubscribers(env),
    adopt: adoption,
    settings,
    ...(deployRoleArn === undefined ? {} : { deployRoleArn }),
    ...(organization === undefined ? {} : { organization: memberOrganizationPlan(organization) }),
  };
}

/** The detector IDs the migration imports: one per regional stack, from `adopt.guardDutyDetectorIds`. */
function migrationPlan(
  environment: EnvironmentName,
  adoption: AdoptionPlan,
  regionalStacks: readonly RegionalStackPlan[],
): RegionalStacksMigrationPlan {
  const ids: Record<string, string> = {};
  for (const { region } of regionalStacks) {
    const id = adoption.regions[region]?.guardDutyDetectorId;
    if (id !== undefined) ids[region] = id;
  }
  const missing = regionalStacks.map((r) => r.region).filter((r) => ids[r] === undefined);
  if (missing.length > 0) {
    throw new Error(
      `environments.${environment}.regionalStacksMigration is true but adopt.guardDutyDetectorIds has no detector ID for ${missing.join(', ')}: ` +
        `the regional stacks import each region's GuardDuty detector by its ID (GuardDuty allows one detector per account and region, so creating one fails). ` +
        `Add "adopt": { "guardDutyDetectorIds": { "${missing[0]}": "<ID>" } } (aws guardduty list-detectors --region ${missing[0]}, or the home stack's output guardduty_detector_ids).`,
    );
  }
  return { guardDutyDetectorIds: ids };
}

/** The plan of every configured environment, resolved once from a validated config. */
export function resolvePlan(config: ProjectConfig): ProjectPlan {
  const organization = resolveOrganization(config);
  return {
    projectName: config.projectName,
    state: { backend: stateBackendSettings(config.stateBackend) },
    environments: configuredEnvironments(config).map((e) => resolveEnvironment(config, e, organization)),
    ...(organization === undefined ? {} : { organization }),
  };
}
