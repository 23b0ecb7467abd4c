/**
 * The app: one security stack per configured environment (plus the stacks they rely on),
 * from the checked-in config, into `cdktf.out` (or CDKTF_OUTDIR, which `cdktf synth` sets).
 * A bad config or construct prop stops synth with each problem printed once, removes the
 * previous stacks, and exits 1.
 */
import { ConfigError, loadConfig } from './src/config';
import { buildApp } from './src/app';
import { ConstructPropsError } from './src/security/validation';
import { synthesize } from './src/synth';

try {
  synthesize(process.env.CDKTF_OUTDIR || 'cdktf.out', (app) => buildApp(app, loadConfig()));
} catch (e) {
  if (!(e instanceof ConfigError || e instanceof ConstructPropsError)) throw e;
  console.error(e.message);
  process.exitCode = 1;
}
