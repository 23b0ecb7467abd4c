/**
 * The plan benchmark's /proc sampling (bench/proc-tree.ts) and CPU reading (bench/timed-run.ts),
 * on a process tree spawned here: a shell with two `sleep` children.
 */
import { ChildProcess, spawn } from 'child_process';
import { readFileSync } from 'fs';
import { descendants, parseStat, PeakSampler, sampleTree } from '../../bench/proc-tree';
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

  test('sampleTree sums the VmRSS of both children, with PSS at most that sum and no provider among them', () => {
    const sample = sampleTree(tree.pid!, true);
    expect(sample).toMatchObject({ processes: 2, providers: 0, rssKiB: vmRss(sleeps[0]) + vmRss(sleeps[1]) });
    expect(sample.anonKiB).toBeLessThan(sample.rssKiB);
    expect(sample.pssKiB).toBeGreaterThan(0);
    expect(sample.pssKiB).toBeLessThanOrEqual(sample.rssKiB);
  });

  test('PeakSampler keeps the largest sample; PSS only on the samples told to read it', async () => {
    const values = [3, 9, 4];
    const reads: boolean[] = [];
    const sampler = new PeakSampler(
      (withPss) => {
        reads.push(withPss);
        const rssKiB = values[Math.min(reads.length - 1, values.length - 1)];
        return { rssKiB, anonKiB: 1, pssKiB: withPss ? rssKiB - 1 : 0, processes: rssKiB, providers: 0 };
      },
      5,
      2,
    );
    while (reads.length < 3) await new Promise((r) => setTimeout(r, 5));
    const { peak, peakPssKiB } = sampler.stop();
    expect(peak).toMatchObject({ rssKiB: 9, processes: 9 });
    expect(reads.slice(0, 3)).toEqual([true, false, true]);
    expect(peakPssKiB).toBe(3);
  });
});

test('parseStat reads the parent pid after a name holding spaces and parentheses', () => {
  expect(parseStat('4242 (terraform (x) y) S 17 4242 17 0 -1 4194560')).toEqual({ pid: 4242, comm: 'terraform (x) y', ppid: 17 });
});

test("parseTimes adds the children's user and system time (the last line of the shell's `times`)", () => {
  expect(parseTimes('0m0.010000s 0m0.002000s\n1m2.500000s 0m3.250000s\n')).toBe(65_750);
  expect(() => parseTimes('')).toThrow('cannot read CPU time');
});
