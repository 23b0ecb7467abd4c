/**
 * main.ts as users run it (`npm run synth` runs `node dist/main.js`; `cdktf synth` runs the
 * same with CDKTF_OUTDIR set), one output folder across runs as a user has it: every problem
 * printed once and nothing else, and no stack left behind that a user could mistake for
 * current.
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { ConfigError, DEFAULT_CONFIG_PATH, validateConfig } from '../src/config';

const MAIN = path.resolve(__dirname, '..', 'main.js');

const dir = mkdtempSync(path.join(tmpdir(), 'govtech-main-'));
const outdir = path.join(dir, 'cdktf.out');
const stacksDir = path.join(outdir, 'stacks');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run main.js on `config` (an object, raw file text, or the checked-in config) into the shared outdir. */
function synth(config?: unknown) {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), CDKTF_OUTDIR: outdir };
  delete env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
  if (config !== undefined) {
    env.GOVTECH_CONFIG = path.join(dir, 'config.json');
    writeFileSync(env.GOVTECH_CONFIG, typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  } else {
    delete env.GOVTECH_CONFIG;
  }
  const r = spawnSync(process.execPath, [MAIN], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const stacks = () => (existsSync(stacksDir) ? readdirSync(stacksDir).sort() : []);
/** Every file under the stacks folder, relative to it. */
function files(at = stacksDir, prefix = ''): string[] {
  if (!existsSync(at)) return [];
  return readdirSync(at, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(path.join(at, d.name), `${prefix}${d.name}/`) : [`${prefix}${d.name}`],
  );
}
const checkedIn = () => JSON.parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8'));

/** The message validateConfig gives `config`, to compare stderr with. */
function expectedMessage(config: unknown, source: string): string {
  try {
    validateConfig(config, source);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error('the config is valid');
}

// The tests run in order on one output folder, as a user's runs would.
test('the checked-in config synthesizes every stack, printing nothing', () => {
  const r = synth();
  expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
  expect(stacks()).toEqual(['bootstrap', 'logs-dev', 'logs-prod', 'logs-staging', 'security-dev', 'security-prod', 'security-staging']);
  expect(existsSync(path.join(outdir, 'manifest.json'))).toBe(true);
  // The security module for HCL callers, beside the stacks ...
  const module = readFileSync(path.join(outdir, 'modules', 'security', 'main.tf.json'), 'utf8');
  expect(JSON.parse(module).output).toHaveProperty('kms_key_arn');
  // ... and its copy to commit, in modules/security/ of the working directory (the repository root under npm run synth).
  expect(readFileSync(path.join(dir, 'modules', 'security', 'main.tf.json'), 'utf8')).toBe(module);
  // Nothing of the staging folder is left next to the output.
  expect(readdirSync(dir).sort()).toEqual(['cdktf.out', 'modules']);
});

test('a re-synth with only prod: only its stacks, files a user added are gone, Terraform working files stay', () => {
  writeFileSync(path.join(stacksDir, 'security-prod', 'extra.tf.json'), '{}');
  writeFileSync(path.join(stacksDir, 'security-dev', 'notes.txt'), 'mine');
  mkdirSync(path.join(stacksDir, 'security-prod', '.terraform', 'providers'), { recursive: true });
  writeFileSync(path.join(stacksDir, 'security-prod', '.terraform.lock.hcl'), '# lock');
  const config = checkedIn();
  delete config.environments.dev;
  delete config.environments.staging;
  const r = synth(config);
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  expect(stacks()).toEqual(['bootstrap', 'logs-prod', 'security-prod']);
  expect(
    files()
      .filter((f) => f.startsWith('security-prod/'))
      .sort(),
  ).toEqual(['security-prod/.terraform.lock.hcl', 'security-prod/cdk.tf.json']);
  expect(existsSync(path.join(stacksDir, 'security-prod', '.terraform', 'providers'))).toBe(true);
  expect(JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')).stacks).not.toHaveProperty('security-dev');
});

test('a bad config: each problem printed once and nothing else, exit 1, and no stack left to plan', () => {
  // A report of the previous output (npm run compliance) is stale too.
  writeFileSync(path.join(outdir, 'compliance.json'), '{}');
  const config = checkedIn();
  config.environments.prod.accountId = '12345678901';
  config.environments.staging.awsRegion = 'us-east-7';
  config.stateBackend.bucket = undefined;
  const source = path.join(dir, 'config.json');
  const r = synth(config);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe(`${expectedMessage(JSON.parse(JSON.stringify(config)), source)}\n`);
  for (const fragment of [
    'environments.prod.accountId = "12345678901": must be exactly 12 digits',
    'environments.staging.awsRegion = "us-east-7": must be an AWS region name that exists',
    'stateBackend.bucket is missing: must be set (required). The S3 bucket holding the Terraform state.',
  ]) {
    expect(r.stderr.split(fragment)).toHaveLength(2);
  }
  // A config error is a message, not a crash.
  expect(r.stderr).not.toMatch(/\n\s+at /);
  // The previous stacks are gone; only Terraform's working files remain.
  expect(files().sort()).toEqual(['security-prod/.terraform.lock.hcl']);
  expect(existsSync(path.join(outdir, 'manifest.json'))).toBe(false);
  expect(existsSync(path.join(outdir, 'modules'))).toBe(false);
  expect(existsSync(path.join(outdir, 'compliance.json'))).toBe(false);
});

test('a file that is not JSON: the line and column, the line itself, once', () => {
  const text = JSON.stringify(checkedIn(), null, 2).replace('"projectName": "govtech",', '"projectName": "govtech",,');
  const r = synth(text);
  expect(r.code).toBe(1);
  expect(r.stderr).toBe(
    `Invalid configuration in ${path.join(dir, 'config.json')}:\n` +
      '  - invalid JSON at line 3, column 28: Expected double-quoted property name\n' +
      '      3 |   "projectName": "govtech",,\n' +
      '        |                            ^\n',
  );
  expect(stacks().flatMap((s) => readdirSync(path.join(stacksDir, s)))).not.toContain('cdk.tf.json');
});

test('an opt-in region: synth succeeds and warns once on stderr, naming the field and the region', () => {
  const config = checkedIn();
  config.environments.prod.regions = ['us-east-1', 'af-south-1'];
  const r = synth(config);
  expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 0, stdout: '' });
  expect(r.stderr).toBe(
    'Warning: environments.prod.regions lists "af-south-1", an opt-in region: enable it in the account before deploying ' +
      '(aws account enable-region --region-name af-south-1), or its provider cannot plan. Remove it from the list if the account should not use it.\n',
  );
  expect(stacks()).toContain('security-prod');
});
