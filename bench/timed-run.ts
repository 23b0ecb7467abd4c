/**
 * Runs one Terraform command and measures its whole process tree: wall time, CPU time (user +
 * system of Terraform and every provider process it started and waited for) and the peak of
 * the tree's summed resident memory (sampled from /proc, see proc-tree.ts).
 */
import { spawn } from 'child_process';
import { performance } from 'perf_hooks';
import { TerraformTool } from '../__tests__/helpers/terraform';
import { PeakSampler, Peaks } from './proc-tree';

/** A measured command: its tree's peaks (proc-tree.ts) and times. */
export interface Measured extends Peaks {
  readonly wallMs: number;
  /** User + system CPU time of the whole tree, in ms. */
  readonly cpuMs: number;
}

/**
 * The environment the test helpers give Terraform (__tests__/helpers/terraform.ts): providers
 * from the offline mirror only, no prompts, no version check. Providers installed once into
 * a shared cache and linked from there, so that many stacks do not each copy the AWS
 * provider's binary (some 700 MB); a stack has no lock file yet, which Terraform >= 1.4 only
 * lets the cache serve with the "may break lock file" setting.
 */
export function terraformEnv(tool: TerraformTool, pluginCache: string, gogc: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TF_CLI_CONFIG_FILE: tool.cliConfigFile,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    TF_PLUGIN_CACHE_DIR: pluginCache,
    TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: 'true',
    GOGC: gogc,
  };
}

/**
 * The shell's `times` builtin prints two lines, the shell's own and its waited-for children's
 * user and system time ("0m1.230000s 0m0.150000s"); the children's line is the command's
 * tree, since a process's children times include its own waited-for children.
 */
export function parseTimes(output: string): number {
  const lines = output.trim().split('\n');
  const m = /(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/.exec(lines[lines.length - 1] ?? '');
  if (!m) throw new Error(`cannot read CPU time from the shell's "times" output: ${JSON.stringify(output)}`);
  return ((Number(m[1]) + Number(m[3])) * 60 + Number(m[2]) + Number(m[4])) * 1000;
}

/**
 * `terraform <args>` in `cwd`, measured. Runs under `sh` so that `times` can report the CPU of
 * the whole tree on fd 3 (GNU time would do too, but is not everywhere); the shell itself is
 * not sampled. Fails with Terraform's output when the command fails.
 */
export function measureTerraform(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Measured> {
  const script = '"$@"; code=$?; times >&3; exit $code';
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn('sh', ['-c', script, 'sh', 'terraform', ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    const pid = child.pid;
    if (pid === undefined) return reject(new Error(`could not start terraform ${args.join(' ')} in ${cwd}`));
    const sampler = new PeakSampler(pid);
    let output = '';
    let times = '';
    // Only the end is kept (a 17-region plan prints megabytes): it is shown when the command fails.
    const keep = (d: Buffer) => (output = (output + d.toString()).slice(-8000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.stdio[3]!.on('data', (d) => (times += d));
    child.on('error', (e) => {
      sampler.stop();
      reject(e);
    });
    child.on('close', (code) => {
      const wallMs = performance.now() - start;
      const peaks = sampler.stop();
      if (code !== 0) return reject(new Error(`terraform ${args.join(' ')} failed in ${cwd} (exit ${code}):\n${output}`));
      resolve({ wallMs, cpuMs: parseTimes(times), ...peaks });
    });
  });
}
