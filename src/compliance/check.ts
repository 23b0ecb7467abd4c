/**
 * The catalogue applied to the synthesized stacks: per stack, each control satisfied, waived
 * (with the reason from config), provided by another stack (account-level controls of an
 * environment with `accountServicesOwner`), needing the user's action, or failed. Synth stops
 * on a failed control (assertCompliant), naming the stack, the control, the resource and the fix.
 */
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import type { EnvironmentName } from '../config';
import type { EnvironmentPlan, ProjectPlan } from '../config/plan';
import type { ControlResult } from './control';
import { CheckedControl, Control, CONTROLS, StackJson } from './controls';
import { cis140, StandardPath } from '../catalog/securityhub-standards';
import { forChosenStandards } from './standards-status';
import { withRegionalStacks } from './regional-view';
import { ORGANIZATION_SATISFIED, ORGANIZATION_SECURITY_HUB, OrganizationAccount } from '../catalog/controls';

export type { ControlResult, ControlStatus } from './control';

export interface StackReport {
  readonly stack: string;
  readonly environment: EnvironmentName;
  /** The account the stack deploys to. */
  readonly accountId: string;
  /** In organization mode: what the organization's accounts run for this one besides the catalogue's controls. @default none: standalone */
  readonly organizationNotes?: readonly string[];
  /** The Security Hub standards the environment's account subscribes to. */
  readonly standards: readonly StandardPath[];
  readonly results: readonly ControlResult[];
}

/** The synthesized stacks of an output folder (`<outdir>/stacks/<name>/cdk.tf.json`), by name. */
export function readStacks(outdir: string, names: readonly string[]): Record<string, StackJson> {
  const stacks: Record<string, StackJson> = {};
  for (const name of names) {
    const file = path.join(outdir, 'stacks', name, 'cdk.tf.json');
    if (existsSync(file)) stacks[name] = JSON.parse(readFileSync(file, 'utf8')) as StackJson;
  }
  return stacks;
}

/** The stacks the catalogue reads: each environment's security stack, its regional stacks and its logs stack (when it has one). */
export function checkedStackNames(plan: ProjectPlan): string[] {
  return plan.environments.flatMap((env) => [
    ...(env.logsStack === undefined ? [] : [env.logsStack.name]),
    env.securityStack,
    ...env.regionalStacks.map((r) => r.stack),
  ]);
}

/**
 * In organization mode, a control one of the organization's accounts satisfies for the member
 * (ORGANIZATION_SATISFIED): `elsewhere`, naming that account, what satisfies it and what Security
 * Hub shows in the member. The organization's stacks are checked as theirs, not here.
 */
function organizationResult(c: CheckedControl, env: EnvironmentPlan): ControlResult | undefined {
  const org = env.organization;
  const satisfied = ORGANIZATION_SATISFIED[c.id];
  if (org === undefined || satisfied === undefined) return undefined;
  const accounts: Record<OrganizationAccount, { id?: string; text: string }> = {
    management: { id: org.managementAccountId, text: `the management account ${org.managementAccountId}` },
    security: { id: org.securityAccountId, text: `the security account ${org.securityAccountId} (${org.securityStack})` },
    logArchive: { text: `the log archive account (bucket ${org.trail.bucket})` },
  };
  const account = accounts[satisfied.account];
  return {
    control: c,
    status: 'elsewhere',
    detail: `${account.text}: ${satisfied.by}; in this account Security Hub shows: ${satisfied.inMember}`,
    findings: [],
    ...(account.id === undefined ? {} : { account: account.id }),
  };
}

function evaluateChecked(c: CheckedControl, env: EnvironmentPlan, tf: StackJson): ControlResult {
  const byOrganization = organizationResult(c, env);
  if (byOrganization !== undefined) return byOrganization;
  if (c.scope === 'account' && env.servicesOwner.kind === 'environment') {
    return { control: c, status: 'elsewhere', detail: env.servicesOwner.securityStack, findings: [] };
  }
  const leftToUser = c.leftToUserBy?.(env.settings);
  if (leftToUser !== undefined) return { control: c, status: 'action', detail: leftToUser, findings: [] };
  const findings = c.check(tf);
  // Notes (e.g. a region without the plan) follow the status's own detail.
  const withNotes = (detail?: string) => [detail, ...(c.notes?.(tf) ?? [])].filter((d) => d !== undefined).join('; ') || undefined;
  if (findings.length === 0) return { control: c, status: 'satisfied', detail: withNotes(), findings };
  const reason = c.turnedOffBy?.(env.settings) ?? env.settings.complianceWaivers?.[c.id];
  if (reason !== undefined) return { control: c, status: 'waived', detail: withNotes(reason), findings };
  return { control: c, status: 'failed', detail: withNotes(c.fix), findings };
}

/** The catalogue over the synthesized `stacks` (by name) of the configured environments. */
export function evaluate(plan: ProjectPlan, stacks: Readonly<Record<string, StackJson>>): StackReport[] {
  const reports: StackReport[] = [];
  for (const envPlan of plan.environments) {
    const env = envPlan.environment;
    const security = envPlan.securityStack;
    const logs = envPlan.logsStack?.name;
    const stackOf = (name: string): StackJson => {
      const tf = stacks[name];
      if (!tf) throw new Error(`compliance: the stack ${name} was not synthesized`);
      return tf;
    };
    // The regional stacks' services are checked with the home stack's, region by region.
    const regional = envPlan.regionalStacks.map((r) => ({ region: r.region, tf: stackOf(r.stack) }));
    const securityView = withRegionalStacks(stackOf(security), regional);
    const securityResults: ControlResult[] = [];
    const logsResults: ControlResult[] = [];
    const add = (to: ControlResult[], r: ControlResult) => to.push(forChosenStandards(r, envPlan));
    for (const c of CONTROLS) {
      if (c.kind === 'action') add(securityResults, { control: c, status: 'action', detail: c.action, findings: [] });
      else if (c.stack === 'security') add(securityResults, evaluateChecked(c, envPlan, securityView));
      else if (logs !== undefined) add(logsResults, evaluateChecked(c, envPlan, stackOf(logs)));
      else {
        add(
          securityResults,
          organizationResult(c, envPlan) ?? {
            control: c,
            status: 'action',
            findings: [],
            detail: `environments.${env}.logsBucket comes from another Terraform state: that configuration's bucket must satisfy it (${c.fix})`,
          },
        );
      }
    }
    const standards = envPlan.securityHubStandards;
    const common = { environment: env, accountId: envPlan.accountId, standards };
    if (logs !== undefined) reports.push({ stack: logs, ...common, results: logsResults });
    const organizationNotes = envPlan.organization ? { organizationNotes: [ORGANIZATION_SECURITY_HUB] } : {};
    reports.push({ stack: security, ...common, ...organizationNotes, results: securityResults });
  }
  return reports;
}

/** A synthesized stack falls short of a control the catalogue counts as satisfied, without a waiver. */
export class ComplianceError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`compliance: ${problems.length} control(s) not satisfied:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ComplianceError';
  }
}

/** `CloudTrail.7 (CIS 3.6) Title`. */
export function controlLabel(c: Control): string {
  const cis = cis140(c.standards);
  return `${c.id}${cis ? ` (CIS ${cis})` : ''} ${c.title}`;
}

/** One message per failed control: stack, control, resources and what is wrong, the fix, and the waiver that would accept it. */
function failureMessages(reports: readonly StackReport[]): string[] {
  return reports.flatMap((r) =>
    r.results
      .filter((x) => x.status === 'failed')
      .map(
        (x) =>
          `${r.stack}: ${controlLabel(x.control)}: ${x.findings.map((f) => `${f.resource} ${f.problem}`).join('; ')}. ` +
          `Fix: ${x.detail} Or waive it with the reason: "complianceWaivers": { "${x.control.id}": "<why>" } in environments.${r.environment}.`,
      ),
  );
}

/** Throw a ComplianceError when a stack fails a control. */
export function assertCompliant(plan: ProjectPlan, stacks: Readonly<Record<string, StackJson>>): StackReport[] {
  const reports = evaluate(plan, stacks);
  const problems = failureMessages(reports);
  if (problems.length) throw new ComplianceError(problems);
  return reports;
}

/** The check at synth: the stacks written to `outdir`. */
export function checkSynthesized(plan: ProjectPlan, outdir: string): StackReport[] {
  return assertCompliant(plan, readStacks(outdir, checkedStackNames(plan)));
}
