/**
 * The plan benchmark's /proc sampling (bench/proc-tree.ts) and CPU reading (bench/timed-run.ts),
 * on a process tree spawned here: a shell with two `sleep` children.
 */
import { ChildProcess, spawn } from 'child_process';
import { readFileSync } from 'fs';
import { descendants, parseStat, PeakSampler, sumMemory } from '../../bench/proc-tree';
import { parseTimes } from '../../bench/timed-run';

const vmRss = (pid: number) => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);

describe('a shell running two sleeps', () => {
  let tree: ChildProcess;
  let sleeps: number[];

  beforeAll(async () => {
    tree = spawn('sh', ['-c', 'sleep 3 & sleep 3; wait'], { stdio: 'ignore' });
    // Until the shell has started both.
    for (let i = 0; i < 100 && descendants(tree.pid!).length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    sleeps = descendants(tree.pid!).map((p) => p.pid);
  });
  afterAll(() => {
    for (const pid of sleeps ?? []) process.kill(pid, 'SIGKILL');
    tree?.kill('SIGKILL');
  });

  test("descendants: the shell's two children, not the shell; from further up, the shell too", () => {
    expect(descendants(tree.pid!).map((p) => [p.comm, p.ppid])).toEqual([
      ['sleep', tree.pid],
      ['sleep', tree.pid],
    ]);
    expect(
      descendants(process.pid)
        .map((p) => p.pid)
        .sort(),
    ).toEqual(expect.arrayContaining([tree.pid, ...sleeps].sort()));
  });

  test('sumMemory sums the VmRSS of both children (their private memory is less), no provider among them', () => {
    const sample = sumMemory(descendants(tree.pid!));
    expect(sample).toMatchObject({ processes: 2, providers: 0, rssKiB: vmRss(sleeps[0]) + vmRss(sleeps[1]) });
    expect(sample.anonKiB).toBeLessThan(sample.rssKiB);
  });

  test("PeakSampler: the tree's peak, its PSS sum at most its RSS sum, and what sampling cost", async () => {
    const sampler = new PeakSampler(tree.pid!, 10, 0);
    await new Promise((r) => setTimeout(r, 100));
    const { peak, peakPssKiB, samplingCpuMs } = sampler.stop();
    expect(peak).toMatchObject({ processes: 2, providers: 0 });
    expect(peakPssKiB).toBeGreaterThan(0);
    expect(peakPssKiB).toBeLessThanOrEqual(peak.rssKiB);
    expect(samplingCpuMs).toBeGreaterThan(0);
  });
});

test('parseStat reads the parent pid after a name holding spaces and parentheses', () => {
  expect(parseStat('4242 (terraform (x) y) S 17 4242 17 0 -1 4194560')).toEqual({ pid: 4242, comm: 'terraform (x) y', ppid: 17 });
});

test("parseTimes adds the children's user and system time (the last line of the shell's `times`)", () => {
  expect(parseTimes('0m0.010000s 0m0.002000s\n1m2.500000s 0m3.250000s\n')).toBe(65_750);
  expect(() => parseTimes('')).toThrow('cannot read CPU time');
});
