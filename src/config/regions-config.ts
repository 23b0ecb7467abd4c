/**
 * `environments.<env>.regions`: the regions an environment's baseline covers (GuardDuty,
 * Security Hub, AWS Config in each). A list of region names that includes `awsRegion`, or the
 * preset `"default-enabled"`. Kept apart from index.ts so that the rule reads on its own;
 * `validateConfig` calls `regionsProblems` for every environment.
 */
import type { ReportProblem } from './monitoring';
import { Partition, regionInfo, regionsOf } from './regions';

/** Named region sets: each stands for the regions listed. */
export const REGION_PRESETS = {
  /** The 17 regions AWS enables in every commercial account (no opt-in needed). */
  'default-enabled': regionsOf('aws')
    .filter((r) => !r.optIn)
    .map((r) => r.name),
} as const satisfies Record<string, readonly string[]>;

export type RegionPreset = keyof typeof REGION_PRESETS;

/** What the config may say: a list of region names or a preset's name. */
export type RegionsSetting = readonly string[] | RegionPreset;

/**
 * The regions an environment covers, home region first then in the order configured (a preset:
 * its order). Default: the home region only.
 */
export function coveredRegions(env: { readonly awsRegion: string; readonly regions?: RegionsSetting }): string[] {
  const listed = env.regions === undefined ? [] : typeof env.regions === 'string' ? REGION_PRESETS[env.regions] : env.regions;
  return [env.awsRegion, ...listed.filter((r) => r !== env.awsRegion)];
}

/** Report every problem of `environments.<env>.regions` (`at` is `environments.<env>`). */
export function regionsProblems(at: string, env: Record<string, unknown>, bad: ReportProblem): void {
  const value = env.regions;
  if (value === undefined) return;
  const field = `${at}.regions`;
  const home = typeof env.awsRegion === 'string' ? regionInfo(env.awsRegion) : undefined;
  if (typeof value === 'string') {
    if (!(value in REGION_PRESETS)) {
      return bad(
        field,
        value,
        `be a list of region names or one of the presets ${Object.keys(REGION_PRESETS)
          .map((p) => `"${p}"`)
          .join(', ')}`,
      );
    }
    const preset = REGION_PRESETS[value as RegionPreset];
    if (home && !preset.includes(home.name)) {
      bad(
        field,
        value,
        `include awsRegion (${home.name}), but the preset "${value}" is ${preset.join(', ')}`,
        `List the regions instead: [${[home.name, ...preset].map((r) => `"${r}"`).join(', ')}].`,
      );
    }
    return;
  }
  if (!Array.isArray(value) || value.length === 0) {
    return bad(field, value, `be a non-empty list of region names that includes awsRegion, or "default-enabled"`);
  }
  const partition: Partition | undefined = home?.partition;
  const seen = new Set<string>();
  value.forEach((name, i) => {
    const f = `${field}[${i}]`;
    const info = typeof name === 'string' ? regionInfo(name) : undefined;
    if (!info) return bad(f, name, 'be an AWS region name that exists, such as eu-west-1 (the list is in src/config/regions.ts)');
    if (seen.has(name)) return bad(f, name, 'not repeat a region already in the list', 'Remove the repeat.');
    seen.add(name);
    if (partition && info.partition !== partition) {
      bad(
        f,
        name,
        `be a region of the partition of awsRegion (${home!.name} is in ${partition}, ${name} in ${info.partition})`,
        `One account lives in one partition: cover ${regionsOf(partition)
          .map((r) => r.name)
          .join(', ')} only.`,
      );
    }
  });
  if (home && !value.includes(home.name)) {
    bad(
      field,
      value,
      `include awsRegion (${home.name}), the home region that holds the alerts, the trail and the finding aggregator`,
      `Add "${home.name}" to the list.`,
    );
  }
}

/**
 * Regions of `covered` that an account must enable before deploying (opt-in regions), for
 * messages and the README's "adding an opt-in region".
 */
export function optInRegions(covered: readonly string[]): string[] {
  return covered.filter((r) => regionInfo(r)?.optIn === true);
}
