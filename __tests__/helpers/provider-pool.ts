/**
 * A few long-lived AWS provider processes that Terraform reattaches to (TF_REATTACH_PROVIDERS)
 * instead of starting its own for every command: each start decodes the provider's large schema,
 * about 4 CPU s of a plan, show or validate. It is the same provider binary, from the same mirror,
 * as Terraform would start.
 *
 * - Global setup starts the pool (`startProviderPool`), global teardown stops it; the workers
 *   read it from the environment (`providerPool`). GOVTECH_PROVIDER_POOL_SIZE=0 turns it off.
 * - Schema-only commands (show, validate, init, ...) never configure the provider: they share
 *   any member, concurrently.
 * - A command that configures the provider (plan, apply, ...) holds a member alone
 *   (`withConfiguringMembers`): the provider's SDK warns that concurrent configurations race.
 *   One with aliased providers holds one member per configuration; the schema filter
 *   (provider-schema-filter.ts) gives each configured provider instance a member of its own.
 *   A lock directory per member, made with mkdir (atomic), serializes them across the workers.
 * - The members run without AWS_CA_BUNDLE: with it set, a second configuration of a running
 *   provider fails ("unable to add custom RootCAs HTTPClient"); the offline tests call no AWS
 *   endpoint over TLS.
 */
import { ChildProcess, spawn } from 'child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as path from 'path';
import { AWS_PROVIDER_VERSION, TerraformTool } from './terraform-tool';

/** Environment variable carrying the started pool (JSON) from global setup to the workers. */
export const PROVIDER_POOL_ENV = 'GOVTECH_PROVIDER_POOL';
/** How many provider processes to start; 0 turns the pool off (every command starts its own). */
export const PROVIDER_POOL_SIZE_ENV = 'GOVTECH_PROVIDER_POOL_SIZE';
/**
 * Five: the backend suite's two applies hold one each for a minute or two (mostly waiting on
 * the S3 lifecycle check), and the plan of a stack with three provider configurations (the
 * regional stacks' migration) needs three at once meanwhile; with four it waited out an apply,
 * its worker idle. Schema-only commands share them all. An idle member costs memory (about
 * 0.6 GB), hardly any CPU.
 */
const DEFAULT_POOL_SIZE = 5;

export interface PoolMember {
  /** The TF_REATTACH_PROVIDERS value the provider printed. */
  readonly reattach: string;
  /** The provider's process id. */
  readonly pid: number;
  /** Exists while a configuring command holds this member. */
  readonly lockDir: string;
}

export interface ProviderPool {
  readonly members: readonly PoolMember[];
}

/** The provider binary in the (unpacked) mirror; undefined for a packed (zip) mirror. */
function providerBinary(tool: TerraformTool): string | undefined {
  const file = path.join(
    tool.mirror,
    'registry.terraform.io',
    'hashicorp',
    'aws',
    AWS_PROVIDER_VERSION,
    'linux_amd64',
    `terraform-provider-aws_v${AWS_PROVIDER_VERSION}_x5`,
  );
  return process.platform === 'linux' && process.arch === 'x64' && existsSync(file) ? file : undefined;
}

/** Processes global setup started, stopped by `stopProviderPool` (same process). */
const started: ChildProcess[] = [];

/**
 * Start one provider in debug mode and resolve with its reattach string. It runs under a shell
 * that kills it when Jest's process goes away, however that ends (its stdin pipe closes).
 */
function startMember(binary: string, lockDir: string): Promise<PoolMember> {
  const env: NodeJS.ProcessEnv = { ...process.env, GOGC: process.env.GOGC ?? '400' };
  delete env.AWS_CA_BUNDLE;
  // `wait`: the provider's CPU time then counts in the run's (time npx jest), through the shell's.
  const child = spawn('sh', ['-c', '"$0" -debug & p=$!; read _; kill $p; wait $p', binary], { env, stdio: ['pipe', 'pipe', 'ignore'] });
  started.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => fail(new Error(`the AWS provider ${binary} -debug printed no TF_REATTACH_PROVIDERS in 60 s:\n${out}`)),
      60_000,
    );
    const fail = (e: Error) => {
      clearTimeout(timer);
      child.stdin?.end();
      reject(e);
    };
    child.on('error', fail);
    child.on('exit', (code) => fail(new Error(`the AWS provider ${binary} -debug exited (${code}) before it was ready:\n${out}`)));
    child.stdout?.on('data', (d) => {
      out += d;
      const m = /TF_REATTACH_PROVIDERS='([^']+)'/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.stdout?.removeAllListeners('data');
      child.stdout?.resume();
      const reattach = m[1];
      const pid = JSON.parse(reattach)['registry.terraform.io/hashicorp/aws'].Pid as number;
      resolve({ reattach, pid, lockDir });
    });
  });
}

/**
 * Start the pool (in Jest's global setup) in `root`, the run's temp folder; undefined when it
 * is turned off or the mirror holds no unpacked linux_amd64 provider.
 */
export async function startProviderPool(tool: TerraformTool, root: string): Promise<ProviderPool | undefined> {
  const size = Number(process.env[PROVIDER_POOL_SIZE_ENV] ?? DEFAULT_POOL_SIZE);
  if (!Number.isInteger(size) || size < 0) {
    throw new Error(
      `${PROVIDER_POOL_SIZE_ENV}="${process.env[PROVIDER_POOL_SIZE_ENV]}": it must be a whole number >= 0 (0 turns the pool off)`,
    );
  }
  const binary = providerBinary(tool);
  if (size === 0 || binary === undefined) return undefined;
  const locks = path.join(root, 'provider-pool');
  mkdirSync(locks, { recursive: true });
  const members = await Promise.all(Array.from({ length: size }, (_, i) => startMember(binary, path.join(locks, `${i}.lock`))));
  return { members };
}

/** CPU seconds (user + system) process `pid` has used so far, from /proc; 0 if it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Stop the pool's processes (global teardown), after reporting the CPU time they used. */
export async function stopProviderPool(pool: ProviderPool | undefined): Promise<void> {
  if (pool && process.env.GOVTECH_PROVIDER_POOL_REPORT) {
    const used = pool.members.map((m) => cpuSeconds(m.pid).toFixed(1));
    console.log(`provider pool: ${used.join(' + ')} CPU s`);
  }
  const exited = started.splice(0).map((child) => {
    const done = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
    child.stdin?.end();
    return Promise.race([done, new Promise<void>((resolve) => setTimeout(resolve, 10_000).unref())]);
  });
  await Promise.all(exited);
  for (const { pid } of pool?.members ?? []) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone, as it should be: its shell stopped it.
    }
  }
}

let cached: ProviderPool | undefined | null = null;

/** The pool global setup started (undefined outside a Jest run, or when it is off). */
export function providerPool(): ProviderPool | undefined {
  if (cached === null) {
    const json = process.env[PROVIDER_POOL_ENV];
    cached = json ? (JSON.parse(json) as ProviderPool) : undefined;
  }
  return cached;
}

let next = 0;

/** A member for a schema-only command (no lock: they do not configure the provider). */
export function anyMember(pool: ProviderPool): PoolMember {
  return pool.members[next++ % pool.members.length];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Take `member`'s lock; false if it is held. A lock whose holder died is broken (and taken next time). */
function tryLock(member: PoolMember): boolean {
  try {
    mkdirSync(member.lockDir);
    writeFileSync(path.join(member.lockDir, 'holder'), String(process.pid));
    return true;
  } catch {
    let holder = NaN;
    try {
      holder = Number(readFileSync(path.join(member.lockDir, 'holder'), 'utf8'));
    } catch {
      // Just taken, the holder's pid not yet written.
    }
    if (Number.isInteger(holder) && holder > 0 && !alive(holder)) rmSync(member.lockDir, { recursive: true, force: true });
    return false;
  }
}

/**
 * Take `count` free members' locks, or none: a command that needs several (one per provider
 * configuration) never holds some while it waits for others, so two such commands cannot
 * deadlock.
 */
function tryLockMany(pool: ProviderPool, count: number): PoolMember[] | undefined {
  const taken: PoolMember[] = [];
  const start = process.pid % pool.members.length;
  for (let i = 0; i < pool.members.length && taken.length < count; i++) {
    const member = pool.members[(start + i) % pool.members.length];
    if (tryLock(member)) taken.push(member);
  }
  if (taken.length === count) return taken;
  for (const m of taken) rmSync(m.lockDir, { recursive: true, force: true });
  return undefined;
}

/**
 * Run `body` with `count` members held alone (one per provider configuration the command
 * configures), waiting until that many are free.
 */
export async function withConfiguringMembers<T>(
  pool: ProviderPool,
  count: number,
  body: (members: PoolMember[]) => Promise<T>,
): Promise<T> {
  if (!Number.isInteger(count) || count < 1 || count > pool.members.length) {
    throw new Error(`withConfiguringMembers: ${count} members asked of a pool of ${pool.members.length}`);
  }
  let members = tryLockMany(pool, count);
  while (members === undefined) {
    await new Promise((r) => setTimeout(r, 100));
    members = tryLockMany(pool, count);
  }
  try {
    return await body(members);
  } finally {
    for (const m of members) rmSync(m.lockDir, { recursive: true, force: true });
  }
}
