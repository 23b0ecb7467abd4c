/**
 * The app: one security stack per environment (plus the stacks they rely on), from the
 * checked-in config. A config error stops synth with every problem listed.
 */
import { App } from 'cdktf';
import { ConfigError, loadConfig } from './src/config';
import { buildApp } from './src/app';

try {
  const app = new App({ stackTraces: false });
  buildApp(app, loadConfig());
  app.synth();
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  console.error(e.message);
  process.exitCode = 1;
}
