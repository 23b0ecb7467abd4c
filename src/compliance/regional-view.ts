/**
 * The catalogue reads an environment's security stacks as one stack: the home stack plus each
 * regional stack's resources as the home stack held them before the regional stacks (name
 * `<name>_<region>`, references renamed alike, through an aliased provider on the region). The
 * checks of every covered region (GuardDuty plans, Config, EBS encryption, Access Analyzer) then
 * see every region, as they did when one stack held them all.
 */
import type { Block, StackJson } from './stack-json';

/** A regional stack (`security-<env>-<region>`) as synthesized. */
export interface RegionalStackJson {
  readonly region: string;
  readonly tf: StackJson;
}

/** `tf`'s resources renamed `<name><suffix>`, with every `${<type>.<name>` reference to them renamed too. */
function renamed(tf: StackJson, suffix: string, provider: string): Record<string, Record<string, Block>> {
  const addresses = Object.entries(tf.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`));
  let text = JSON.stringify(tf.resource ?? {});
  for (const a of addresses) text = text.split(`\${${a}.`).join(`\${${a}${suffix}.`).split(`\${${a}}`).join(`\${${a}${suffix}}`);
  const resources = JSON.parse(text) as Record<string, Record<string, Block>>;
  return Object.fromEntries(
    Object.entries(resources).map(([type, byName]) => [
      type,
      Object.fromEntries(Object.entries(byName).map(([name, block]) => [`${name}${suffix}`, { ...block, provider }])),
    ]),
  );
}

/** `home` with the resources and providers of `regional` merged in (none: `home` itself). */
export function withRegionalStacks(home: StackJson, regional: readonly RegionalStackJson[]): StackJson {
  if (regional.length === 0) return home;
  const resource: Record<string, Record<string, Block>> = { ...(home.resource ?? {}) };
  const providers = [...(home.provider?.aws ?? [])];
  for (const { region, tf } of regional) {
    const alias = region.replace(/-/g, '_');
    providers.push({ alias, region });
    for (const [type, byName] of Object.entries(renamed(tf, `_${alias}`, `aws.${alias}`))) {
      resource[type] = { ...(resource[type] ?? {}), ...byName };
    }
  }
  return { ...home, resource, provider: { ...home.provider, aws: providers } };
}
