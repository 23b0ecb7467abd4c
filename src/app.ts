/** Wires the stacks of the app from a validated config. */
import { App } from 'cdktf';
import { ENVIRONMENTS, EnvironmentName, ProjectConfig } from './config';
import { SecurityStack, securityStackName } from './stacks/security-stack';

export interface GovtechApp {
  readonly security: Record<EnvironmentName, SecurityStack>;
}

export function buildApp(app: App, config: ProjectConfig): GovtechApp {
  const security = {} as Record<EnvironmentName, SecurityStack>;
  for (const environment of ENVIRONMENTS) {
    security[environment] = new SecurityStack(app, securityStackName(environment), { config, environment });
  }
  return { security };
}
