/**
 * The layout before the regional stacks (issue 17), rebuilt for the plan bench's comparison in the
 * same run: one stack holding an environment's services in every covered region, one AWS
 * provider alias per region besides the home one. SecurityModule still builds it for construct
 * users who pass `otherRegions` with providers; the app no longer does.
 */
import { App, TerraformStack } from 'cdktf';
import type { EnvironmentPlan } from '../src/config/plan';
import { SecurityModule } from '../src/security/security-module';
import { projectAwsProvider, regionAlias } from '../src/stacks/provider';
import { environmentServiceProps } from '../src/stacks/security-stack';

/** Name of the stack (and of its folder under `<outdir>/stacks`). */
export const ONE_STACK_LAYOUT = 'security-one-stack-layout';

/** Synthesizes `plan`'s services in all its covered regions as one stack into `outdir`; returns the stack's folder. */
export function synthOneStackLayout(plan: EnvironmentPlan, logsBucket: string, outdir: string): string {
  const app = new App({ outdir, stackTraces: false });
  const stack = new TerraformStack(app, ONE_STACK_LAYOUT);
  const base = { accountId: plan.accountId, projectName: plan.projectName, environment: plan.environment };
  projectAwsProvider(stack, { ...base, region: plan.awsRegion });
  const otherRegions = plan.regions
    .slice(1)
    .map((name) => ({ name, provider: projectAwsProvider(stack, { ...base, region: name, alias: regionAlias(name) }) }));
  new SecurityModule(stack, 'security', {
    projectName: plan.projectName,
    environment: plan.environment,
    accountId: plan.accountId,
    awsRegion: plan.awsRegion,
    logsBucket,
    ...environmentServiceProps(plan),
    otherRegions,
  });
  app.synth();
  return `${outdir}/stacks/${ONE_STACK_LAYOUT}`;
}
