/**
 * synthesize(): the output folder holds exactly the stacks of the last successful synth, or
 * none after a failed one; Terraform's working files survive; under the cdktf CLI, stack
 * folders no longer synthesized are left for the CLI, which deletes them itself.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { synthesize } from '../src/synth';

const CLI_ENV = 'CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS';
let dir: string;
let outdir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'govtech-synth-'));
  outdir = path.join(dir, 'out');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  delete process.env[CLI_ENV];
});

/** An app of empty stacks named `names`. */
const stacksNamed =
  (...names: string[]) =>
  (app: App) => {
    for (const name of names) new TerraformOutput(new TerraformStack(app, name), 'name', { value: name });
  };
const listing = (at = path.join(outdir, 'stacks')): Record<string, string[]> =>
  Object.fromEntries(
    readdirSync(at)
      .sort()
      .map((s) => [s, readdirSync(path.join(at, s)).sort()]),
  );

function previousOutput(): void {
  synthesize(outdir, stacksNamed('a', 'b'));
  writeFileSync(path.join(outdir, 'stacks', 'a', 'added.tf'), '');
  mkdirSync(path.join(outdir, 'stacks', 'a', '.terraform'));
  writeFileSync(path.join(outdir, 'stacks', 'b', '.terraform.lock.hcl'), '');
}

test('a new synth replaces the stacks: added files and stacks no longer built are removed, working files kept', () => {
  previousOutput();
  synthesize(outdir, stacksNamed('a', 'c'));
  expect(listing()).toEqual({ a: ['.terraform', 'cdk.tf.json'], c: ['cdk.tf.json'] });
  expect(readdirSync(dir)).toEqual(['out']);
});

test('under the cdktf CLI, stacks no longer built are left for the CLI to delete', () => {
  previousOutput();
  process.env[CLI_ENV] = 'true';
  synthesize(outdir, stacksNamed('a', 'c'));
  expect(Object.keys(listing())).toEqual(['a', 'b', 'c']);
  expect(listing().a).toEqual(['.terraform', 'cdk.tf.json']);
});

test('a failed synth rethrows and leaves no stack, only working files', () => {
  previousOutput();
  const boom = new Error('bad prop');
  expect(() =>
    synthesize(outdir, (app) => {
      stacksNamed('a')(app);
      throw boom;
    }),
  ).toThrow(boom);
  expect(listing()).toEqual({ a: ['.terraform'], b: ['.terraform.lock.hcl'] });
  expect(existsSync(path.join(outdir, 'manifest.json'))).toBe(false);
  expect(readdirSync(dir)).toEqual(['out']);
});

test('the check (compliance at synth) reads the synthesized stacks before they are swapped in; when it throws, none are left', () => {
  previousOutput();
  let seen: string[] = [];
  expect(() =>
    synthesize(outdir, stacksNamed('a', 'c'), (synthesized) => {
      seen = readdirSync(path.join(synthesized, 'stacks')).sort();
      throw new Error('security-prod: EC2.7 not satisfied');
    }),
  ).toThrow('security-prod: EC2.7 not satisfied');
  expect(seen).toEqual(['a', 'c']);
  expect(listing()).toEqual({ a: ['.terraform'], b: ['.terraform.lock.hcl'] });
});
