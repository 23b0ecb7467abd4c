/**
 * Which state each environment reaches, and how: the keys its stacks write, the keys of
 * other environments it only reads (the owner of its account's services), and its role.
 * The bootstrap stack turns this into one role per environment.
 */
import type { EnvironmentName } from '../config';
import { environmentStacks, EnvironmentPlan, StateBackendSettings } from '../config/plan';
import { parseRoleArn, StateObject } from '../state/state-access-role';
import { stateKey } from './backend';

export interface EnvironmentStateAccess {
  readonly environment: EnvironmentName;
  /** The role in the state account this environment's stacks assume. */
  readonly roleArn: string;
  /** Who may assume it: the environment's account, or the principals config names. */
  readonly trustedPrincipals: readonly string[];
  /** Stacks whose state this environment writes (its own logs, security and regional stacks). */
  readonly writes: readonly StackState[];
  /** Stacks of other environments whose state it reads (`accountServicesOwner`). */
  readonly reads: readonly StackState[];
}

/** A stack's state object; its folder `<keyPrefix>/<stack>/` also holds its lock file and workspaces (workspace_key_prefix). */
export interface StackState extends StateObject {
  readonly stack: string;
}

function stackState(backend: StateBackendSettings, stack: string): StackState {
  return { stack, key: stateKey(backend, stack), folder: `${backend.keyPrefix}/${stack}/` };
}

/** `environment`'s state access, or undefined when it has no role (it then uses its own credentials). */
function environmentStateAccess(plan: EnvironmentPlan): EnvironmentStateAccess | undefined {
  const { roleArn, backend } = plan.state;
  if (roleArn === undefined) return undefined;
  const own = environmentStacks(plan);
  const owner = plan.servicesOwner;
  const { partition } = parseRoleArn(roleArn);
  return {
    environment: plan.environment,
    roleArn,
    trustedPrincipals: plan.state.rolePrincipals ?? [`arn:${partition}:iam::${plan.accountId}:root`],
    writes: own.map((stack) => stackState(backend, stack)),
    reads: owner.kind === 'self' ? [] : [stackState(backend, owner.securityStack)],
  };
}

/** The state access of every environment of `plans` that has a role. */
export function stateAccessByEnvironment(plans: readonly EnvironmentPlan[]): EnvironmentStateAccess[] {
  return plans.map(environmentStateAccess).filter((a): a is EnvironmentStateAccess => a !== undefined);
}
