/**
 * The project configuration: one checked-in JSON file (`config/environments.json`) with the
 * state backend and any of the three environments. `loadConfig` parses and validates it; every
 * problem is reported at once, each naming the field, the bad value and the rule.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { MONITORING_FIELDS, MonitoringConfig, monitoringProblems } from './monitoring';
import { ACCOUNT_CONTROL_FIELDS, AccountControlsEnvironmentConfig, accountControlProblems } from './account-controls';
import { WAIVABLE_CONTROL_IDS } from '../catalog/controls';
import { regionsProblems, RegionsSetting } from './regions-config';
import {
  AWS_REGION_RULES,
  brokenRules,
  defaultLogsBucketName,
  ENVIRONMENTS,
  EnvironmentName,
  S3_BUCKET_NAME_RULES,
  SecurityVariableName,
  ValueRule,
  VARIABLE_SPECS,
} from './rules';

export { defaultLogsBucketName, ENVIRONMENTS, EnvironmentName } from './rules';
export { AlertSubscribersConfig, AwsConfigOptions, MonitoringConfig, alertSubscribers } from './monitoring';
export { AccountControlId, AccountControlsConfig, AccountControlsEnvironmentConfig, PasswordPolicyConfig } from './account-controls';
export { coveredRegions, REGION_PRESETS, RegionPreset, RegionsSetting } from './regions-config';

/** Where the config file lives unless `GOVTECH_CONFIG` names another. */
export const DEFAULT_CONFIG_PATH = path.resolve(__dirname, '..', '..', '..', 'config', 'environments.json');

/** Another Terraform configuration's S3 state and the output to read from it. */
export interface RemoteStateOutputRef {
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
  /** The output's name in that state, e.g. a storage module's `bucket_id`. */
  readonly output: string;
  /** DynamoDB table of that backend (only used for locking when writing; optional for reads). */
  readonly dynamodbTable?: string;
}

/**
 * Where an environment's `logs_bucket` comes from:
 * - a plain bucket name (the logs stack creates a bucket of that name);
 * - `{ fromLogsStack: true }`: the logs stack names the bucket and the security stack reads
 *   it through a cdktf cross-stack reference;
 * - `{ remoteState: ... }`: an output of another Terraform configuration's S3 state (no logs
 *   stack is created for that environment; the bucket is someone else's).
 */
export type LogsBucketSource = string | { readonly fromLogsStack: true } | { readonly remoteState: RemoteStateOutputRef };

export interface GuardDutyOptions {
  /** RDS login activity monitoring. @default false */
  readonly rdsLoginEvents?: boolean;
  /** Lambda network activity monitoring. @default false */
  readonly lambdaNetworkLogs?: boolean;
  /** Runtime monitoring (EKS, ECS Fargate and EC2 agents managed by GuardDuty). @default false */
  readonly runtimeMonitoring?: boolean;
}

export interface CostAnomalyOptions {
  /** Alert when an anomaly's absolute total impact is at least this many US dollars. @default 50 */
  readonly thresholdUsd?: number;
  /** Addresses that receive a daily digest of anomalies (email cannot be IMMEDIATE). @default [] */
  readonly emails?: readonly string[];
  /** Frequency of the email digest. @default 'DAILY' */
  readonly emailFrequency?: 'DAILY' | 'WEEKLY';
}

/** An environment; its monitoring fields (alert subscribers, CIS rows off, AWS Config) are in MonitoringConfig. */
export interface EnvironmentConfig extends MonitoringConfig, AccountControlsEnvironmentConfig {
  readonly accountId: string;
  readonly awsRegion: string;
  /**
   * The regions the baseline covers (GuardDuty, Security Hub, AWS Config in each): a list that
   * includes `awsRegion`, or `"default-enabled"` (the 17 regions every commercial account has).
   * @default [awsRegion]
   */
  readonly regions?: RegionsSetting;
  readonly logsBucket: LogsBucketSource;
  /** Days the logs bucket keeps CloudTrail and WAF logs before they expire (prod: at least 365). */
  readonly logsRetentionDays: number;
  /** Days before logs move to Glacier Flexible Retrieval. @default 90 */
  readonly logsArchiveAfterDays?: number;
  /** Email addresses subscribed to the security alerts topic. @default [] */
  readonly alertEmails?: readonly string[];
  readonly costAnomaly?: CostAnomalyOptions;
  readonly guardDuty?: GuardDutyOptions;
  /**
   * For an environment that shares its account with another: the environment whose stack owns
   * the account-wide services (GuardDuty, Security Hub, the SERVICE cost monitor). This
   * environment then creates none of them and reads `guardduty_detector_id` and
   * `cost_monitor_arn` from the owner's state.
   */
  readonly accountServicesOwner?: EnvironmentName;
}

export interface StateBackendConfig {
  readonly bucket: string;
  readonly region: string;
  /** DynamoDB lock table; may be left out when `useLockfile` is true. */
  readonly dynamodbTable?: string;
  /** State keys are `<keyPrefix>/<stack>/terraform.tfstate`. */
  readonly keyPrefix: string;
  /**
   * Terraform >= 1.10 S3-native locking (`use_lockfile`): alongside the DynamoDB table, or
   * instead of it when `dynamodbTable` is left out.
   * @default false
   */
  readonly useLockfile?: boolean;
  /** Days the state bucket keeps noncurrent state versions. @default 90 */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * The administrative account that holds the bucket and the lock table; the bootstrap
   * stack only deploys there. With it set, an environment in another account reaches its
   * state through its role in `roleArns`, and the bucket refuses principals of every other
   * account. @default none (single-account layout, no account check)
   */
  readonly accountId?: string;
  /**
   * Per environment, the role in `accountId` its stacks assume for their state (S3 backend
   * and `terraform_remote_state` `assume_role`). The bootstrap stack creates each role, allowed
   * exactly that environment's state keys and lock items. An environment without one uses
   * its own credentials, so it must then be in `accountId`. @default none
   */
  readonly roleArns?: Readonly<Partial<Record<EnvironmentName, string>>>;
  /**
   * Per environment, the principals (ARNs in that environment's account) its role trusts.
   * @default the environment's account (any of its principals whose IAM policy allows sts:AssumeRole on the role)
   */
  readonly rolePrincipals?: Readonly<Partial<Record<EnvironmentName, readonly string[]>>>;
  /**
   * Keep the bootstrap stack's own state in the bucket it creates. Only after the first
   * apply, which must use local state (README: "Deploying"). @default false
   */
  readonly bootstrapStateInBucket?: boolean;
}

export interface ProjectConfig {
  readonly projectName: string;
  readonly stateBackend: StateBackendConfig;
  /** Any non-empty subset of dev, staging and prod; only these get stacks. */
  readonly environments: Readonly<Partial<Record<EnvironmentName, EnvironmentConfig>>>;
}

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
export function jsonSyntaxProblem(text: string, parseMessage: string): string {
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

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const STATE_BACKEND_FIELDS = [
  'bucket',
  'region',
  'dynamodbTable',
  'keyPrefix',
  'useLockfile',
  'noncurrentVersionExpirationDays',
  'accountId',
  'roleArns',
  'rolePrincipals',
  'bootstrapStateInBucket',
  // Retired, known so that it gets its own message (stateAccessProblems).
  'roleArn',
];
const ENVIRONMENT_FIELDS = [
  'accountId',
  'awsRegion',
  'regions',
  'logsBucket',
  'logsRetentionDays',
  'logsArchiveAfterDays',
  'alertEmails',
  'costAnomaly',
  'guardDuty',
  'accountServicesOwner',
  ...MONITORING_FIELDS,
  ...ACCOUNT_CONTROL_FIELDS,
];
const REMOTE_STATE_FIELDS = ['bucket', 'key', 'region', 'output', 'dynamodbTable'];
const ROLE_ARN = /^arn:aws[a-z-]*:iam::[0-9]{12}:role\/[\w+=,.@\/-]+$/;

/**
 * Check a parsed config against every rule; throws a ConfigError listing each problem as
 * `<path> = <value>: must <rule>. <how to fix>`.
 */
export function validateConfig(raw: unknown, source = 'config'): ProjectConfig {
  const problems: string[] = [];
  const bad = (field: string, value: unknown, rule: string, fix?: string): void => {
    problems.push(`${field} = ${JSON.stringify(value)}: must ${rule}.${fix ? ' ' + fix : ''}`);
  };
  /** A string value that must keep `rules`; `what` says what it is (the variable it sets, or what it names). */
  const checkString = (field: string, value: unknown, rules: readonly ValueRule[], what: string) => {
    if (typeof value !== 'string') return bad(field, value, `be a string (${what})`);
    for (const r of brokenRules({ rules }, value)) bad(field, value, r.rule, `(${what})`);
  };
  const checkVariable = (field: string, name: SecurityVariableName, value: unknown) =>
    checkString(field, value, VARIABLE_SPECS[name].rules, `variable ${name}`);
  const checkInt = (field: string, value: unknown, min: number, max: number, why = '') => {
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
      bad(field, value, `be a whole number from ${min} to ${max}${why}`);
    }
  };
  const checkEmails = (field: string, value: unknown) => {
    if (value === undefined) return;
    if (!Array.isArray(value)) return bad(field, value, 'be a list of email addresses');
    const seen = new Set<string>();
    value.forEach((v, i) => {
      if (typeof v !== 'string' || !EMAIL.test(v)) bad(`${field}[${i}]`, v, 'be an email address such as secops@example.gov');
      else if (seen.has(v.toLowerCase())) bad(`${field}[${i}]`, v, 'not repeat an address already in the list');
      else seen.add(v.toLowerCase());
    });
  };
  /** `value` as an object when it is one; reports it otherwise. Keys outside `known` are reported (typos). */
  const objectAt = (field: string, value: unknown, known: readonly string[], required = false): Record<string, unknown> | undefined => {
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      bad(field, value, `be an object with ${known.join(', ')}`);
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (!known.includes(key))
        bad(
          `${field}.${key}`,
          (value as Record<string, unknown>)[key],
          `be one of the known fields (${known.join(', ')})`,
          'Check the spelling.',
        );
    }
    return value as Record<string, unknown>;
  };
  const checkBool = (field: string, value: unknown) => {
    if (value !== undefined && typeof value !== 'boolean') bad(field, value, 'be true or false');
  };
  const checkRemoteState = (field: string, value: unknown) => {
    const r = (value ?? {}) as Record<string, unknown>;
    checkString(`${field}.bucket`, r.bucket, S3_BUCKET_NAME_RULES, 'the S3 bucket holding that state');
    checkString(`${field}.region`, r.region, AWS_REGION_RULES, 'the region of that state bucket');
    for (const k of ['key', 'output'] as const) {
      if (typeof r[k] !== 'string' || !(r[k] as string).length) bad(`${field}.${k}`, r[k], 'be a non-empty string');
    }
  };

  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(source, [`the file must hold a JSON object, not ${JSON.stringify(raw)}`]);
  }
  const cfg = objectAt('(top level)', raw, ['projectName', 'stateBackend', 'environments'], true) ?? {};
  checkVariable('projectName', 'project_name', cfg.projectName);

  const backend = objectAt('stateBackend', cfg.stateBackend, STATE_BACKEND_FIELDS, true);
  if (backend) {
    checkString('stateBackend.bucket', backend.bucket, S3_BUCKET_NAME_RULES, 'the S3 bucket holding the Terraform state');
    checkString('stateBackend.region', backend.region, AWS_REGION_RULES, 'the region of the state bucket');
    if (backend.dynamodbTable === undefined) {
      if (backend.useLockfile !== true) {
        bad(
          'stateBackend.dynamodbTable',
          undefined,
          'be set unless useLockfile is true (the state needs a lock)',
          'Name a lock table, or set "useLockfile": true to lock with S3 lock files (Terraform >= 1.10).',
        );
      }
    } else if (typeof backend.dynamodbTable !== 'string' || !/^[a-zA-Z0-9_.-]{3,255}$/.test(backend.dynamodbTable)) {
      bad('stateBackend.dynamodbTable', backend.dynamodbTable, 'be a DynamoDB table name: 3-255 letters, digits, _ . -');
    }
    if (typeof backend.keyPrefix !== 'string' || !/^[a-zA-Z0-9_.-]+(\/[a-zA-Z0-9_.-]+)*$/.test(backend.keyPrefix)) {
      bad('stateBackend.keyPrefix', backend.keyPrefix, 'be an S3 key prefix of letters, digits, _ . - and inner slashes');
    }
    checkBool('stateBackend.useLockfile', backend.useLockfile);
    checkBool('stateBackend.bootstrapStateInBucket', backend.bootstrapStateInBucket);
    if (backend.noncurrentVersionExpirationDays !== undefined) {
      checkInt('stateBackend.noncurrentVersionExpirationDays', backend.noncurrentVersionExpirationDays, 1, 3650);
    }
  }

  const envs = (cfg.environments ?? {}) as Record<string, Record<string, unknown>>;
  const present = ENVIRONMENTS.filter((name) => envs[name] !== undefined);
  if (typeof cfg.environments !== 'object' || cfg.environments === null || Array.isArray(cfg.environments)) {
    bad('environments', cfg.environments, `be an object with one or more of the environments ${ENVIRONMENTS.join(', ')}`);
  } else {
    for (const name of Object.keys(envs)) {
      if (!(ENVIRONMENTS as readonly string[]).includes(name)) {
        bad(`environments.${name}`, name, `be one of ${ENVIRONMENTS.join(', ')} (variable environment)`, 'Remove or rename it.');
      }
    }
    if (present.length === 0 && Object.keys(envs).length === 0) {
      bad('environments', cfg.environments, `name at least one of ${ENVIRONMENTS.join(', ')}`);
    }
    for (const name of present) {
      const at = `environments.${name}`;
      const env = objectAt(at, envs[name], ENVIRONMENT_FIELDS, true);
      if (!env) continue;
      checkVariable(`${at}.accountId`, 'account_id', env.accountId);
      checkVariable(`${at}.awsRegion`, 'aws_region', env.awsRegion);
      const logs = env.logsBucket;
      if (typeof logs === 'string') checkVariable(`${at}.logsBucket`, 'logs_bucket', logs);
      else if (typeof logs === 'object' && logs !== null && (logs as { fromLogsStack?: unknown }).fromLogsStack === true) {
        // The logs stack derives the name; check that it will be a valid bucket name.
        checkVariable(
          `${at}.logsBucket (derived)`,
          'logs_bucket',
          defaultLogsBucketName(String(cfg.projectName), name, String(env.accountId)),
        );
      } else if (typeof logs === 'object' && logs !== null && 'remoteState' in logs) {
        const remote = objectAt(`${at}.logsBucket.remoteState`, (logs as { remoteState: unknown }).remoteState, REMOTE_STATE_FIELDS, true);
        if (remote) checkRemoteState(`${at}.logsBucket.remoteState`, remote);
      } else {
        bad(`${at}.logsBucket`, logs, 'be a bucket name, { "fromLogsStack": true } or { "remoteState": { bucket, key, region, output } }');
      }
      checkInt(
        `${at}.logsRetentionDays`,
        env.logsRetentionDays,
        name === 'prod' ? 365 : 1,
        3650,
        name === 'prod' ? ' (prod keeps audit logs for at least a year)' : '',
      );
      if (env.logsArchiveAfterDays !== undefined) {
        checkInt(
          `${at}.logsArchiveAfterDays`,
          env.logsArchiveAfterDays,
          1,
          Math.max(1, Number(env.logsRetentionDays) - 1),
          ' (archive before the logs expire)',
        );
      }
      checkEmails(`${at}.alertEmails`, env.alertEmails);
      const cost = objectAt(`${at}.costAnomaly`, env.costAnomaly, ['thresholdUsd', 'emails', 'emailFrequency']);
      if (cost !== undefined) {
        if (cost.thresholdUsd !== undefined && (typeof cost.thresholdUsd !== 'number' || !(cost.thresholdUsd > 0))) {
          bad(`${at}.costAnomaly.thresholdUsd`, cost.thresholdUsd, 'be a positive number of US dollars');
        }
        checkEmails(`${at}.costAnomaly.emails`, cost.emails);
        if (cost.emailFrequency !== undefined && !['DAILY', 'WEEKLY'].includes(cost.emailFrequency as string)) {
          bad(`${at}.costAnomaly.emailFrequency`, cost.emailFrequency, 'be DAILY or WEEKLY (Cost Explorer sends email only as a digest)');
        }
      }
      const guardDutyOptions = ['rdsLoginEvents', 'lambdaNetworkLogs', 'runtimeMonitoring'];
      const gd = objectAt(`${at}.guardDuty`, env.guardDuty, guardDutyOptions) ?? {};
      for (const k of guardDutyOptions) checkBool(`${at}.guardDuty.${k}`, gd[k]);
      if (env.accountServicesOwner !== undefined && !(present as string[]).includes(env.accountServicesOwner as string)) {
        bad(`${at}.accountServicesOwner`, env.accountServicesOwner, `be one of the environments of this config (${present.join(', ')})`);
      }
      monitoringProblems(name, env, bad);
      accountControlProblems(name, env, WAIVABLE_CONTROL_IDS, bad);
      regionsProblems(at, env, bad);
    }
  }
  if (backend) problems.push(...stateAccessProblems(backend, envs));
  if (problems.length === 0) problems.push(...accountServiceProblems(cfg as unknown as ProjectConfig));
  if (problems.length) throw new ConfigError(source, problems);
  return cfg as unknown as ProjectConfig;
}

/** `arn:<partition>:iam::<account>:...`: the account of an IAM ARN. */
const IAM_ARN = /^arn:aws[a-z-]*:iam::([0-9]{12}):(root|role\/[\w+=,.@\/-]+|user\/[\w+=,.@\/-]+)$/;

/**
 * The multi-account state layout: `accountId`, the roles each environment assumes for its
 * state and the principals those roles trust.
 */
function stateAccessProblems(backend: Record<string, unknown>, envs: Record<string, Record<string, unknown> | undefined>): string[] {
  const problems: string[] = [];
  const bad = (field: string, value: unknown, rule: string, fix?: string) =>
    problems.push(`${field} = ${JSON.stringify(value)}: must ${rule}.${fix ? ' ' + fix : ''}`);
  if ('roleArn' in backend) {
    // The one role all environments shared gave each environment every other environment's state.
    bad(
      'stateBackend.roleArn',
      backend.roleArn,
      'not be used: it gave every environment the same role',
      'Name one role per environment in "roleArns": { "dev": ..., "staging": ..., "prod": ... } with "accountId" the state account.',
    );
  }
  const account = backend.accountId;
  if (account !== undefined && (typeof account !== 'string' || !/^[0-9]{12}$/.test(account))) {
    bad('stateBackend.accountId', account, 'be the 12-digit ID of the account holding the state bucket and lock table');
  }
  const perEnvironment = (field: 'roleArns' | 'rolePrincipals'): Record<string, unknown> => {
    const value = backend[field];
    if (value === undefined) return {};
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      bad(`stateBackend.${field}`, value, `be an object keyed by environment (${ENVIRONMENTS.join(', ')})`);
      return {};
    }
    for (const k of Object.keys(value)) {
      if (!(ENVIRONMENTS as readonly string[]).includes(k))
        bad(`stateBackend.${field}.${k}`, (value as Record<string, unknown>)[k], `be keyed by one of ${ENVIRONMENTS.join(', ')}`);
    }
    return value as Record<string, unknown>;
  };
  const roles = perEnvironment('roleArns');
  const principals = perEnvironment('rolePrincipals');
  if (Object.keys(roles).length && account === undefined) {
    bad(
      'stateBackend.accountId',
      undefined,
      'be set when roleArns is (the roles live in the account that holds the state)',
      'Add "accountId": "<the state account>".',
    );
  }
  for (const env of ENVIRONMENTS) {
    const role = roles[env];
    const envAccount = envs[env]?.accountId;
    if (role !== undefined) {
      const m = typeof role === 'string' && ROLE_ARN.test(role) ? IAM_ARN.exec(role) : null;
      if (!m)
        bad(`stateBackend.roleArns.${env}`, role, 'be an IAM role ARN such as arn:aws:iam::999999999999:role/govtech-prod-terraform-state');
      else if (typeof account === 'string' && m[1] !== account) {
        bad(
          `stateBackend.roleArns.${env}`,
          role,
          `be a role in the state account stateBackend.accountId (${account}), where the bootstrap stack creates it`,
        );
      }
    } else if (typeof account === 'string' && typeof envAccount === 'string' && envAccount !== account) {
      problems.push(
        `stateBackend.roleArns.${env} = undefined: must be set, because environments.${env}.accountId (${envAccount}) is not the state account ` +
          `stateBackend.accountId (${account}) and its credentials cannot reach the state otherwise. ` +
          `Add e.g. "${env}": "arn:aws:iam::${account}:role/<project>-${env}-terraform-state" to stateBackend.roleArns.`,
      );
    }
    const trusted = principals[env];
    if (trusted === undefined) continue;
    if (role === undefined)
      bad(`stateBackend.rolePrincipals.${env}`, trusted, `belong to an environment with a role in stateBackend.roleArns.${env}`);
    if (!Array.isArray(trusted) || trusted.length === 0) {
      bad(`stateBackend.rolePrincipals.${env}`, trusted, 'be a non-empty list of IAM principal ARNs');
      continue;
    }
    trusted.forEach((p, i) => {
      const m = typeof p === 'string' ? IAM_ARN.exec(p) : null;
      if (!m) bad(`stateBackend.rolePrincipals.${env}[${i}]`, p, 'be an IAM principal ARN (root, role or user)');
      else if (typeof envAccount === 'string' && m[1] !== envAccount) {
        bad(`stateBackend.rolePrincipals.${env}[${i}]`, p, `be a principal of environments.${env}.accountId (${envAccount})`);
      }
    });
  }
  return problems;
}

/**
 * GuardDuty (one detector per account and region), Security Hub (one per account and region)
 * and the SERVICE cost monitor (one per account) cannot be created twice. Environments that
 * share an account must name one owner, which shares the region of the others.
 */
function accountServiceProblems(cfg: ProjectConfig): string[] {
  const problems: string[] = [];
  const envs = cfg.environments as Record<EnvironmentName, EnvironmentConfig>;
  const present = configuredEnvironments(cfg);
  for (const name of present) {
    const owner = envs[name].accountServicesOwner;
    if (owner === undefined) continue;
    const at = `environments.${name}.accountServicesOwner`;
    if (owner === name)
      problems.push(`${at} = "${owner}": must name another environment; remove it to let ${name} own its account's services.`);
    else if (envs[owner].accountServicesOwner !== undefined) {
      problems.push(
        `${at} = "${owner}": must name an environment that owns the account services itself, but ${owner} names "${envs[owner].accountServicesOwner}".`,
      );
    } else if (envs[owner].accountId !== envs[name].accountId) {
      problems.push(
        `${at} = "${owner}": must name an environment in the same account, but ${owner} is in ${envs[owner].accountId} and ${name} in ${envs[name].accountId}. Remove the field: an environment alone in its account owns its services.`,
      );
    } else if (envs[owner].awsRegion !== envs[name].awsRegion) {
      problems.push(
        `${at} = "${owner}": must name an environment in the same region (GuardDuty and Security Hub are regional), but ${owner} is in ${envs[owner].awsRegion} and ${name} in ${envs[name].awsRegion}.`,
      );
    }
    if (envs[name].regions !== undefined) {
      problems.push(
        `environments.${name}.regions = ${JSON.stringify(envs[name].regions)}: must be left out, because ${name} creates no regional service (accountServicesOwner is "${owner}"). Set the regions on environments.${owner}, which covers them for the account.`,
      );
    }
  }
  // Environments that would create the services, grouped by account: more than one in an account is a conflict.
  const owners = present.filter((e) => envs[e].accountServicesOwner === undefined);
  for (const account of new Set(owners.map((e) => envs[e].accountId))) {
    const inAccount = owners.filter((e) => envs[e].accountId === account);
    if (inAccount.length < 2) continue;
    const owner = suggestedOwner(
      inAccount,
      present.filter((e) => envs[e].accountId === account).map((e) => envs[e].accountServicesOwner),
    );
    const others = inAccount.filter((e) => e !== owner);
    problems.push(
      `${inAccount.map((e) => `environments.${e}.accountId`).join(' and ')} = "${account}": must not be one account while ` +
        `${inAccount.join(' and ')} each create GuardDuty, Security Hub and the SERVICE cost monitor, which exist once per account. ` +
        `Give each environment its own account (as AWS recommends), or let ${owner} own them: set "accountServicesOwner": "${owner}" ` +
        `on ${others.map((e) => `environments.${e}`).join(' and ')}, so that ${others.join(' and ')} read${others.length === 1 ? 's' : ''} ` +
        `guardduty_detector_id and cost_monitor_arn from ${owner}'s state.`,
    );
  }
  return problems;
}

/**
 * Which of the environments that share an account should own its services: the one other
 * environments of the account already name as owner (its services exist), else prod, else
 * the one latest in dev, staging, prod (the longest-lived).
 */
function suggestedOwner(candidates: EnvironmentName[], namedOwners: (EnvironmentName | undefined)[]): EnvironmentName {
  return candidates.find((e) => namedOwners.includes(e)) ?? candidates[candidates.length - 1];
}
