/**
 * The app: one security stack per configured environment (plus the stacks they rely on),
 * from the checked-in config, into `cdktf.out` (or CDKTF_OUTDIR, which `cdktf synth` sets).
 * A bad config or construct prop, or a stack short of a control the compliance catalogue
 * counts as satisfied (src/compliance), stops synth with each problem printed once, removes
 * the previous stacks, and exits 1. On success it also copies the HCL module to
 * modules/security/ (committed, for callers that take it from git).
 */
import { ConfigError, configWarnings, loadConfig, ProjectConfig } from './src/config';
import type { ProjectPlan } from './src/config/plan';
import { buildApp } from './src/app';
import { checkSynthesized, ComplianceError } from './src/compliance/check';
import { ConstructPropsError } from './src/security/validation';
import { publishModule } from './src/stacks/module-artifact';
import { synthesize } from './src/synth';

try {
  // Loaded inside synthesize, so that a bad config also removes the previous stacks.
  let config: ProjectConfig | undefined;
  let plan: ProjectPlan | undefined;
  const outdir = process.env.CDKTF_OUTDIR || 'cdktf.out';
  synthesize(
    outdir,
    (app) => {
      config = loadConfig();
      plan = buildApp(app, config).plan;
    },
    (dir) => checkSynthesized(plan as ProjectPlan, dir),
  );
  // The committed copy for HCL callers (modules/security/main.tf.json), relative to the
  // working directory as the output folder is; only after a successful synth.
  publishModule(outdir);
  // Valid, but worth a look before deploying (e.g. an opt-in region): printed once each, synth still succeeds.
  for (const warning of config ? configWarnings(config) : []) console.error(`Warning: ${warning}`);
} catch (e) {
  if (!(e instanceof ConfigError || e instanceof ConstructPropsError || e instanceof ComplianceError)) throw e;
  console.error(e.message);
  process.exitCode = 1;
}
