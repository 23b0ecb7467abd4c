/** Wires the stacks of the app from a validated config, resolved once into a plan. */
import { App } from 'cdktf';
import type { EnvironmentName, ProjectConfig } from './config';
import { ProjectPlan, resolvePlan } from './config/plan';
import { BOOTSTRAP_STACK, BootstrapStack } from './stacks/bootstrap-stack';
import { LogsStack } from './stacks/logs-stack';
import { buildOrganizationStacks, OrganizationStacks } from './stacks/organization-stacks';
import { SECURITY_MODULE_ARTIFACT, SecurityModuleArtifact } from './stacks/module-artifact';
import { forgetMovedResources } from './stacks/regional-migration';
import { RegionalStack } from './stacks/regional-stack';
import { SecurityStack } from './stacks/security-stack';

export interface GovtechApp {
  /** The config resolved once: what the stacks were built from (the compliance check reads it too). */
  readonly plan: ProjectPlan;
  readonly bootstrap: BootstrapStack;
  /** Absent for environments whose logs bucket comes from another Terraform state. */
  readonly logs: Partial<Record<EnvironmentName, LogsStack>>;
  /** One per environment of the config. */
  readonly security: Partial<Record<EnvironmentName, SecurityStack>>;
  /** Per environment, one stack per covered region besides the home one (`security-<env>-<region>`), in `regions` order. */
  readonly regional: Partial<Record<EnvironmentName, RegionalStack[]>>;
  /** The security module for HCL callers (cdktf.out/modules/security), not a deployable stack. */
  readonly module: SecurityModuleArtifact;
  /** The organization accounts' stacks, when the config has `organization`. @default none: standalone */
  readonly organization?: OrganizationStacks;
}

/**
 * bootstrap (state bucket, lock table, state roles), then per configured environment
 * logs-<env> (the logs bucket) and security-<env>; every stack depends on bootstrap,
 * security-<env> also on its logs stack and, where it shares an account, on the stack that
 * owns the account-wide services; security-<env>-<region> per covered region besides the home
 * one, on security-<env> (it reads the key ARN from its state); and the security module for HCL callers.
 * With `organization`: first the organization accounts' stacks (src/stacks/organization-stacks.ts),
 * and every security-<env> on the security account's home stack.
 */
export function buildApp(app: App, config: ProjectConfig): GovtechApp {
  const plan = resolvePlan(config);
  const bootstrap = new BootstrapStack(app, BOOTSTRAP_STACK, plan);
  const organization = plan.organization === undefined ? undefined : buildOrganizationStacks(app, plan.organization, bootstrap);
  const logs: Partial<Record<EnvironmentName, LogsStack>> = {};
  const security: Partial<Record<EnvironmentName, SecurityStack>> = {};
  const regional: Partial<Record<EnvironmentName, RegionalStack[]>> = {};
  for (const env of plan.environments) {
    const logsStack = env.logsStack === undefined ? undefined : new LogsStack(app, env.logsStack.name, env);
    logs[env.environment] = logsStack;
    const stack = new SecurityStack(app, env.securityStack, { plan: env, logsBucketFromStack: logsStack?.bucketName });
    // A member joins the organization's services once the security account's organization configuration exists.
    if (organization) stack.addDependency(organization.security);
    // The trail needs the bucket and its policy in place before it is created.
    if (logsStack) stack.addDependency(logsStack);
    security[env.environment] = stack;
    const regionalStacks = env.regionalStacks.map((r) => new RegionalStack(app, r.stack, { plan: env, region: r }));
    regional[env.environment] = regionalStacks;
    for (const r of regionalStacks) {
      r.addDependency(stack);
      // Its region's GuardDuty organization configuration enrolls the member whose detector the stack reads.
      const orgRegional = organization?.securityRegional.find((o) => o.region === r.region);
      if (orgRegional) r.addDependency(orgRegional);
    }
    if (env.regionalStacksMigration) forgetMovedResources(stack, regionalStacks);
    // Every stack keeps its state in what bootstrap creates (bucket, lock table, roles).
    for (const s of [logsStack, stack, ...regionalStacks]) s?.addDependency(bootstrap);
  }
  for (const env of plan.environments) {
    const ownerStack = env.servicesOwner.kind === 'self' ? undefined : security[env.servicesOwner.environment];
    if (ownerStack) security[env.environment]!.addDependency(ownerStack);
  }
  const module = new SecurityModuleArtifact(app, SECURITY_MODULE_ARTIFACT);
  return { plan, bootstrap, logs, security, regional, module, ...(organization ? { organization } : {}) };
}
