/**
 * Drives the real Terraform CLI against synthesized stacks, offline: providers come from a
 * filesystem mirror (TF_PROVIDER_MIRROR, else the conventional local mirror folders), and
 * `terraform plan` runs with a test-only override file that swaps the backend for `local`
 * and gives the AWS provider fake keys. A missing tool makes the suite skip, loudly.
 */
import { spawn } from 'child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { setPriority, tmpdir } from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { buildApp, GovtechApp } from '../../src/app';
import { loadConfig, ProjectConfig } from '../../src/config';
import { track } from './children';
import { anyMember, PoolMember, providerPool, withConfiguringMembers } from './provider-pool';
import { schemaFilterEnabled, typesNamedIn, withSchemaFilter } from './provider-schema-filter';
import { terraformTool, TerraformTool } from './terraform-tool';

export { AWS_PROVIDER_VERSION, terraformTool } from './terraform-tool';
export type { TerraformTool } from './terraform-tool';

/**
 * `describe` when Terraform and the mirror are there; otherwise `describe.skip` with the
 * reason in the suite's name (the summary reporter lists it) and a warning on stderr.
 */
export function describeWithTerraform(name: string, body: (tool: TerraformTool) => void): void {
  const tool = terraformTool();
  if (typeof tool === 'string') {
    console.warn(`SKIPPING "${name}": ${tool}`);
    describe.skip(`${name} [SKIPPED: ${tool}]`, () => {
      test('needs terraform and the provider mirror', () => undefined);
    });
    return;
  }
  describe(name, () => body(tool));
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** True when the run was killed at its time limit. */
  readonly timedOut: boolean;
}

export interface RunOptions {
  readonly env?: Record<string, string>;
  /** Kill the run after this long: a server that is down must not hang the suite. @default 240 s */
  readonly timeoutMs?: number;
  /**
   * Scheduling priority (nice value) of Terraform and the providers it starts. The backend
   * suite's runs are the run's critical path (applies waited on in a chain) and keep 0; the
   * other suites' plans yield the CPU to them. @default 5
   */
  readonly niceness?: number;
  /**
   * `own`: Terraform starts its own AWS provider, as without the pool (provider-pool.ts). Give it
   * to every run in a directory where one is `own`: `init` then installs the provider from the
   * mirror, which an `init` with the pool skips.
   * @default `pool` when global setup started one, except where it cannot serve (withProvider)
   */
  readonly provider?: 'pool' | 'own';
}

/** Commands that start no provider or only read its schema: they share a pool member. */
const SCHEMA_ONLY = new Set(['init', 'validate', 'show', 'providers', 'output', 'state', 'graph', 'get', 'fmt', 'version', 'workspace']);

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * How many AWS provider configurations `dir`'s configuration (its own files; modules it calls are
 * assumed to use the caller's provider) has: 0 when it uses none (e.g. only terraform_data), else
 * the default one and one per `alias` of a `provider.aws` in a JSON file; undefined when an HCL
 * file declares an alias (`alias =`), which this does not count. Each needs a provider process of
 * its own when a command configures them: a process keeps one configuration.
 */
export function awsProviderConfigs(dir: string): number | undefined {
  let used = false;
  const aliases = new Set<string>();
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.tf') && !f.endsWith('.tf.json')) continue;
    const text = readFileSync(path.join(dir, f), 'utf8');
    if (f.endsWith('.tf.json') && parsesAsJson(text)) {
      const aws: unknown = JSON.parse(text).provider?.aws;
      for (const p of Array.isArray(aws) ? aws : [aws]) {
        if (typeof p === 'object' && p !== null && 'alias' in p) aliases.add(String(p.alias));
      }
    } else if (/\balias"?\s*[=:]/.test(text)) {
      // HCL, or JSON that Terraform will refuse with its own message.
      return undefined;
    }
    if (/"aws_[a-z0-9_]+"|\baws_[a-z0-9_]+\.|"aws"\s*:|provider\s+"aws"/.test(text)) used = true;
  }
  return used || aliases.size > 0 ? 1 + aliases.size : 0;
}

/**
 * Run `start` with TF_REATTACH_PROVIDERS naming pool members when the pool serves this command:
 * any member for a schema-only one; for a configuring one, a member held alone per provider
 * configuration. Terraform starts its own provider for a configuration without an AWS
 * provider, and for one with more configurations than the pool (or the schema filter, which
 * routes them, turned off) has; `init` there installs it.
 */
function withProvider<T>(cwd: string, args: string[], opts: RunOptions, start: (reattach?: string) => Promise<T>): Promise<T> {
  const pool = providerPool();
  if (!pool || opts.provider === 'own' || opts.env?.TF_REATTACH_PROVIDERS !== undefined) return start();
  const [command] = args;
  const filter = schemaFilterEnabled();
  const configs = awsProviderConfigs(cwd);
  const served = configs !== undefined && configs > 0 && configs <= (filter ? pool.members.length : 1);
  if (!served && (command === 'init' || !SCHEMA_ONLY.has(command))) return start();
  // Through the schema filter, Terraform decodes only the schemas of the types `cwd` names.
  const attach = (members: PoolMember[]) =>
    filter
      ? withSchemaFilter(
          members.map((m) => m.reattach),
          typesNamedIn(cwd),
          start,
        )
      : start(members[0].reattach);
  if (SCHEMA_ONLY.has(command)) return attach([anyMember(pool)]);
  return withConfiguringMembers(pool, configs ?? 1, attach);
}

/**
 * Go's garbage collector for Terraform and the AWS provider (both Go programs, each start
 * decoding the provider's large schema): collecting at 4x the live heap instead of 2x cuts
 * their CPU time by about 40% on the 2-core machine, for some 150 MB more memory per process.
 * Behaviour is unchanged; a GOGC set by the caller wins.
 */
const TERRAFORM_GOGC = '400';

/** Run `terraform <args>` in `cwd`, offline-friendly and bounded in time. */
export function terraform(tool: TerraformTool, cwd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return withProvider(cwd, args, opts, (reattach) => run(tool, cwd, args, opts, reattach));
}

function run(tool: TerraformTool, cwd: string, args: string[], opts: RunOptions, reattach: string | undefined): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', args, {
      cwd,
      env: {
        ...process.env,
        TF_CLI_CONFIG_FILE: tool.cliConfigFile,
        TF_IN_AUTOMATION: '1',
        TF_INPUT: '0',
        CHECKPOINT_DISABLE: '1',
        GOGC: process.env.GOGC ?? TERRAFORM_GOGC,
        ...(reattach === undefined ? {} : { TF_REATTACH_PROVIDERS: reattach }),
        ...opts.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    track(child, `terraform ${args.join(' ')} (in ${cwd})`);
    // Set before Terraform starts its providers, which inherit it.
    const niceness = opts.niceness ?? 5;
    if (child.pid !== undefined && niceness !== 0) setPriority(child.pid, niceness);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 240_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

/** Like `terraform`, but fails with Terraform's own output when the command fails. */
export async function terraformOk(tool: TerraformTool, cwd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const r = await terraform(tool, cwd, args, opts);
  if (r.code !== 0) {
    throw new Error(
      `terraform ${args.join(' ')} failed in ${cwd} (exit ${r.code}${r.timedOut ? ', timed out' : ''}):\n${r.stderr}\n${r.stdout}`,
    );
  }
  return r;
}

export interface SynthResult {
  readonly outdir: string;
  readonly app: GovtechApp;
  stackDir(stack: string): string;
  cleanup(): void;
}

/** Synthesize the whole app (checked-in config unless one is given) into a new temp dir. */
export function synthApp(config: ProjectConfig = loadConfig()): SynthResult {
  const outdir = mkdtempSync(path.join(tmpdir(), 'govtech-synth-'));
  let built: GovtechApp;
  try {
    const app = new App({ outdir });
    built = buildApp(app, config);
    app.synth();
  } catch (e) {
    rmSync(outdir, { recursive: true, force: true });
    throw e;
  }
  return {
    outdir,
    app: built,
    stackDir: (stack) => path.join(outdir, 'stacks', stack),
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** Provider settings that let the AWS provider plan without credentials or network. */
export const OFFLINE_AWS_PROVIDER = {
  access_key: 'AKIAOFFLINETESTKEY00',
  secret_key: 'offline-test-secret-key',
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
  // Checking the allowed account needs a real STS call.
  allowed_account_ids: null,
};

/**
 * Write the test-only override file: local backend instead of S3, offline provider settings
 * for the default AWS provider and for every aliased one the stack declares (one per extra
 * region), plus any extra top-level blocks (e.g. remote state pointed at a local file).
 */
export function writeOfflineOverride(dir: string, extra: Record<string, unknown> = {}): void {
  const declared = JSON.parse(readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')).provider?.aws ?? [];
  const aliases = (declared as { alias?: string }[]).map((p) => p.alias).filter((a): a is string => a !== undefined);
  writeFileSync(
    path.join(dir, 'zz_test_override.tf.json'),
    JSON.stringify(
      {
        terraform: { backend: { local: { path: 'terraform.tfstate' } } },
        provider: { aws: [OFFLINE_AWS_PROVIDER, ...aliases.map((alias) => ({ ...OFFLINE_AWS_PROVIDER, alias }))] },
        ...extra,
      },
      null,
      2,
    ),
  );
}

export interface PlanJson {
  readonly resource_changes: {
    address: string;
    mode: 'managed' | 'data';
    type: string;
    change: { actions: string[]; after: Record<string, unknown> };
  }[];
  readonly planned_values: { outputs?: Record<string, unknown> };
  readonly configuration: { root_module: { outputs?: Record<string, { description?: string }> } };
  readonly variables: Record<string, { value: unknown }>;
}

/** `-var name=value` arguments. */
export function varArgs(vars: Record<string, string> = {}): string[] {
  return Object.entries(vars).flatMap(([k, v]) => ['-var', `${k}=${v}`]);
}

/**
 * A synthesized stack prepared for offline plans: the test override, then one `init` (local
 * backend, providers from the mirror). No separate `validate`: every `plan` validates the
 * whole configuration first and fails on what `validate` would report.
 */
export async function prepareOfflineStack(tool: TerraformTool, dir: string, extraOverride: Record<string, unknown> = {}): Promise<void> {
  writeOfflineOverride(dir, extraOverride);
  await terraformOk(tool, dir, ['init', '-input=false', '-no-color']);
}

let planCounter = 0;

/**
 * `terraform plan` with `vars`, returned as `terraform show -json` of the saved plan. `targets`
 * (`-target` addresses) plan only those resources and what they depend on, for a test that
 * asserts on a few of them; Terraform still validates the whole configuration. @default all
 */
export async function planJson(
  tool: TerraformTool,
  dir: string,
  vars: Record<string, string> = {},
  targets: readonly string[] = [],
): Promise<PlanJson> {
  const file = `plan-${process.pid}-${++planCounter}.tfplan`;
  const targeting = targets.map((t) => `-target=${t}`);
  await terraformOk(tool, dir, ['plan', '-input=false', '-no-color', '-lock=false', `-out=${file}`, ...targeting, ...varArgs(vars)]);
  const shown = await terraformOk(tool, dir, ['show', '-json', '-no-color', file]);
  return JSON.parse(shown.stdout) as PlanJson;
}

/** The planned `after` values of `address`, failing clearly if it is not in the plan. */
export function planned(plan: PlanJson, address: string): Record<string, unknown> {
  const rc = plan.resource_changes.find((r) => r.address === address);
  if (!rc) throw new Error(`${address} is not in the plan; planned: ${plan.resource_changes.map((r) => r.address).join(', ')}`);
  return rc.change.after;
}

/**
 * A configuration (a new folder beside the stack) holding only `stack`'s `variable` blocks,
 * byte for byte as synthesized: `terraform plan -var ...` there runs exactly the stack's
 * variable validation, in a tenth of a second, with no provider to start or install.
 */
export function variablesOnly(synth: SynthResult, stack: string): string {
  const dir = path.join(synth.outdir, 'variables-only', stack);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'variables.tf.json'), JSON.stringify({ variable: stackJson(synth, stack).variable }));
  return dir;
}

/**
 * A state file holding only `outputs` (value and Terraform type), as another configuration
 * leaves it after apply, for a `terraform_remote_state` that an override points at this local
 * file instead of S3. Returns the override's `data` block for the remote state `name`.
 */
export function localRemoteState(
  file: string,
  name: string,
  outputs: Record<string, { value: unknown; type: unknown }>,
): Record<string, unknown> {
  writeFileSync(
    file,
    JSON.stringify({ version: 4, terraform_version: '1.11.4', serial: 1, lineage: `${name}-fixture`, resources: [], outputs }),
  );
  return { terraform_remote_state: { [name]: { backend: 'local', config: { path: file } } } };
}

/** A synthesized stack's Terraform JSON. */
// `any`: Terraform JSON is open-ended, and the tests index into it freely.
export function stackJson(synth: SynthResult, stack: string): any {
  return JSON.parse(readFileSync(path.join(synth.stackDir(stack), 'cdk.tf.json'), 'utf8'));
}
