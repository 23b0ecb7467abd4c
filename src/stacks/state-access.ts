/**
 * Which state each environment (and, in organization mode, each organization account) reaches,
 * and how: the keys its stacks write, the keys of others' stacks it only reads (the owner of
 * its account's services; the log archive's trail key), and its role. The bootstrap stack turns
 * this into one role each.
 */
import type { EnvironmentName } from '../config';
import type { OrganizationAccountPlan, OrganizationAccountRole, OrganizationPlan } from '../config/organization-plan';
import { environmentStacks, EnvironmentPlan, StateBackendSettings } from '../config/plan';
import { parseRoleArn, StateObject } from '../state/state-access-role';
import { stateKey } from './backend';

/** A state role: who assumes it, and the states it writes and reads. */
export interface StateRoleAccess {
  /** The role in the state account these stacks assume. */
  readonly roleArn: string;
  /** Who may assume it: the account of the stacks, or the principals config names. */
  readonly trustedPrincipals: readonly string[];
  /** Stacks whose state it writes (its own). */
  readonly writes: readonly StackState[];
  /** Stacks of others whose state it reads. */
  readonly reads: readonly StackState[];
}

export interface EnvironmentStateAccess extends StateRoleAccess {
  readonly environment: EnvironmentName;
}

export interface OrganizationStateAccess extends StateRoleAccess {
  readonly role: OrganizationAccountRole;
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

/** `account`'s state access, or undefined when it has no role; `reads`: the other stacks its stacks read state from. */
function organizationAccountStateAccess(account: OrganizationAccountPlan, reads: readonly string[]): OrganizationStateAccess | undefined {
  const { roleArn, backend } = account.state;
  if (roleArn === undefined) return undefined;
  const { partition } = parseRoleArn(roleArn);
  return {
    role: account.role,
    roleArn,
    trustedPrincipals: account.state.rolePrincipals ?? [`arn:${partition}:iam::${account.accountId}:root`],
    writes: [account.stack, ...account.regionalStacks.map((r) => r.stack)].map((stack) => stackState(backend, stack)),
    reads: reads.map((stack) => stackState(backend, stack)),
  };
}

/**
 * The state access of every organization account that has a role. The management account's
 * stacks read the log archive stack's state: the organization trail's KMS key ARN is known only
 * after that stack's apply (org-design: cross-stack values).
 */
export function stateAccessByOrganizationAccount(org: OrganizationPlan | undefined): OrganizationStateAccess[] {
  if (org === undefined) return [];
  return [
    organizationAccountStateAccess(org.management, [org.logArchive.stack]),
    organizationAccountStateAccess(org.security, []),
    organizationAccountStateAccess(org.logArchive, []),
  ].filter((a): a is OrganizationStateAccess => a !== undefined);
}
