/**
 * Finds the Terraform CLI and a local provider mirror holding hashicorp/aws, and writes the
 * CLI config that installs providers from that mirror only. Jest's global setup does this
 * once per run (global-setup.ts) and hands the result to the workers in the environment.
 */
import { spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

export const AWS_PROVIDER_VERSION = '5.100.0';
/** Environment variable carrying `detectTerraform`'s result (JSON) from global setup to the workers. */
export const TERRAFORM_TOOL_ENV = 'GOVTECH_TERRAFORM_TOOL';
/** Environment variable naming the run's temp folder, which global teardown removes. */
export const TEST_TMP_ENV = 'GOVTECH_TEST_TMP';

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

function mirrorHoldsAws(dir: string): boolean {
  const base = path.join(dir, 'registry.terraform.io', 'hashicorp', 'aws');
  return (
    existsSync(path.join(base, AWS_PROVIDER_VERSION)) ||
    (existsSync(base) && readdirSync(base).some((f) => f.includes(AWS_PROVIDER_VERSION)))
  );
}

/** The Terraform CLI and provider mirror, with a CLI config written into `dir`; or why they cannot be used. */
export function detectTerraform(dir: string): TerraformTool | string {
  const version = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8', timeout: 30_000 });
  if (version.error || version.status !== 0) {
    return `terraform CLI not found on PATH (${version.error?.message ?? version.stderr.trim()})`;
  }
  const candidates = process.env.TF_PROVIDER_MIRROR ? [process.env.TF_PROVIDER_MIRROR] : CONVENTIONAL_MIRRORS;
  const mirror = candidates.find(mirrorHoldsAws);
  if (!mirror) {
    return `no provider mirror with hashicorp/aws ${AWS_PROVIDER_VERSION} in ${candidates.join(', ')} (set TF_PROVIDER_MIRROR)`;
  }
  const cliConfigFile = path.join(dir, 'terraform-offline.tfrc');
  writeFileSync(cliConfigFile, `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`);
  return { version: JSON.parse(version.stdout).terraform_version, mirror, cliConfigFile };
}

/**
 * cdktf checks the Terraform version at every synth of a stack with import or moved blocks, by
 * running `terraform version` once per such resource (ValidateTerraformVersion, in
 * cdktf/lib/validations): 38 runs in the Terraform suites alone. Global setup points cdktf's
 * TERRAFORM_BINARY_NAME at a script that answers `version` with the version `tool` reported
 * (the same first line Terraform prints) and runs Terraform for anything else.
 */
export function cachedTerraformVersion(tool: TerraformTool, dir: string): void {
  const binary = process.env.TERRAFORM_BINARY_NAME ?? 'terraform';
  const bin = path.join(dir, 'terraform-version-cache');
  mkdirSync(bin, { recursive: true });
  const script = path.join(bin, 'terraform');
  writeFileSync(
    script,
    [
      '#!/bin/sh',
      `if [ "$#" = 1 ] && [ "$1" = version ]; then echo ${JSON.stringify(`Terraform v${tool.version}`)}; exit 0; fi`,
      `exec ${JSON.stringify(binary)} "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(script, 0o755);
  process.env.TERRAFORM_BINARY_NAME = script;
}

let cached: TerraformTool | string | undefined;

/**
 * The tool global setup found. Outside a Jest run (no global setup), detect it now, into a
 * temp folder removed when the process exits.
 */
export function terraformTool(): TerraformTool | string {
  if (cached !== undefined) return cached;
  const fromSetup = process.env[TERRAFORM_TOOL_ENV];
  if (fromSetup) return (cached = JSON.parse(fromSetup) as TerraformTool | string);
  const dir = mkdtempSync(path.join(tmpdir(), 'tf-cli-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return (cached = detectTerraform(dir));
}
