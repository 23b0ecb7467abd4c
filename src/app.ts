/** Wires the stacks of the app from a validated config. */
import { App } from 'cdktf';
import { configuredEnvironments, EnvironmentName, environmentConfig, ProjectConfig } from './config';
import { BOOTSTRAP_STACK, BootstrapStack } from './stacks/bootstrap-stack';
import { LogsStack, logsBucketName, logsStackName } from './stacks/logs-stack';
import { SECURITY_MODULE_ARTIFACT, SecurityModuleArtifact } from './stacks/module-artifact';
import { SecurityStack, securityStackName } from './stacks/security-stack';

export interface GovtechApp {
  readonly bootstrap: BootstrapStack;
  /** Absent for environments whose logs bucket comes from another Terraform state. */
  readonly logs: Partial<Record<EnvironmentName, LogsStack>>;
  /** One per environment of the config. */
  readonly security: Partial<Record<EnvironmentName, SecurityStack>>;
  /** The security module for HCL callers (cdktf.out/modules/security), not a deployable stack. */
  readonly module: SecurityModuleArtifact;
}

/**
 * bootstrap (state bucket, lock table, state roles), then per configured environment
 * logs-<env> (the logs bucket) and security-<env>; every stack depends on bootstrap,
 * security-<env> also on its logs stack and, where it shares an account, on the stack that
 * owns the account-wide services; and the security module for HCL callers.
 */
export function buildApp(app: App, config: ProjectConfig): GovtechApp {
  const bootstrap = new BootstrapStack(app, BOOTSTRAP_STACK, config);
  const logs: Partial<Record<EnvironmentName, LogsStack>> = {};
  const security: Partial<Record<EnvironmentName, SecurityStack>> = {};
  const environments = configuredEnvironments(config);
  for (const environment of environments) {
    const logsSource = environmentConfig(config, environment).logsBucket;
    const logsStack =
      logsBucketName(config, environment) === undefined ? undefined : new LogsStack(app, logsStackName(environment), config, environment);
    logs[environment] = logsStack;
    const fromStack = typeof logsSource === 'object' && 'fromLogsStack' in logsSource;
    const stack = new SecurityStack(app, securityStackName(environment), {
      config,
      environment,
      logsBucketFromStack: fromStack ? logsStack?.bucketName : undefined,
    });
    // The trail needs the bucket and its policy in place before it is created.
    if (logsStack) stack.addDependency(logsStack);
    security[environment] = stack;
    // Every stack keeps its state in what bootstrap creates (bucket, lock table, roles).
    for (const s of [logsStack, stack]) s?.addDependency(bootstrap);
  }
  for (const environment of environments) {
    const owner = environmentConfig(config, environment).accountServicesOwner;
    const ownerStack = owner === undefined ? undefined : security[owner];
    if (ownerStack) security[environment]!.addDependency(ownerStack);
  }
  const module = new SecurityModuleArtifact(app, SECURITY_MODULE_ARTIFACT);
  return { bootstrap, logs, security, module };
}
