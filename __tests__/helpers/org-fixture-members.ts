/**
 * Member stacks in organization mode, built from the checked-in config (or a variant) with a
 * hand-written MemberOrganizationPlan (the config helper's resolver will produce it from
 * `organization` in the config), synthesized in their own App: the logs, security and regional
 * stacks of each environment, as buildApp wires them.
 */
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { configuredEnvironments, ProjectConfig } from '../../src/config';
import type { MemberOrganizationPlan } from '../../src/config/organization-plan';
import { EnvironmentPlan, ProjectPlan, resolveEnvironment } from '../../src/config/plan';
import { LogsStack } from '../../src/stacks/logs-stack';
import { RegionalStack } from '../../src/stacks/regional-stack';
import { SecurityStack } from '../../src/stacks/security-stack';

/** The example organization (issue 18, "Config"). */
export const ORG = {
  id: 'o-a1b2c3d4e5',
  managementAccountId: '100000000001',
  securityAccountId: '444444444444',
  logArchiveAccountId: '555555555555',
  awsRegion: 'us-east-1',
} as const;

export const ORG_TRAIL_ARN = `arn:aws:cloudtrail:${ORG.awsRegion}:${ORG.managementAccountId}:trail/govtech-organization-trail`;
export const ORG_BUCKET = `govtech-org-logs-${ORG.logArchiveAccountId}`;
export const CONFIG_PREFIX = 'config';

export function memberOrganization(): MemberOrganizationPlan {
  return {
    id: ORG.id,
    managementAccountId: ORG.managementAccountId,
    securityAccountId: ORG.securityAccountId,
    trail: {
      name: 'govtech-organization-trail',
      arn: ORG_TRAIL_ARN,
      bucket: ORG_BUCKET,
      configPrefix: CONFIG_PREFIX,
      retentionDays: 2555,
      archiveAfterDays: 90,
    },
    securityStack: 'org-security',
  };
}

/** The plan of every environment of `config`, each a member of `organization` (none: standalone). */
export function projectPlan(config: ProjectConfig, organization?: MemberOrganizationPlan): ProjectPlan {
  const environments = configuredEnvironments(config).map((e): EnvironmentPlan => ({
    ...resolveEnvironment(config, e),
    ...(organization ? { organization } : {}),
  }));
  return { projectName: config.projectName, state: environments[0].state, environments };
}

export interface MemberSynth {
  readonly outdir: string;
  readonly plan: ProjectPlan;
  readonly security: Record<string, SecurityStack>;
  stackDir(stack: string): string;
  /** A synthesized stack's Terraform JSON. `any`: Terraform JSON is open-ended, and the tests index into it freely. */
  json(stack: string): any;
  cleanup(): void;
}

/** Synthesize the logs, security and regional stacks of `plan` (no bootstrap: these tests read no state bucket). */
export function synthMembers(plan: ProjectPlan): MemberSynth {
  const outdir = mkdtempSync(path.join(tmpdir(), 'govtech-members-'));
  const app = new App({ outdir });
  const security: Record<string, SecurityStack> = {};
  try {
    for (const env of plan.environments) {
      const logs = env.logsStack === undefined ? undefined : new LogsStack(app, env.logsStack.name, env);
      const stack = new SecurityStack(app, env.securityStack, { plan: env, logsBucketFromStack: logs?.bucketName });
      security[env.securityStack] = stack;
      for (const r of env.regionalStacks) new RegionalStack(app, r.stack, { plan: env, region: r }).addDependency(stack);
    }
    app.synth();
  } catch (e) {
    rmSync(outdir, { recursive: true, force: true });
    throw e;
  }
  const stackDir = (stack: string) => path.join(outdir, 'stacks', stack);
  return {
    outdir,
    plan,
    security,
    stackDir,
    json: (stack) => JSON.parse(readFileSync(path.join(stackDir(stack), 'cdk.tf.json'), 'utf8')),
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
}
