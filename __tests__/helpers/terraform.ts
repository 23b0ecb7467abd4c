/**
 * Drives the real Terraform CLI against synthesized stacks, offline: providers come from a
 * filesystem mirror (TF_PROVIDER_MIRROR, else the conventional local mirror folders), and
 * `terraform plan` runs with a test-only override file that swaps the backend for `local`
 * and gives the AWS provider fake keys. A missing tool makes the suite skip, loudly.
 */
import { spawn, spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { buildApp, GovtechApp } from '../../src/app';
import { loadConfig, ProjectConfig } from '../../src/config';

export const AWS_PROVIDER_VERSION = '5.100.0';

/** Where a local provider mirror may be, in the order tried after TF_PROVIDER_MIRROR. */
const CONVENTIONAL_MIRRORS = [
  path.join(process.env.HOME ?? '/root', '.terraform.d', 'plugins'),
  '/usr/local/share/terraform/plugins',
  '/usr/share/terraform/plugins',
  '/opt/tf-plugins',
];

export interface TerraformTool {
  readonly version: string;
  readonly mirror: string;
  /** CLI config file that installs providers from the mirror only. */
  readonly cliConfigFile: string;
}

let cached: TerraformTool | string | undefined;

function mirrorHoldsAws(dir: string): boolean {
  const base = path.join(dir, 'registry.terraform.io', 'hashicorp', 'aws');
  return existsSync(path.join(base, AWS_PROVIDER_VERSION)) ||
    (existsSync(base) && readdirSync(base).some((f) => f.includes(AWS_PROVIDER_VERSION)));
}

/** The Terraform CLI and provider mirror, or the reason they cannot be used. */
export function terraformTool(): TerraformTool | string {
  if (cached !== undefined) return cached;
  const version = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8', timeout: 30_000 });
  if (version.error || version.status !== 0) {
    return (cached = `terraform CLI not found on PATH (${version.error?.message ?? version.stderr.trim()})`);
  }
  const candidates = process.env.TF_PROVIDER_MIRROR ? [process.env.TF_PROVIDER_MIRROR] : CONVENTIONAL_MIRRORS;
  const mirror = candidates.find(mirrorHoldsAws);
  if (!mirror) {
    return (cached = `no provider mirror with hashicorp/aws ${AWS_PROVIDER_VERSION} in ${candidates.join(', ')} (set TF_PROVIDER_MIRROR)`);
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'tf-cli-'));
  const cliConfigFile = path.join(dir, 'cli.tfrc');
  writeFileSync(
    cliConfigFile,
    `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`,
  );
  return (cached = { version: JSON.parse(version.stdout).terraform_version, mirror, cliConfigFile });
}

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
}

/** Run `terraform <args>` in `cwd`, offline-friendly and bounded in time. */
export function terraform(tool: TerraformTool, cwd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', args, {
      cwd,
      env: {
        ...process.env,
        TF_CLI_CONFIG_FILE: tool.cliConfigFile,
        TF_IN_AUTOMATION: '1',
        TF_INPUT: '0',
        CHECKPOINT_DISABLE: '1',
        ...opts.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
    throw new Error(`terraform ${args.join(' ')} failed in ${cwd} (exit ${r.code}${r.timedOut ? ', timed out' : ''}):\n${r.stderr}\n${r.stdout}`);
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
 * Write the test-only override file: local backend instead of S3, offline provider
 * settings, plus any extra top-level blocks (e.g. remote state pointed at a local file).
 */
export function writeOfflineOverride(dir: string, extra: Record<string, unknown> = {}): void {
  writeFileSync(
    path.join(dir, 'zz_test_override.tf.json'),
    JSON.stringify(
      {
        terraform: { backend: { local: { path: 'terraform.tfstate' } } },
        provider: { aws: [OFFLINE_AWS_PROVIDER] },
        ...extra,
      },
      null,
      2,
    ),
  );
}

export interface PlanJson {
  readonly resource_changes: { address: string; mode: 'managed' | 'data'; type: string; change: { actions: string[]; after: Record<string, unknown> } }[];
  readonly planned_values: { outputs?: Record<string, unknown> };
  readonly configuration: { root_module: { outputs?: Record<string, { description?: string }> } };
  readonly variables: Record<string, { value: unknown }>;
}

/** `-var name=value` arguments. */
export function varArgs(vars: Record<string, string> = {}): string[] {
  return Object.entries(vars).flatMap(([k, v]) => ['-var', `${k}=${v}`]);
}

/**
 * A synthesized stack prepared for offline plans: `init -backend=false` and `validate` on the
 * stack as users get it, then the test override and a local-backend init.
 */
export async function prepareOfflineStack(tool: TerraformTool, dir: string, extraOverride: Record<string, unknown> = {}): Promise<void> {
  await terraformOk(tool, dir, ['init', '-backend=false', '-input=false', '-no-color']);
  await terraformOk(tool, dir, ['validate', '-no-color']);
  writeOfflineOverride(dir, extraOverride);
  await terraformOk(tool, dir, ['init', '-reconfigure', '-input=false', '-no-color']);
}

let planCounter = 0;

/** `terraform plan` with `vars`, returned as `terraform show -json` of the saved plan. */
export async function planJson(tool: TerraformTool, dir: string, vars: Record<string, string> = {}): Promise<PlanJson> {
  const file = `plan-${process.pid}-${++planCounter}.tfplan`;
  await terraformOk(tool, dir, ['plan', '-input=false', '-no-color', '-lock=false', `-out=${file}`, ...varArgs(vars)]);
  const shown = await terraformOk(tool, dir, ['show', '-json', '-no-color', file]);
  return JSON.parse(shown.stdout) as PlanJson;
}

/** The planned `after` values of `address`, failing clearly if it is not in the plan. */
export function planned(plan: PlanJson, address: string): Record<string, unknown> {
  const rc = plan.resource_changes.find((r) => r.address === address);
  if (!rc) throw new Error(`${address} is not in the plan; planned: ${plan.resource_changes.map((r) => r.address).join(', ')}`);
  return rc.change.after;
}

/** A synthesized stack's Terraform JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Terraform JSON is open-ended; tests index into it
export function stackJson(synth: SynthResult, stack: string): any {
  return JSON.parse(readFileSync(path.join(synth.stackDir(stack), 'cdk.tf.json'), 'utf8'));
}
