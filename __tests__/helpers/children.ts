/**
 * The child processes the test helpers start, so that none outlives its test file: the
 * setup file (jest.setup.js) kills any still running after a file's tests and fails that
 * file, naming the command. A process left running would otherwise keep the Jest worker
 * alive ("a worker process has failed to exit gracefully") or hold a port or a lock.
 */
import { ChildProcess } from 'child_process';

const running = new Map<ChildProcess, string>();

/** Track `child` until it exits. */
export function track(child: ChildProcess, description: string): void {
  running.set(child, description);
  child.once('exit', () => running.delete(child));
}

/** Kill every tracked child still running; return what they were. */
export function killLeftovers(): string[] {
  const left = [...running.entries()];
  for (const [child] of left) child.kill('SIGKILL');
  running.clear();
  return left.map(([, description]) => description);
}
