/**
 * Reading a synthesized stack's Terraform JSON: the types and helpers the catalogue's checks
 * (controls-*.ts) are written with.
 */

/** A resource block of a synthesized stack. */
export type Block = Record<string, unknown>;

/** A synthesized stack's Terraform JSON (cdk.tf.json), the parts the checks read. */
export interface StackJson {
  readonly resource?: Record<string, Record<string, Block>>;
  readonly output?: Record<string, { value?: unknown }>;
  /** The providers (`aws`: the default one and the aliased ones of other regions) and variables, to tell a resource's region. */
  readonly provider?: { readonly aws?: readonly { readonly alias?: string; readonly region?: unknown }[] };
  readonly variable?: Record<string, { readonly default?: unknown }>;
}

/** Why a check found a stack short of a control: the resource (address) and what is wrong. */
export interface Finding {
  readonly resource: string;
  readonly problem: string;
}

/** The resources of `type`, as `[address, block]`. */
export function resourcesOf(tf: StackJson, type: string): [string, Block][] {
  return Object.entries(tf.resource?.[type] ?? {}).map(([name, block]) => [`${type}.${name}`, block]);
}

/** Terraform JSON nests blocks as lists; the first (or the object itself). */
export function first(value: unknown): Block {
  return ((Array.isArray(value) ? value[0] : value) ?? {}) as Block;
}

/** Whether `value` is (or interpolates) a reference to the resource `address`. */
export function references(value: unknown, address: string): boolean {
  return typeof value === 'string' && new RegExp(`\\$\\{${address.replace(/\./g, '\\.')}[.}]`).test(value);
}

/** One finding when no resource of `type` exists, else the findings of `each` over them. */
export function each(tf: StackJson, type: string, missing: string, problems: (b: Block, address: string) => string[]): Finding[] {
  const all = resourcesOf(tf, type);
  if (all.length === 0) return [{ resource: type, problem: missing }];
  return all.flatMap(([address, b]) => problems(b, address).map((problem) => ({ resource: address, problem })));
}

/** Findings unless at least one resource of `type` passes (an account needs one, e.g. one trail). */
export function some(tf: StackJson, type: string, missing: string, problems: (b: Block, address: string) => string[]): Finding[] {
  const all = each(tf, type, missing, problems);
  const failing = new Set(all.map((f) => f.resource));
  return resourcesOf(tf, type).some(([a]) => !failing.has(a)) ? [] : all;
}

export const isTrue = (b: Block, attr: string) => (b[attr] === true ? [] : [`${attr} is ${JSON.stringify(b[attr])}, not true`]);
export const isSet = (b: Block, attr: string) => (typeof b[attr] === 'string' && b[attr].length > 0 ? [] : [`${attr} is not set`]);

/** The buckets the logs stack's `bucket_id` output names: the trail's bucket. */
function trailBuckets(tf: StackJson): string[] {
  const value = tf.output?.bucket_id?.value;
  return resourcesOf(tf, 'aws_s3_bucket')
    .map(([a]) => a)
    .filter((a) => references(value, a));
}

export function trailBucketFindings(tf: StackJson, problems: (bucket: string) => string[]): Finding[] {
  const buckets = trailBuckets(tf);
  if (buckets.length === 0) return [{ resource: 'output.bucket_id', problem: 'names no aws_s3_bucket of this stack' }];
  return buckets.flatMap((bucket) => problems(bucket).map((problem) => ({ resource: bucket, problem })));
}

export const PUBLIC_ACCESS_SETTINGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];
