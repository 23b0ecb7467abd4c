/**
 * Which state each environment reaches, and how: the keys its stacks write, the keys of
 * other environments it only reads (the owner of its account's services), and its role.
 * The bootstrap stack turns this into one role per environment.
 */
import { configuredEnvironments, EnvironmentName, environmentConfig, ProjectConfig } from '../config';
import { parseRoleArn, StateObject } from '../state/state-access-role';
import { stateKey, stateRoleArn } from './backend';
import { logsBucketName, logsStackName } from './logs-stack';
import { securityStackName } from './security-stack';

export interface EnvironmentStateAccess {
  readonly environment: EnvironmentName;
  /** The role in the state account this environment's stacks assume. */
  readonly roleArn: string;
  /** Who may assume it: the environment's account, or the principals config names. */
  readonly trustedPrincipals: readonly string[];
  /** Stacks whose state this environment writes (its own logs and security stacks). */
  readonly writes: readonly StackState[];
  /** Stacks of other environments whose state it reads (`accountServicesOwner`). */
  readonly reads: readonly StackState[];
}

/** A stack's state object; its folder `<keyPrefix>/<stack>/` also holds its lock file and workspaces (workspace_key_prefix). */
export interface StackState extends StateObject {
  readonly stack: string;
}

function stackState(config: ProjectConfig, stack: string): StackState {
  return { stack, key: stateKey(config.stateBackend, stack), folder: `${config.stateBackend.keyPrefix}/${stack}/` };
}

/** `environment`'s state access, or undefined when it has no role (it then uses its own credentials). */
export function environmentStateAccess(config: ProjectConfig, environment: EnvironmentName): EnvironmentStateAccess | undefined {
  const roleArn = stateRoleArn(config.stateBackend, environment);
  if (roleArn === undefined) return undefined;
  const env = environmentConfig(config, environment);
  const own = [securityStackName(environment)];
  if (logsBucketName(config, environment) !== undefined) own.unshift(logsStackName(environment));
  const owner = env.accountServicesOwner;
  const { partition } = parseRoleArn(roleArn);
  return {
    environment,
    roleArn,
    trustedPrincipals: config.stateBackend.rolePrincipals?.[environment] ?? [`arn:${partition}:iam::${env.accountId}:root`],
    writes: own.map((stack) => stackState(config, stack)),
    reads: owner === undefined ? [] : [stackState(config, securityStackName(owner))],
  };
}

/** The state access of every configured environment that has a role. */
export function stateAccessByEnvironment(config: ProjectConfig): EnvironmentStateAccess[] {
  return configuredEnvironments(config)
    .map((e) => environmentStateAccess(config, e))
    .filter((a): a is EnvironmentStateAccess => a !== undefined);
}
