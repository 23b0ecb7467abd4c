/**
 * How a stack reaches its state, resolved from `stateBackend`: the settings every stack shares,
 * and the role (and the principals it trusts) of the environment or organization account the
 * stack belongs to. Below plan.ts and organization-plan.ts, which both resolve it.
 */
import type { StateBackendConfig } from '.';
import type { StateRoleKey } from './schema/state-backend';

/** The S3 backend settings every stack shares; the per-environment roles are resolved into StateAccessPlan. */
export type StateBackendSettings = Omit<StateBackendConfig, 'roleArns' | 'rolePrincipals'>;

/** How a stack reaches its state. */
export interface StateAccessPlan {
  /** Bucket, region, lock table, key prefix (`<keyPrefix>/<stack>/terraform.tfstate`), lock file. */
  readonly backend: StateBackendSettings;
  /** The role in the state account the stack assumes for its state. @default none: its own credentials */
  readonly roleArn?: string;
  /** The principals the role trusts, when the config names them. @default the environment's account */
  readonly rolePrincipals?: readonly string[];
}

export function stateBackendSettings(backend: StateBackendConfig): StateBackendSettings {
  const { roleArns: _roles, rolePrincipals: _principals, ...settings } = backend;
  return settings;
}

/** The state access of the stacks of `key` (an environment or an organization account): its role in `stateBackend.roleArns`, if any. */
export function stateAccessPlan(backend: StateBackendConfig, key: StateRoleKey): StateAccessPlan {
  return { backend: stateBackendSettings(backend), roleArn: backend.roleArns?.[key], rolePrincipals: backend.rolePrincipals?.[key] };
}
