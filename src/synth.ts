/**
 * Synthesis that never leaves a stack a user could mistake for current.
 *
 * The app is synthesized into a fresh folder next to the output folder and swapped in only
 * when it succeeded: stack folders then hold exactly what synth wrote (files a user added are
 * gone, stacks no longer in the config are removed). When synth fails, the previous stacks
 * are removed too, so a later `terraform plan` cannot run an outdated stack.
 *
 * Terraform's own working files in a stack folder (`.terraform/`, the provider lock file, a
 * local state file) are kept either way: they are not part of the stack, and losing them
 * would mean a new `terraform init` (or, for state, losing track of resources).
 *
 * `cdktf synth` runs this too (its app command is `node dist/main.js` with CDKTF_OUTDIR set).
 * After a successful run the CLI itself deletes the stack folders that are no longer
 * synthesized, and fails if one is already gone; under the CLI those are left to it.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { SECURITY_MODULE_DIR } from './stacks/module-artifact';

/** Entries of a stack folder that belong to Terraform's working directory, not to the stack. */
const TERRAFORM_WORKING_FILES: readonly RegExp[] = [/^\.terraform$/, /^\.terraform\.lock\.hcl$/, /^terraform\.tfstate(\.backup)?$/];

const isWorkingFile = (name: string) => TERRAFORM_WORKING_FILES.some((p) => p.test(name));

/** The cdktf CLI sets this for the app it runs (synth, diff, deploy). */
function runByCdktfCli(): boolean {
  return process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined;
}

function stackFolders(outdir: string): string[] {
  const stacks = path.join(outdir, 'stacks');
  if (!existsSync(stacks)) return [];
  return readdirSync(stacks, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
}

/** Folders synth writes beside `stacks/` (the HCL module): replaced whole, removed after a failed synth. */
const ARTIFACT_FOLDERS = [SECURITY_MODULE_DIR.split(path.sep)[0]];
/** Reports made from a previous output (`npm run compliance`): stale after any synth. */
const DERIVED_FILES = ['compliance.json', 'compliance.sarif'] as const;

function removeDerivedFiles(outdir: string): void {
  for (const file of DERIVED_FILES) rmSync(path.join(outdir, file), { force: true });
}

/** Remove everything synth wrote or a user added in `outdir`, keeping Terraform's working files. */
function removeStacks(outdir: string): void {
  rmSync(path.join(outdir, 'manifest.json'), { force: true });
  for (const folder of ARTIFACT_FOLDERS) rmSync(path.join(outdir, folder), { recursive: true, force: true });
  removeDerivedFiles(outdir);
  for (const stack of stackFolders(outdir)) {
    const dir = path.join(outdir, 'stacks', stack);
    for (const entry of readdirSync(dir)) if (!isWorkingFile(entry)) rmSync(path.join(dir, entry), { recursive: true, force: true });
    if (readdirSync(dir).length === 0) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Build the app with `build` and synthesize it into `outdir`, replacing what was there; on
 * any error, remove the previous stacks and rethrow. `check` reads the synthesized output
 * (a folder with the same layout) before it is swapped in, and throws to refuse it.
 */
export function synthesize(outdir: string, build: (app: App) => void, check?: (synthesized: string) => void): void {
  const target = path.resolve(outdir);
  const parent = path.dirname(target);
  mkdirSync(parent, { recursive: true });
  // A sibling folder: on the same file system, so the swap is a rename.
  const staging = mkdtempSync(path.join(parent, `.${path.basename(target)}.synth-`));
  try {
    const app = new App({ outdir: staging, stackTraces: false });
    build(app);
    app.synth();
    check?.(staging);
    swapIn(staging, target);
  } catch (e) {
    removeStacks(target);
    throw e;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Move the synthesized stacks of `staging` into `target`, with the working files of the stacks that remain, and the HCL module. */
function swapIn(staging: string, target: string): void {
  mkdirSync(target, { recursive: true });
  const fresh = new Set(stackFolders(staging));
  for (const stack of fresh) {
    const old = path.join(target, 'stacks', stack);
    if (!existsSync(old)) continue;
    for (const entry of readdirSync(old).filter(isWorkingFile))
      renameSync(path.join(old, entry), path.join(staging, 'stacks', stack, entry));
  }
  const oldStacks = path.join(target, 'stacks');
  const retired = path.join(staging, 'retired-stacks');
  if (existsSync(oldStacks)) renameSync(oldStacks, retired);
  renameSync(path.join(staging, 'stacks'), oldStacks);
  renameSync(path.join(staging, 'manifest.json'), path.join(target, 'manifest.json'));
  removeDerivedFiles(target);
  for (const folder of ARTIFACT_FOLDERS) {
    rmSync(path.join(target, folder), { recursive: true, force: true });
    if (existsSync(path.join(staging, folder))) renameSync(path.join(staging, folder), path.join(target, folder));
  }
  if (runByCdktfCli() && existsSync(retired)) {
    // The CLI deletes these itself once it has read the manifest.
    for (const stack of readdirSync(retired)) {
      if (!fresh.has(stack)) renameSync(path.join(retired, stack), path.join(oldStacks, stack));
    }
  }
}
