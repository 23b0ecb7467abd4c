/** Config tests: the checked-in config with one change, and the problems validateConfig reports. */
import { ConfigError, DEFAULT_CONFIG_PATH, loadConfig, LogsBucketSource, validateConfig } from '../../src/config';

// The config as plain data, to break one field at a time.
// `any`: a config being edited is plain JSON.
export type Json = Record<string, any>;

export const CHECKED_IN = loadConfig(DEFAULT_CONFIG_PATH);

/** A copy of the checked-in config with `change` applied. */
export function configWith(change: (cfg: Json) => void): Json {
  const cfg = JSON.parse(JSON.stringify(CHECKED_IN));
  change(cfg);
  return cfg;
}

/** How often `part` occurs in `text`. */
export function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

/** The problems validateConfig reports (none: it accepted the config); each is in the message, once. */
export function problemsOf(raw: unknown): readonly string[] {
  try {
    validateConfig(raw, 'test.json');
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    expect(e.message).toContain('Invalid configuration in test.json');
    for (const p of e.problems) expect(occurrences(e.message, p)).toBe(1);
    return e.problems;
  }
}

/** The bucket name of a logs bucket source that is a plain name, as the checked-in config's are. */
export function plainBucketName(source: LogsBucketSource): string {
  if (typeof source !== 'string') throw new Error(`expected a plain logs bucket name, got ${JSON.stringify(source)}`);
  return source;
}
