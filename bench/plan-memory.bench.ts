/**
 * The second part of `npm run bench` (alone: `node dist/bench/plan-memory.bench.js [options]`):
 * offline `terraform plan` of every stack the app synthesizes for one environment (default:
 * dev, covering the 17 "default-enabled" regions), each measured alone: init (reported apart), then the plan's
 * wall time, CPU time (user + system of Terraform and all its provider processes) and the peak
 * of the summed resident memory of all those processes (bench/proc-tree.ts). Then all the
 * plans again, `--parallelism` (2) at a time, for the wall time of the batch. Then the layout
 * before the regional stacks (one stack, a provider alias per region: bench/one-stack-layout.ts),
 * planned the same way in the same run. Goals: no stack's plan over 1.5 GiB; the security stacks'
 * total plan CPU under 3x the one-stack layout's (the issue measured that plan at 31 CPU s).
 * A report: it exits 0 whatever the figures.
 *
 * Options: --environment dev|staging|prod (default dev); --regions <the environment's "regions"
 * setting, JSON or a preset name; "config": the config file's own> (default default-enabled);
 * --config <file> (default config/environments.json); --parallelism <n> (default 2);
 * --gogc <n> (default $GOGC, else 400 as in the tests; Terraform's own default is 100).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { loadavg, tmpdir } from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { synthApp, SynthResult, terraformTool, TerraformTool, writeOfflineOverride } from '../__tests__/helpers/terraform';
import { DEFAULT_CONFIG_PATH, EnvironmentName, ProjectConfig, validateConfig } from '../src/config';
import { ONE_STACK_LAYOUT, synthOneStackLayout } from './one-stack-layout';
import { PeakSampler } from './proc-tree';
import { remoteStateOverride, StackJson, synthesizedStacks } from './remote-inputs';
import { Measured, measureTerraform, terraformEnv } from './timed-run';

const GOAL_GIB = 1.5;
/** One plan of security-dev covering 17 regions, before regional stacks (issue 17). */
const SINGLE_PLAN_CPU_S = 31;
const PLAN_ARGS = ['plan', '-refresh=false', '-input=false', '-lock=false', '-no-color'];
const INIT_ARGS = ['init', '-input=false', '-no-color'];

interface Options {
  readonly config: string;
  readonly environment: EnvironmentName;
  /** The environment's "regions" setting; `undefined`: the config file's own. */
  readonly regions: unknown;
  readonly parallelism: number;
  /** Go's GC target for Terraform and the providers; the tests' 400 unless given (see __tests__/helpers/terraform.ts). */
  readonly gogc: string;
}

function parseArgs(argv: readonly string[]): Options {
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) throw new Error(`bad argument "${argv[i]}": use --name value`);
    given.set(argv[i].slice(2), argv[i + 1]);
  }
  const regions = given.get('regions') ?? 'default-enabled';
  const parallelism = Number(given.get('parallelism') ?? 2);
  if (!Number.isInteger(parallelism) || parallelism < 1) {
    throw new Error(`--parallelism ${given.get('parallelism')}: must be a whole number of plans run at once, 1 or more`);
  }
  return {
    config: given.get('config') ?? DEFAULT_CONFIG_PATH,
    environment: (given.get('environment') ?? 'dev') as EnvironmentName,
    regions: regions === 'config' ? undefined : regions.startsWith('[') ? JSON.parse(regions) : regions,
    parallelism,
    gogc: given.get('gogc') ?? process.env.GOGC ?? '400',
  };
}

/** The config file with the environment's "regions" replaced, validated as the app would. */
function variantConfig(opts: Options): ProjectConfig {
  const raw = JSON.parse(readFileSync(opts.config, 'utf8'));
  if (!raw.environments?.[opts.environment]) throw new Error(`--environment ${opts.environment}: not an environment of ${opts.config}`);
  if (opts.regions === undefined) return validateConfig(raw, opts.config);
  raw.environments[opts.environment].regions = opts.regions;
  return validateConfig(raw, `${opts.config} with environments.${opts.environment}.regions = ${JSON.stringify(opts.regions)}`);
}

/**
 * The environment's stacks, whatever their names: those keeping their state through its
 * state role, or, with no role configured, those whose name has the environment as a word.
 */
function environmentStacks(stacks: Map<string, StackJson>, config: ProjectConfig, env: EnvironmentName): string[] {
  const role = config.stateBackend.roleArns?.[env];
  const word = new RegExp(`(^|-)${env}(-|$)`);
  const names = [...stacks]
    .filter(([name, json]) => (role !== undefined ? json.terraform?.backend?.s3?.assume_role?.role_arn === role : word.test(name)))
    .map(([name]) => name);
  if (names.length === 0) throw new Error(`no stack of environment ${env} among ${[...stacks.keys()].join(', ')}`);
  return names;
}

interface Row {
  readonly stack: string;
  /** Provider configurations the stack declares (each a plugin process of its own at plan time). */
  readonly providers: number;
  readonly init: Measured;
  readonly plan: Measured;
}

/** The plans of `dirs`, `parallelism` at a time: the batch's wall time and the peak of all its processes together. */
async function planBatch(dirs: readonly string[], env: NodeJS.ProcessEnv, parallelism: number) {
  const sampler = new PeakSampler(process.pid);
  const start = performance.now();
  const queue = [...dirs];
  const worker = async (): Promise<void> => {
    for (let dir = queue.shift(); dir !== undefined; dir = queue.shift()) await measureTerraform(PLAN_ARGS, dir, env);
  };
  try {
    await Promise.all(Array.from({ length: parallelism }, worker));
  } catch (e) {
    sampler.stop();
    throw e;
  }
  return { wallMs: performance.now() - start, ...sampler.stop() };
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const gib = (kib: number) => `${(kib / 2 ** 20).toFixed(2)} GiB`;

/** The table's columns; memory figures are the plan's, at its peak of summed RSS. */
const COLUMNS: readonly { readonly title: string; readonly cell: (r: Row) => string }[] = [
  { title: 'stack', cell: (r) => r.stack },
  { title: 'providers', cell: (r) => String(r.providers) },
  { title: 'init wall', cell: (r) => s(r.init.wallMs) },
  { title: 'init CPU', cell: (r) => s(r.init.cpuMs) },
  { title: 'plan wall', cell: (r) => s(r.plan.wallMs) },
  { title: 'plan CPU', cell: (r) => s(r.plan.cpuMs) },
  { title: 'peak RSS sum', cell: (r) => gib(r.plan.peak.rssKiB) },
  { title: 'its anon', cell: (r) => gib(r.plan.peak.anonKiB) },
  { title: 'peak PSS sum', cell: (r) => gib(r.plan.peakPssKiB) },
  { title: 'procs (providers)', cell: (r) => `${r.plan.peak.processes} (${r.plan.peak.providers})` },
];

function printRows(rows: readonly Row[]): void {
  const widths = COLUMNS.map((c) => Math.max(c.title.length, ...rows.map((r) => c.cell(r).length)));
  const line = (cells: string[]) => console.log(cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
  line(COLUMNS.map((c) => c.title));
  for (const row of rows) line(COLUMNS.map((c) => c.cell(row)));
  console.log(
    '(providers: provider configurations the stack declares; RSS sum: VmRSS of Terraform and every provider process at the same moment, ' +
      'which counts the shared provider binary once per process; anon: their private memory; PSS: every page once, the real footprint)',
  );
}

/** The security stacks (home and regional) of `rows`: what one stack held before the regional stacks. */
const securityRows = (rows: readonly Row[]) => rows.filter((r) => r.stack.startsWith('security-'));

function printTotals(rows: readonly Row[], oneStack: Row, batch: Awaited<ReturnType<typeof planBatch>>, parallelism: number): void {
  const largest = rows.reduce((a, b) => (b.plan.peak.rssKiB > a.plan.peak.rssKiB ? b : a));
  const peakGiB = largest.plan.peak.rssKiB / 2 ** 20;
  const verdict = peakGiB < GOAL_GIB ? 'PASS' : 'FAIL';
  console.log(`${verdict}: largest peak ${peakGiB.toFixed(2)} GiB summed RSS (${largest.stack}), goal under ${GOAL_GIB} GiB per plan`);
  console.log(
    `the one-stack layout (before the regional stacks, this run): ${s(oneStack.plan.cpuMs)} plan CPU, ${gib(oneStack.plan.peak.rssKiB)} summed RSS at its peak`,
  );
  const security = securityRows(rows);
  const securityCpu = security.reduce((sum, r) => sum + r.plan.cpuMs, 0);
  const ratio = securityCpu / oneStack.plan.cpuMs;
  console.log(
    `${ratio < 3 ? 'PASS' : 'FAIL'}: the ${security.length} security stacks' plan CPU ${s(securityCpu)} is ${ratio.toFixed(2)}x the one-stack layout's of this run (goal under 3x; ` +
      `the issue measured that plan at ${SINGLE_PLAN_CPU_S} CPU s on a quiet machine: ${(securityCpu / 1000 / SINGLE_PLAN_CPU_S).toFixed(2)}x that)`,
  );
  const cpu = rows.reduce((sum, r) => sum + r.plan.cpuMs, 0);
  console.log(`total plan CPU of all ${rows.length} stacks of the environment (its logs stack too): ${s(cpu)}`);
  const sampling = rows.reduce((sum, r) => sum + r.plan.samplingCpuMs, 0);
  console.log(`sampling /proc took ${s(sampling)} of the bench's own CPU during the plans (not counted in plan CPU)`);
  console.log(`total init CPU ${s(rows.reduce((sum, r) => sum + r.init.cpuMs, 0))} (apart from the plans)`);
  console.log(
    `all ${rows.length} plans, ${parallelism} at a time: ${s(batch.wallMs)} wall; all their processes together peaked at ${gib(batch.peak.rssKiB)} summed RSS, ${gib(batch.peakPssKiB)} PSS`,
  );
}

const countProviders = (json: StackJson | undefined) => Object.values(json?.provider ?? {}).reduce((n, list) => n + list.length, 0);

async function measureStacks(tool: TerraformTool, config: ProjectConfig, synth: SynthResult, opts: Options, work: string) {
  const stacks = synthesizedStacks(synth.outdir);
  const names = environmentStacks(stacks, config, opts.environment);
  const pluginCache = path.join(work, 'plugin-cache');
  mkdirSync(pluginCache);
  const env = terraformEnv(tool, pluginCache, opts.gogc);
  const rows: Row[] = [];
  for (const stack of names) {
    const dir = synth.stackDir(stack);
    writeOfflineOverride(dir, remoteStateOverride(stacks, stack, work));
    const init = await measureTerraform(INIT_ARGS, dir, env);
    rows.push({ stack, providers: countProviders(stacks.get(stack)), init, plan: await measureTerraform(PLAN_ARGS, dir, env) });
  }
  const batch = await planBatch(
    names.map((name) => synth.stackDir(name)),
    env,
    opts.parallelism,
  );
  // The same environment as one stack with a provider alias per region, planned the same way.
  const plan = synth.app.plan.environments.find((e) => e.environment === opts.environment)!;
  const oneStackDir = synthOneStackLayout(
    plan,
    plan.logsStack?.bucket ?? `${plan.projectName}-${plan.environment}-logs`,
    path.join(work, 'one-stack'),
  );
  writeOfflineOverride(oneStackDir);
  const oneStackInit = await measureTerraform(INIT_ARGS, oneStackDir, env);
  const oneStack: Row = {
    stack: ONE_STACK_LAYOUT,
    providers: countProviders(JSON.parse(readFileSync(path.join(oneStackDir, 'cdk.tf.json'), 'utf8')) as StackJson),
    init: oneStackInit,
    plan: await measureTerraform(PLAN_ARGS, oneStackDir, env),
  };
  return { rows, oneStack, batch };
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const tool = terraformTool();
  if (typeof tool === 'string') {
    console.warn(`SKIPPED plan memory bench: ${tool}`);
    return;
  }
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  console.log(
    `Offline plans of every ${opts.environment} stack, ${opts.environment}.regions = ${JSON.stringify(opts.regions ?? 'as configured')}; ` +
      `terraform ${tool.version}, GOGC=${opts.gogc}, load average ${load()} (2 cores shared: wall time moves with load, CPU and memory far less)`,
  );
  const work = mkdtempSync(path.join(tmpdir(), 'govtech-plan-bench-'));
  let synth: SynthResult | undefined;
  try {
    const config = variantConfig(opts);
    synth = synthApp(config);
    const { rows, oneStack, batch } = await measureStacks(tool, config, synth, opts, work);
    printRows([...rows, oneStack]);
    printTotals(rows, oneStack, batch, opts.parallelism);
    console.log(`load average at the end ${load()}`);
  } finally {
    synth?.cleanup();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
