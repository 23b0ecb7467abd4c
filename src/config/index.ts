/**
 * The project configuration: one checked-in JSON file (`config/environments.json`) with the
 * state backend and any of the three environments. `loadConfig` parses it with the zod schemas
 * of ./schema (the types below are inferred from them); every problem is reported at once,
 * each naming the field, the bad value and the rule.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { ENVIRONMENTS, EnvironmentName } from './rules';
import { missingFieldMessage, problemLines } from './issues';
import { EnvironmentConfig } from './schema/environment';
import { ProjectConfig, projectConfigSchema } from './schema/project';
import { optInRegionWarnings } from './schema/regions';

export { defaultLogsBucketName, ENVIRONMENTS, EnvironmentName } from './rules';
export type { ProjectConfig } from './schema/project';
export type { EnvironmentConfig, CostAnomalyOptions, GuardDutyOptions } from './schema/environment';
export type { StateBackendConfig } from './schema/state-backend';
export type { OrganizationConfig } from './schema/organization';
export type { LogsBucketSource, RemoteStateOutputRef } from './schema/logs-bucket';
export type { AlertSubscribersConfig, AwsConfigOptions, MonitoringConfig } from './schema/monitoring';
export type { AdoptConfig } from './schema/adopt';
export type { AdoptionPlan, RegionAdoption } from './adoption';
export { alertSubscribers } from './schema/monitoring';
export type {
  AccountControlId,
  AccountControlsConfig,
  AccountControlsEnvironmentConfig,
  PasswordPolicyConfig,
} from './schema/account-controls';
export { ACCOUNT_CONTROL_IDS } from './schema/account-controls';
export { coveredRegions, REGION_PRESETS } from './schema/regions';
export type { DisabledControlConfig, SecurityHubConfig } from './schema/security-hub';
export { chosenStandards } from './schema/security-hub';
export type { RegionPreset, RegionsSetting } from './schema/regions';

/** Where the config file lives unless `GOVTECH_CONFIG` names another. */
export const DEFAULT_CONFIG_PATH = path.resolve(__dirname, '..', '..', '..', 'config', 'environments.json');

/** The environments the config has, in the order dev, staging, prod. */
export function configuredEnvironments(config: ProjectConfig): EnvironmentName[] {
  return ENVIRONMENTS.filter((e) => config.environments[e] !== undefined);
}

/** An environment's config; throws when the config does not have that environment. */
export function environmentConfig(config: ProjectConfig, env: EnvironmentName): EnvironmentConfig {
  const e = config.environments[env];
  if (e === undefined) throw new Error(`environments.${env} is not in the config (it has ${configuredEnvironments(config).join(', ')}).`);
  return e;
}

/** A config that breaks one or more rules; `problems` lists each, `message` all of them. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid configuration in ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Read, parse and validate the config file (`GOVTECH_CONFIG` or the checked-in one). */
export function loadConfig(file: string = process.env.GOVTECH_CONFIG || DEFAULT_CONFIG_PATH): ProjectConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, [`cannot read the file: ${(e as Error).message}`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(file, [jsonSyntaxProblem(text, (e as Error).message)]);
  }
  return validateConfig(raw, file);
}

/**
 * JSON.parse's message with the line and column instead of a character offset, and the
 * line itself with a caret under the spot.
 */
function jsonSyntaxProblem(text: string, parseMessage: string): string {
  const at = /at position (\d+)/.exec(parseMessage);
  const offset = at ? Number(at[1]) : text.length;
  const reason = parseMessage
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/\s*in JSON at position \d+/, '')
    .replace(/\s*at position \d+/, '');
  const before = text.slice(0, offset).split('\n');
  const line = before.length;
  const column = before[before.length - 1].length + 1;
  const source = (text.split('\n')[line - 1] ?? '').replace(/\r$/, '');
  const gutter = String(line);
  return [
    `invalid JSON at line ${line}, column ${column}: ${reason}`,
    `      ${gutter} | ${source}`,
    `      ${' '.repeat(gutter.length)} | ${' '.repeat(column - 1)}^`,
  ].join('\n');
}

/**
 * Check a parsed config against every rule; throws a ConfigError listing each problem as
 * `<path> = <value>: must <rule>. <how to fix>`.
 */
export function validateConfig(raw: unknown, source = 'config'): ProjectConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(source, [`the file must hold a JSON object, not ${JSON.stringify(raw)}`]);
  }
  const result = projectConfigSchema.safeParse(raw, { reportInput: true, error: missingFieldMessage });
  if (!result.success) throw new ConfigError(source, problemLines(result.error.issues));
  return result.data;
}

/**
 * What a valid config may still get wrong at deploy time, once each: an opt-in region in
 * `regions` is accepted, but its provider cannot plan until the account enables the region.
 */
export function configWarnings(config: ProjectConfig): string[] {
  const org = config.organization;
  return [
    ...configuredEnvironments(config).flatMap((env) => optInRegionWarnings(`environments.${env}`, environmentConfig(config, env))),
    ...(org === undefined ? [] : optInRegionWarnings('organization', org)),
    ...deployRoleWarnings(config),
  ];
}

/**
 * A deploy role is for a pipeline that deploys every account from one identity; Terraform's S3
 * backend assumes the state role with that identity (not with the deploy role), so a state role
 * that trusts only the account itself (no rolePrincipals) will refuse a pipeline elsewhere.
 */
function deployRoleWarnings(config: ProjectConfig): string[] {
  const { roleArns, rolePrincipals } = config.stateBackend;
  const org = config.organization;
  const deployRoles = [
    ...configuredEnvironments(config).map(
      (env) => [env, `environments.${env}.deployRoleArn`, environmentConfig(config, env).deployRoleArn] as const,
    ),
    ...(['management', 'security', 'logArchive'] as const).map(
      (role) => [role, `organization.deployRoleArns.${role}`, org?.deployRoleArns?.[role]] as const,
    ),
  ];
  return deployRoles
    .filter(([key, , arn]) => arn !== undefined && roleArns?.[key] !== undefined && rolePrincipals?.[key] === undefined)
    .map(
      ([key, field]) =>
        `${field} is set but stateBackend.rolePrincipals.${key} is not: the state role trusts only that account, and the backend assumes it with the pipeline's own identity, not the deploy role. ` +
        `If the pipeline runs in another account, add its role, e.g. "rolePrincipals": { "${key}": ["arn:aws:iam::<pipeline account>:role/<pipeline>"] }.`,
    );
}
