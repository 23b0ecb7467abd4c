/**
 * `npm run bench`: median wall time, CPU time (user + system) and peak memory (max RSS) of
 *  1. synthesizing every stack from compiled JS (`node dist/main.js`, a fresh process per run),
 *  2. the same inside one warm process (modules loaded once: what synth itself costs),
 *  3. `cdktf synth` (the CLI users run; its app command compiles incrementally, then runs dist/main.js);
 *  4. 1 and 2 again for the checked-in config with every environment covering the 17
 *     "default-enabled" regions (3 environments x 17 regions), against the default app of the same run;
 *  5. 1 and 2 again for an organization app: the checked-in environments as members plus the organization
 *     accounts' stacks (issue 18's example organization, __tests__/fixtures/organization-config.ts), the
 *     organization covering the 17 "default-enabled" regions and the members following it.
 * Goal: all stacks from compiled JS in under 0.5 s on the 2-core machine; 3 x 17 regions and the organization app
 * each at most 2x the default. Wall time on a shared
 * 2-core machine moves up to 5x with load; CPU time moves far less, so compare runs by it.
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { organizationConfigJson } from '../__tests__/fixtures/organization-config';

const ROOT = path.resolve(__dirname, '..', '..');
const GNU_TIME = '/usr/bin/time';

interface Sample {
  readonly ms: number;
  /** CPU time (user + system) of the process tree in ms, when GNU time is there to tell. */
  readonly cpuMs?: number;
  /** Max RSS of the process tree in MiB, when GNU time is there to tell. */
  readonly rssMiB?: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Run a command once, timing it and reading its peak RSS through GNU time when present. */
function measure(cmd: string, args: string[], env: Record<string, string>): Sample {
  const useTime = existsSync(GNU_TIME);
  const start = performance.now();
  const r = useTime
    ? spawnSync(GNU_TIME, ['-f', '__maxrss_kb=%M __cpu_s=%U+%S', cmd, ...args], {
        cwd: ROOT,
        env: { ...process.env, ...env },
        encoding: 'utf8',
      })
    : spawnSync(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  const kb = /__maxrss_kb=(\d+)/.exec(r.stderr ?? '');
  const cpu = /__cpu_s=([\d.]+)\+([\d.]+)/.exec(r.stderr ?? '');
  return { ms, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : undefined, rssMiB: kb ? Number(kb[1]) / 1024 : undefined };
}

function report(name: string, samples: Sample[]): Sample[] {
  const rss = samples.map((s) => s.rssMiB).filter((x): x is number => x !== undefined);
  const cpus = samples.map((s) => s.cpuMs).filter((x): x is number => x !== undefined);
  const mem = rss.length ? `peak RSS ${Math.max(...rss).toFixed(1)} MiB` : 'peak RSS n/a (no /usr/bin/time)';
  const cpu = cpus.length ? `CPU ${median(cpus).toFixed(0).padStart(5)} ms` : 'CPU n/a (no /usr/bin/time)';
  console.log(
    `${name.padEnd(50)} median wall ${median(samples.map((s) => s.ms))
      .toFixed(0)
      .padStart(5)} ms   ${cpu}   ${mem}   (${samples.length} runs)`,
  );
  return samples;
}

/** `name`'s median wall and CPU time as a multiple of `base`'s. */
function ratio(name: string, samples: Sample[], base: Sample[]): void {
  const cpu = (xs: Sample[]) => median(xs.map((s) => s.cpuMs).filter((x): x is number => x !== undefined));
  const wall = median(samples.map((s) => s.ms)) / median(base.map((s) => s.ms));
  const cpuRatio = cpu(samples) / cpu(base);
  console.log(
    `${name.padEnd(50)} ${wall.toFixed(2)}x wall, ${Number.isFinite(cpuRatio) ? cpuRatio.toFixed(2) + 'x CPU' : 'CPU n/a'} of the default app (goal: at most 2x)`,
  );
}

function repeat(n: number, f: () => Sample): Sample[] {
  return Array.from({ length: n }, f);
}

function main(): void {
  const out = mkdtempSync(path.join(tmpdir(), 'govtech-bench-'));
  try {
    const env = { CDKTF_OUTDIR: path.join(out, 'node'), CHECKPOINT_DISABLE: '1' };
    measure(process.execPath, ['dist/main.js'], env); // warm the file cache
    const fresh = report(
      'all stacks, node dist/main.js',
      repeat(11, () => measure(process.execPath, ['dist/main.js'], env)),
    );

    // The checked-in config with every environment covering the 17 default-enabled regions.
    const wideConfig = path.join(out, 'regions-3x17.json');
    const raw = JSON.parse(readFileSync(path.join(ROOT, 'config', 'environments.json'), 'utf8')) as {
      environments: Record<string, { regions?: string }>;
    };
    for (const e of Object.values(raw.environments)) e.regions = 'default-enabled';
    writeFileSync(wideConfig, JSON.stringify(raw));
    const wideEnv = { ...env, GOVTECH_CONFIG: wideConfig };
    const wideFresh = report(
      '3 envs x 17 regions, node dist/main.js',
      repeat(11, () => measure(process.execPath, ['dist/main.js'], wideEnv)),
    );
    ratio('3 envs x 17 regions, node dist/main.js', wideFresh, fresh);

    // Organization mode: 3 member environments and the organization stacks, 17 regions.
    const orgConfig = path.join(out, 'organization-17.json');
    const org = organizationConfigJson();
    org.organization.regions = 'default-enabled';
    writeFileSync(orgConfig, JSON.stringify(org));
    const orgEnv = { ...env, GOVTECH_CONFIG: orgConfig };
    const orgFresh = report(
      'organization app, 17 regions, node dist/main.js',
      repeat(11, () => measure(process.execPath, ['dist/main.js'], orgEnv)),
    );
    ratio('organization app, 17 regions, node dist/main.js', orgFresh, fresh);

    // Modules loaded once (required here, after the fresh-process runs); each run builds and synthesizes a fresh App,
    // without stack traces as src/synth.ts does.
    /* eslint-disable @typescript-eslint/no-require-imports -- loaded late on purpose, after the fresh-process runs */
    const { App } = require('cdktf') as typeof import('cdktf');
    const { buildApp } = require('../src/app') as typeof import('../src/app');
    const { loadConfig } = require('../src/config') as typeof import('../src/config');
    /* eslint-enable @typescript-eslint/no-require-imports */
    const warm = repeat(11, () => {
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      const app = new App({ outdir: path.join(out, 'warm'), stackTraces: false });
      buildApp(app, loadConfig());
      app.synth();
      const cpu = process.cpuUsage(cpuStart);
      return { ms: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1000, rssMiB: process.memoryUsage().rss / 2 ** 20 };
    });
    report('all stacks, warm process (build + synth)', warm);
    const wideWarm = repeat(11, () => {
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      const app = new App({ outdir: path.join(out, 'warm-wide'), stackTraces: false });
      buildApp(app, loadConfig(wideConfig));
      app.synth();
      const cpu = process.cpuUsage(cpuStart);
      return { ms: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1000, rssMiB: process.memoryUsage().rss / 2 ** 20 };
    });
    report('3 envs x 17 regions, warm process', wideWarm);
    ratio('3 envs x 17 regions, warm process', wideWarm, warm);
    const orgWarm = repeat(11, () => {
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      const app = new App({ outdir: path.join(out, 'warm-org'), stackTraces: false });
      buildApp(app, loadConfig(orgConfig));
      app.synth();
      const cpu = process.cpuUsage(cpuStart);
      return { ms: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1000, rssMiB: process.memoryUsage().rss / 2 ** 20 };
    });
    report('organization app, 17 regions, warm process', orgWarm);
    ratio('organization app, 17 regions, warm process', orgWarm, warm);

    const cli = path.join(ROOT, 'node_modules', '.bin', 'cdktf');
    report(
      'cdktf synth (runs tsc, then dist/main.js)',
      repeat(3, () => measure(cli, ['synth', '--output', path.join(out, 'cli')], { CHECKPOINT_DISABLE: '1' })),
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

main();
