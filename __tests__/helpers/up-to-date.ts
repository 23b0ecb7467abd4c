/** Comparing a committed generated file with what its generator writes now. */

/**
 * Throws, naming the file, the first line that differs and the command that regenerates it,
 * when `committed` is not `generated`.
 */
export function expectUpToDate(file: string, committed: string, generated: string, command: string): void {
  if (committed === generated) return;
  const [a, b] = [committed.split('\n'), generated.split('\n')];
  let line = 0;
  while (line < Math.max(a.length, b.length) && a[line] === b[line]) line++;
  throw new Error(
    `${file} is stale: run \`${command}\` and commit the result. First difference at line ${line + 1}:\n` +
      `  committed: ${a[line] ?? '(end of file)'}\n  generated: ${b[line] ?? '(end of file)'}`,
  );
}
