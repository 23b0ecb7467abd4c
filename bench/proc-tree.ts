/**
 * Resident memory of a whole process tree, read from /proc (Linux). Terraform runs every
 * provider configuration (each region alias of the AWS provider) as a plugin process of its
 * own, so a plan's memory is the sum over Terraform core and all its plugin processes at the
 * same moment. GNU time's "maximum resident set size" (%M) is the largest single process of
 * the tree only (getrusage's ru_maxrss of the largest waited-for child), not that sum.
 */
import { readdirSync, readFileSync } from 'fs';
import { performance } from 'perf_hooks';

/** What /proc says about one process. */
export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  /** The executable's name as the kernel keeps it (at most 15 characters). */
  readonly comm: string;
}

/** One reading of a tree's memory. */
export interface TreeSample {
  /** Sum of VmRSS over the tree's processes, in KiB. */
  readonly rssKiB: number;
  /**
   * Sum of RssAnon (private anonymous memory) in KiB: the same provider binary's code pages
   * are shared between its processes and counted once per process in `rssKiB`.
   */
  readonly anonKiB: number;
  readonly processes: number;
  /** Processes whose name is a Terraform provider plugin's (`terraform-provider-*`). */
  readonly providers: number;
}

const EMPTY: TreeSample = { rssKiB: 0, anonKiB: 0, processes: 0, providers: 0 };

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined; // the process exited between listing /proc and reading it
  }
}

/** Parse /proc/<pid>/stat: the name is in parentheses and may itself hold spaces or parentheses. */
export function parseStat(stat: string): ProcessInfo {
  const open = stat.indexOf('(');
  const close = stat.lastIndexOf(')');
  const rest = stat.slice(close + 2).split(' ');
  return { pid: Number(stat.slice(0, open).trim()), comm: stat.slice(open + 1, close), ppid: Number(rest[1]) };
}

/** Every process now running. */
export function processTable(): ProcessInfo[] {
  const table: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readOrUndefined(`/proc/${entry}/stat`);
    if (stat !== undefined) table.push(parseStat(stat));
  }
  return table;
}

/** The processes below `root` (children, their children, ...), not `root` itself. */
export function descendants(root: number, table: readonly ProcessInfo[] = processTable()): ProcessInfo[] {
  const children = new Map<number, ProcessInfo[]>();
  for (const p of table) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const found: ProcessInfo[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

/** A `/proc/<pid>/status` field in kB (0 for kernel threads and exited processes). */
function statusKiB(status: string, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Number(m[1]) : 0;
}

/**
 * Sum of PSS (proportional set size: each page divided among the processes mapping it, so the
 * sum counts every page once: the tree's real footprint), in KiB. Dear: the kernel walks each
 * process's page tables for it, some 8 ms of CPU per AWS provider process.
 */
export function sumPss(processes: readonly ProcessInfo[]): number {
  return processes.reduce((sum, p) => sum + statusKiB(readOrUndefined(`/proc/${p.pid}/smaps_rollup`) ?? '', 'Pss'), 0);
}

/** The memory of `processes` now, summed (from /proc/<pid>/status: cheap). */
export function sumMemory(processes: readonly ProcessInfo[]): TreeSample {
  let sample = EMPTY;
  for (const p of processes) {
    const status = readOrUndefined(`/proc/${p.pid}/status`);
    if (status === undefined) continue;
    sample = {
      rssKiB: sample.rssKiB + statusKiB(status, 'VmRSS'),
      anonKiB: sample.anonKiB + statusKiB(status, 'RssAnon'),
      processes: sample.processes + 1,
      providers: sample.providers + (p.comm.startsWith('terraform-provi') ? 1 : 0),
    };
  }
  return sample;
}

/** What a `PeakSampler` saw. */
export interface Peaks {
  /** The sample with the largest summed RSS (its process and provider counts: those at that moment). */
  readonly peak: TreeSample;
  /** The largest summed PSS read (read near the RSS peak only). */
  readonly peakPssKiB: number;
  /** CPU time the sampling itself took (user + system of the bench's process), in ms. */
  readonly samplingCpuMs: number;
}

/**
 * Samples the processes below `root` every `intervalMs` until stopped and keeps the sample with
 * the largest summed RSS. PSS, dearer, is read at most every `pssEveryMs`, and only while the
 * RSS sum is within 5% of its peak so far (a plan's memory climbs while the providers load
 * their schemas, then stays near its peak for seconds). A peak shorter than the interval can
 * be missed: the figures are lower bounds, to within what the tree allocates in one interval.
 */
export class PeakSampler {
  private peakSample: TreeSample = EMPTY;
  private peakPss = 0;
  private lastPss = -Infinity;
  private samplingCpuMs = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly root: number,
    intervalMs = 100,
    private readonly pssEveryMs = 2000,
  ) {
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  private sample(): void {
    const cpu = process.cpuUsage();
    const processes = descendants(this.root);
    const s = sumMemory(processes);
    if (s.rssKiB > this.peakSample.rssKiB) this.peakSample = s;
    const now = performance.now();
    if (s.rssKiB > 0 && s.rssKiB >= 0.95 * this.peakSample.rssKiB && now - this.lastPss >= this.pssEveryMs) {
      this.lastPss = now;
      this.peakPss = Math.max(this.peakPss, sumPss(processes));
    }
    const used = process.cpuUsage(cpu);
    this.samplingCpuMs += (used.user + used.system) / 1000;
  }

  stop(): Peaks {
    clearInterval(this.timer);
    return { peak: this.peakSample, peakPssKiB: this.peakPss, samplingCpuMs: this.samplingCpuMs };
  }
}
