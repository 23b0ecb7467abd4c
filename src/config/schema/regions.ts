/**
 * `environments.<env>.regions`: the regions an environment's baseline covers (GuardDuty,
 * Security Hub, AWS Config in each). A list of region names that includes `awsRegion`, or the
 * preset `"default-enabled"`.
 */
import { z } from 'zod';
import { AWS_REGION_NAMES, regionInfo, regionsOf } from '../regions';
import { doc, must, Immutable } from './common';

/** Named region sets: each stands for the regions listed. */
export const REGION_PRESETS = {
  /** The 17 regions AWS enables in every commercial account (no opt-in needed). */
  'default-enabled': regionsOf('aws')
    .filter((r) => !r.optIn)
    .map((r) => r.name),
} as const satisfies Record<string, readonly string[]>;

export type RegionPreset = keyof typeof REGION_PRESETS;
const PRESET_NAMES = ['default-enabled'] as const satisfies readonly RegionPreset[];

const EXISTS = must('be an AWS region name that exists, such as eu-west-1 (the list is in src/config/regions.ts)');
const NON_EMPTY = must('be a non-empty list of region names that includes awsRegion, or "default-enabled"');

export const regionsSchema = doc(
  z.union(
    [
      z.enum(PRESET_NAMES),
      z
        .array(
          z
            .string({ error: EXISTS })
            .regex(new RegExp(`^(${AWS_REGION_NAMES.join('|')})$`), { error: EXISTS })
            .meta({ enum: [...AWS_REGION_NAMES] }),
        )
        .min(1, { error: NON_EMPTY }),
    ],
    {
      error: (iss) =>
        iss.input === undefined
          ? undefined
          : typeof iss.input === 'string'
            ? must(`be a list of region names or one of the presets ${PRESET_NAMES.map((p) => `"${p}"`).join(', ')}`)
            : NON_EMPTY,
    },
  ),
  'Regions the baseline covers (GuardDuty, Security Hub, AWS Config, EBS default encryption and IAM Access Analyzer in each): a list including awsRegion, or "default-enabled" (the 17 regions every commercial account has). Default: [awsRegion].',
);

/** What the config may say: a list of region names or a preset's name. */
export type RegionsSetting = Immutable<z.infer<typeof regionsSchema>>;

/**
 * The regions an environment covers, home region first then in the order configured (a preset:
 * its order). Default: the home region only.
 */
export function coveredRegions(env: { readonly awsRegion: string; readonly regions?: RegionsSetting }): string[] {
  const listed = env.regions === undefined ? [] : typeof env.regions === 'string' ? REGION_PRESETS[env.regions] : env.regions;
  return [env.awsRegion, ...listed.filter((r) => r !== env.awsRegion)];
}

/** The rules between `regions` and `awsRegion`: one partition, no repeat, the home region included. */
export function regionsRefinement(env: { readonly awsRegion: string; readonly regions?: RegionsSetting }, ctx: z.RefinementCtx): void {
  const value = env.regions;
  const home = regionInfo(env.awsRegion);
  if (value === undefined || value.length === 0 || !home) return; // An empty list has its own problem.
  if (typeof value === 'string') {
    const preset = REGION_PRESETS[value];
    if (!preset.includes(home.name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['regions'],
        input: value,
        message: must(
          `include awsRegion (${home.name}), but the preset "${value}" is ${preset.join(', ')}`,
          `List the regions instead: [${[home.name, ...preset].map((r) => `"${r}"`).join(', ')}].`,
        ),
      });
    }
    return;
  }
  const seen = new Set<string>();
  value.forEach((name, i) => {
    const info = regionInfo(name);
    if (!info) return; // Its own problem.
    const add = (message: string) => ctx.addIssue({ code: 'custom', path: ['regions', i], input: name, message });
    if (seen.has(name)) return add(must('not repeat a region already in the list', 'Remove the repeat.'));
    seen.add(name);
    if (info.partition !== home.partition) {
      add(
        must(
          `be a region of the partition of awsRegion (${home.name} is in ${home.partition}, ${name} in ${info.partition})`,
          `One account lives in one partition: cover ${regionsOf(home.partition)
            .map((r) => r.name)
            .join(', ')} only.`,
        ),
      );
    }
  });
  if (!value.includes(home.name)) {
    ctx.addIssue({
      code: 'custom',
      path: ['regions'],
      input: value,
      message: must(
        `include awsRegion (${home.name}), the home region that holds the alerts, the trail and the finding aggregator`,
        `Add "${home.name}" to the list.`,
      ),
    });
  }
}

/**
 * Warnings (not errors) about `regions`: an opt-in region is valid, but its provider cannot plan
 * until the region is enabled in the account.
 */
export function optInRegionWarnings(at: string, env: { readonly awsRegion: string; readonly regions?: RegionsSetting }): string[] {
  // A preset holds default-enabled regions only; a list may hold opt-in ones, and so may the home region.
  const listed = env.regions === undefined || typeof env.regions === 'string' ? [] : env.regions.filter((r) => r !== env.awsRegion);
  const where = (r: string) => (r === env.awsRegion ? `${at}.awsRegion is "${r}"` : `${at}.regions lists "${r}"`);
  return [env.awsRegion, ...listed]
    .filter((r) => regionInfo(r)?.optIn === true)
    .map(
      (r) =>
        `${where(r)}, an opt-in region: enable it in the account before deploying ` +
        `(aws account enable-region --region-name ${r}), or its provider cannot plan. Remove it from the list if the account should not use it.`,
    );
}
