/**
 * main.ts as users run it (`node dist/main.js`, what `cdktf synth` starts): the checked-in
 * config synthesizes every stack; a bad config stops synth with every problem named.
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { DEFAULT_CONFIG_PATH } from '../src/config';

const MAIN = path.resolve(__dirname, '..', 'main.js');

function synth(config?: unknown) {
  const dir = mkdtempSync(path.join(tmpdir(), 'govtech-main-'));
  const env: Record<string, string> = { ...(process.env as Record<string, string>), CDKTF_OUTDIR: path.join(dir, 'out') };
  if (config !== undefined) {
    env.GOVTECH_CONFIG = path.join(dir, 'config.json');
    writeFileSync(env.GOVTECH_CONFIG, JSON.stringify(config));
  } else {
    delete env.GOVTECH_CONFIG;
  }
  const r = spawnSync(process.execPath, [MAIN], { env, encoding: 'utf8', timeout: 60_000 });
  const stacksDir = path.join(dir, 'out', 'stacks');
  const stacks = existsSync(stacksDir) ? readdirSync(stacksDir).sort() : [];
  rmSync(dir, { recursive: true, force: true });
  return { code: r.status, stderr: r.stderr, stacks };
}

const checkedIn = () => JSON.parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8'));

test('the checked-in config synthesizes every stack', () => {
  const r = synth();
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stacks).toEqual(['bootstrap', 'logs-dev', 'logs-prod', 'logs-staging', 'security-dev', 'security-prod', 'security-staging']);
});

test('a bad value stops synth naming the environment, field, value and rule', () => {
  const config = checkedIn();
  config.environments.prod.accountId = '12345678901';
  config.environments.staging.awsRegion = 'eu-middle-9';
  const r = synth(config);
  expect(r.code).toBe(1);
  expect(r.stacks).toEqual([]);
  expect(r.stderr).toContain('environments.prod.accountId = "12345678901": must be exactly 12 digits');
  expect(r.stderr).toContain('environments.staging.awsRegion = "eu-middle-9": must be an AWS region name');
  // A config error is a message, not a crash.
  expect(r.stderr).not.toMatch(/\n\s+at /);
});

test('two environments creating the account-wide services in one account are refused with the fix', () => {
  const config = checkedIn();
  config.environments.staging.accountId = config.environments.dev.accountId;
  const r = synth(config);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('environments.staging.accountId');
  expect(r.stderr).toContain('GuardDuty, Security Hub and the SERVICE cost monitor');
  expect(r.stderr).toContain('"accountServicesOwner": "dev"');
});
