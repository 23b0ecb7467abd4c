/**
 * The wired app in organization mode (src/app.ts with src/stacks/organization-stacks.ts), built
 * from ORGANIZATION_CONFIG: its stacks and their names, the dependency graph `cdktf deploy`
 * follows (manifest.json), one AWS provider per stack deploying to its own account through that
 * account's deploy role, each stack's state through its own state role; the checked-in
 * (standalone) config builds no organization stack; a 17-region organization keeps one provider
 * per stack.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { loadConfig } from '../../src/config';
import { resolvePlan, StateAccessPlan } from '../../src/config/plan';
import { stateKey } from '../../src/stacks/backend';
import { deployRoleArn, ORGANIZATION_CONFIG, organizationConfigWith } from '../fixtures/organization-config';
import { stackJson, synthApp, SynthResult } from '../helpers/terraform';

const plan = resolvePlan(ORGANIZATION_CONFIG);
const org = plan.organization!;
const [HOME, OTHER] = org.regions;

/** Each stack's dependencies as the app's manifest records them for `cdktf deploy`. */
function dependencies(synth: SynthResult): Record<string, string[]> {
  const manifest = JSON.parse(readFileSync(path.join(synth.outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { dependencies: string[] }>;
  };
  return Object.fromEntries(Object.entries(manifest.stacks).map(([name, s]) => [name, [...s.dependencies].sort()]));
}

/** The stacks in an order that deploys each after its dependencies (Kahn's algorithm); throws on a cycle. */
function deployOrder(deps: Record<string, string[]>): string[] {
  const order: string[] = [];
  const left = new Set(Object.keys(deps));
  while (left.size > 0) {
    const ready = [...left].filter((s) => deps[s].every((d) => !left.has(d)));
    if (ready.length === 0) throw new Error(`dependency cycle among ${[...left].join(', ')}`);
    for (const s of ready.sort()) {
      order.push(s);
      left.delete(s);
    }
  }
  return order;
}

/** Whether `stack` deploys after `before`: it depends on it, directly or through other stacks. */
function after(deps: Record<string, string[]>, stack: string, before: string): boolean {
  const seen = new Set<string>();
  const visit = (s: string): boolean => deps[s].some((d) => d === before || (!seen.has(d) && (seen.add(d), visit(d))));
  return visit(stack);
}

describe('organization mode: the wired app', () => {
  const synth = synthApp(ORGANIZATION_CONFIG);
  afterAll(() => synth.cleanup());
  const deps = dependencies(synth);
  const orgStacks = ['org-log-archive', 'org-management', `org-management-${OTHER}`, 'org-security', `org-security-${OTHER}`];
  const memberStacks = plan.environments.flatMap((e) => [
    ...(e.logsStack ? [e.logsStack.name] : []),
    e.securityStack,
    ...e.regionalStacks.map((r) => r.stack),
  ]);

  test('the stacks: bootstrap, the organization accounts’ (deploy order), and each environment’s logs, security and regional stacks', () => {
    expect(org.stacks).toEqual(orgStacks);
    expect(Object.keys(deps).sort()).toEqual(['bootstrap', ...orgStacks, ...memberStacks].sort());
    expect(memberStacks.sort()).toEqual(
      ['dev', 'staging', 'prod'].flatMap((e) => [`logs-${e}`, `security-${e}`, `security-${e}-${OTHER}`]).sort(),
    );
    const app = synth.app.organization!;
    expect(
      [app.logArchive, app.management, ...app.managementRegional, app.security, ...app.securityRegional].map((s) => s.node.id),
    ).toEqual(orgStacks);
  });

  test('the dependencies, exactly: log archive -> management (-> regional) -> security (-> regional, after its region’s administrator) -> members', () => {
    const expected: Record<string, string[]> = {
      bootstrap: [],
      'org-log-archive': ['bootstrap'],
      'org-management': ['bootstrap', 'org-log-archive'],
      [`org-management-${OTHER}`]: ['bootstrap', 'org-management'],
      'org-security': ['bootstrap', 'org-management'],
      [`org-security-${OTHER}`]: ['bootstrap', `org-management-${OTHER}`, 'org-security'],
    };
    for (const env of ['dev', 'staging', 'prod']) {
      expected[`logs-${env}`] = ['bootstrap'];
      expected[`security-${env}`] = ['bootstrap', `logs-${env}`, 'org-security'].sort();
      // The member's regional stack reads the detector its region's organization configuration enrolls.
      expected[`security-${env}-${OTHER}`] = ['bootstrap', `org-security-${OTHER}`, `security-${env}`];
    }
    expect(deps).toEqual(expected);
  });

  test('no cycle; in deploy order every organization stack precedes what needs it, and every member comes after the security account', () => {
    const order = deployOrder(deps);
    expect(order[0]).toBe('bootstrap');
    for (const s of Object.keys(deps).filter((s) => s !== 'bootstrap')) expect(after(deps, s, 'bootstrap')).toBe(true);
    const pairs: [string, string][] = [
      ['org-management', 'org-log-archive'],
      [`org-management-${OTHER}`, 'org-management'],
      ['org-security', 'org-management'],
      [`org-security-${OTHER}`, 'org-security'],
      [`org-security-${OTHER}`, `org-management-${OTHER}`],
      ...plan.environments.flatMap((e): [string, string][] => [
        [e.securityStack, 'org-security'],
        [e.securityStack, 'org-log-archive'],
        ...e.regionalStacks.flatMap((r): [string, string][] => [
          [r.stack, 'org-security'],
          [r.stack, `org-security-${r.region}`],
        ]),
      ]),
    ];
    for (const [stack, before] of pairs) {
      expect(`${stack} after ${before}: ${after(deps, stack, before)}`).toBe(`${stack} after ${before}: true`);
      expect(order.indexOf(stack)).toBeGreaterThan(order.indexOf(before));
    }
    // Nothing of the organization waits for a member.
    for (const s of orgStacks) for (const m of memberStacks) expect(after(deps, s, m)).toBe(false);
  });

  test("each stack: one AWS provider, without alias, in its region, limited to its account, through that account's deploy role", () => {
    const accounts: Record<string, { accountId: string; region: string }> = {};
    for (const a of [org.logArchive, org.management, org.security]) {
      accounts[a.stack] = { accountId: a.accountId, region: HOME };
      for (const r of a.regionalStacks) accounts[r.stack] = { accountId: a.accountId, region: r.region };
    }
    for (const e of plan.environments) {
      for (const s of [e.logsStack?.name, e.securityStack]) if (s) accounts[s] = { accountId: e.accountId, region: e.awsRegion };
      for (const r of e.regionalStacks) accounts[r.stack] = { accountId: e.accountId, region: r.region };
    }
    expect(Object.keys(accounts).sort()).toEqual([...orgStacks, ...memberStacks].sort());
    for (const [stack, { accountId, region }] of Object.entries(accounts)) {
      const tf = stackJson(synth, stack);
      const providers = tf.provider.aws;
      expect(`${stack}: ${providers.length} AWS provider(s)`).toBe(`${stack}: 1 AWS provider(s)`);
      const [p] = providers;
      expect(p.alias).toBeUndefined();
      // security-<env> takes its account and region as variables (the HCL module's interface), defaulting to the configured ones.
      const valueOf = (value: string) => {
        const variable = /^\$\{var\.(\w+)\}$/.exec(value)?.[1];
        return variable === undefined ? value : tf.variable[variable].default;
      };
      expect({ stack, region: valueOf(p.region) }).toEqual({ stack, region });
      expect({ stack, allowed: p.allowed_account_ids.map(valueOf) }).toEqual({ stack, allowed: [accountId] });
      expect(p.assume_role).toEqual([{ role_arn: deployRoleArn(accountId), session_name: `govtech-${stack}` }]);
    }
  });

  test("a member's logs bucket admits neither CloudTrail nor AWS Config: the organization trail and the log archive take them", () => {
    const logsStacks = plan.environments.flatMap((e) => (e.logsStack ? [e.logsStack.name] : []));
    expect(logsStacks.length).toBeGreaterThan(0);
    for (const stack of logsStacks) {
      const statements: { principals?: { identifiers: string[] }[] }[] = stackJson(synth, stack).data.aws_iam_policy_document.logs_bucket
        .statement;
      const services = statements.flatMap((st) => (st.principals ?? []).flatMap((p) => p.identifiers));
      expect(`${stack}: ${services.filter((p) => /^(cloudtrail|config)\./.test(p)).join(', ')}`).toBe(`${stack}: `);
    }
  });

  test("each stack keeps its state under its own key through its own account's state role", () => {
    const stateOf: Record<string, StateAccessPlan> = {};
    for (const a of [org.logArchive, org.management, org.security])
      for (const s of [a.stack, ...a.regionalStacks.map((r) => r.stack)]) stateOf[s] = a.state;
    for (const e of plan.environments) {
      for (const s of [e.logsStack?.name, e.securityStack, ...e.regionalStacks.map((r) => r.stack)]) if (s) stateOf[s] = e.state;
    }
    expect(stateOf['org-management'].roleArn).toBe('arn:aws:iam::999999999999:role/govtech-management-terraform-state');
    expect(stateOf['org-security'].roleArn).toBe('arn:aws:iam::999999999999:role/govtech-security-terraform-state');
    expect(stateOf['org-log-archive'].roleArn).toBe('arn:aws:iam::999999999999:role/govtech-log-archive-terraform-state');
    expect(stateOf['security-dev'].roleArn).toBe(ORGANIZATION_CONFIG.stateBackend.roleArns?.dev);
    for (const [stack, state] of Object.entries(stateOf)) {
      expect({ stack, s3: stackJson(synth, stack).terraform.backend.s3 }).toMatchObject({
        stack,
        s3: { key: stateKey(ORGANIZATION_CONFIG.stateBackend, stack), assume_role: { role_arn: state.roleArn } },
      });
    }
  });
});

describe('standalone: the checked-in config', () => {
  test('synthesizes exactly bootstrap, logs-<env> and security-<env>, and no organization', () => {
    const synth = synthApp(loadConfig());
    try {
      expect(Object.keys(dependencies(synth)).sort()).toEqual(
        ['bootstrap', 'logs-dev', 'logs-prod', 'logs-staging', 'security-dev', 'security-prod', 'security-staging'].sort(),
      );
      expect('organization' in synth.app).toBe(false);
      expect(synth.app.plan.organization).toBeUndefined();
      expect(synth.app.plan.environments.map((e) => e.organization)).toEqual([undefined, undefined, undefined]);
    } finally {
      synth.cleanup();
    }
  });
});

describe('an organization covering the 17 default-enabled regions', () => {
  test('synthesizes with one AWS provider per stack', () => {
    const config = organizationConfigWith((c) => (c.organization.regions = 'default-enabled'));
    const synth = synthApp(config);
    try {
      const stacks = Object.keys(dependencies(synth));
      expect(resolvePlan(config).organization!.regions).toHaveLength(17);
      // The management and security accounts: a home stack and 16 regional ones each; each member 16 regional ones.
      expect(stacks.filter((s) => s.startsWith('org-'))).toHaveLength(1 + 17 + 17);
      expect(stacks.filter((s) => /^security-dev-/.test(s))).toHaveLength(16);
      for (const stack of stacks) {
        const count = (stackJson(synth, stack).provider?.aws ?? []).length;
        expect(`${stack}: ${count}`).toBe(`${stack}: 1`);
      }
    } finally {
      synth.cleanup();
    }
  });
});
