/**
 * Offline inputs for the `terraform_remote_state` reads of a synthesized stack, whatever reads
 * it has: cdktf cross-stack references (`cross-stack-reference-input-<stack>` reading a
 * `cross-stack-output-*` of another stack of the app) and reads of other configurations'
 * states. Each read is pointed, by the override file, at a local state file holding the
 * outputs the stack uses (the tests' harness: `localRemoteState`), with stand-in values shaped
 * like what the producing output holds (an ARN for an `arn` attribute, a name otherwise), so
 * that the plan validates as it would against the real state.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { localRemoteState } from '../__tests__/helpers/terraform';

/** A synthesized stack's Terraform JSON, as far as the stand-ins need it. */
export interface StackJson {
  readonly terraform?: { backend?: { s3?: { bucket?: string; key?: string; assume_role?: { role_arn?: string } } } };
  readonly provider?: Record<string, unknown[]>;
  readonly data?: { terraform_remote_state?: Record<string, { config?: { bucket?: string; key?: string } }> };
  readonly output?: Record<string, { value?: unknown }>;
  readonly variable?: Record<string, { default?: unknown }>;
}

type OutputState = { value: unknown; type: unknown };

/** The stacks of a cdktf output folder, by name (manifest.json order). */
export function synthesizedStacks(outdir: string): Map<string, StackJson> {
  const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  return new Map(
    Object.entries(manifest.stacks).map(([name, s]) => [
      name,
      JSON.parse(readFileSync(path.join(outdir, s.synthesizedStackPath), 'utf8')) as StackJson,
    ]),
  );
}

/** A variable's default when it is a string, else `fallback`. */
function stringDefault(variables: StackJson['variable'], name: string, fallback: string): string {
  const value = variables?.[name]?.default;
  return typeof value === 'string' ? value : fallback;
}

/** Where the stand-ins are made: the consumer's account and home region (its variables' defaults). */
interface Place {
  readonly account: string;
  readonly region: string;
}

/** An ARN of the right service and shape for a resource type (`aws_kms_key` -> a key ARN). */
function standInArn(resourceType: string, name: string, { account, region }: Place): string {
  const service = resourceType.replace(/^aws_/, '').split('_')[0] || 'offline';
  const byType: Record<string, string> = {
    aws_kms_key: `arn:aws:kms:${region}:${account}:key/00000000-0000-4000-8000-000000000000`,
    aws_s3_bucket: `arn:aws:s3:::${name}`,
    aws_sns_topic: `arn:aws:sns:${region}:${account}:${name}`,
    aws_iam_role: `arn:aws:iam::${account}:role/${name}`,
  };
  return byType[resourceType] ?? `arn:aws:${service}:${region}:${account}:${name}`;
}

/** A stand-in for one string value: the literal itself, or shaped after the attribute it references. */
function standInString(expression: string, outputName: string, place: Place): string {
  if (!expression.includes('${')) return expression;
  const name = `offline-${outputName.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`.slice(0, 63).replace(/-$/, '');
  // The last resource attribute the expression reads, e.g. `aws_kms_key.govtech.arn`.
  const refs = [...expression.matchAll(/\b(aws_[a-z0-9_]+)\.[A-Za-z0-9_-]+\.([a-z_]+)/g)];
  const [, resourceType = '', attribute = ''] = refs[refs.length - 1] ?? [];
  if (/arn$/.test(attribute) || (attribute === '' && /arn/i.test(outputName))) return standInArn(resourceType, name, place);
  if (attribute === 'id' || /(^|_)ids?$/.test(outputName)) return '0123456789abcdef0123456789abcdef';
  return name;
}

/**
 * The keys of a map an expression builds: an HCL object (`{"us-east-1" = ...}`) or a
 * `zipmap([...], ...)` whose keys are literals or the producer's variables (read at their
 * defaults); `undefined` when the expression builds no map.
 */
export function mapKeys(expression: string, producerVariables: StackJson['variable'] = {}): string[] | undefined {
  if (expression.startsWith('${{')) return [...expression.matchAll(/"([^"]+)"\s*=/g)].map((m) => m[1]);
  const zipped = /^\$\{zipmap\(\[([^\]]*)\]/.exec(expression);
  if (!zipped) return undefined;
  return zipped[1].split(',').map((k) => {
    const key = k.trim();
    const variable = /^var\.([A-Za-z0-9_-]+)$/.exec(key);
    return variable ? stringDefault(producerVariables, variable[1], key) : key.replace(/^"|"$/g, '');
  });
}

/**
 * A stand-in for an output whose producing expression is `value` (`undefined` when the
 * producer is not synthesized here): its literal value, or a value of its type and shape.
 */
export function standInOutput(value: unknown, outputName: string, place: Place, producerVariables?: StackJson['variable']): OutputState {
  if (typeof value === 'number') return { value, type: 'number' };
  if (typeof value === 'boolean') return { value, type: 'bool' };
  if (Array.isArray(value))
    return { value: value.map((v, i) => standInString(String(v), `${outputName}-${i}`, place)), type: ['list', 'string'] };
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([k, v]) => [k, standInString(String(v), `${outputName}-${k}`, place)]);
    return { value: Object.fromEntries(entries), type: ['map', 'string'] };
  }
  const text = typeof value === 'string' ? value : '${unknown}';
  const keys = mapKeys(text, producerVariables);
  if (keys !== undefined) {
    return { value: Object.fromEntries(keys.map((k) => [k, standInString('${unknown}', outputName, place)])), type: ['map', 'string'] };
  }
  return { value: standInString(text, outputName, place), type: 'string' };
}

/** The stack of `stacks` whose S3 state the remote state `config` reads, if it is one of them. */
function producerOf(stacks: Map<string, StackJson>, config: { bucket?: string; key?: string } = {}): StackJson | undefined {
  for (const stack of stacks.values()) {
    const s3 = stack.terraform?.backend?.s3;
    if (s3?.key !== undefined && s3.key === config.key && s3.bucket === config.bucket) return stack;
  }
  return undefined;
}

/**
 * The override's `data` block for every `terraform_remote_state` of `stackName` (none: `{}`),
 * each pointed at a state file written into `stateDir` with stand-ins for the outputs the
 * stack reads.
 */
export function remoteStateOverride(stacks: Map<string, StackJson>, stackName: string, stateDir: string): Record<string, unknown> {
  const stack = stacks.get(stackName);
  if (!stack) throw new Error(`no stack "${stackName}" was synthesized; synthesized: ${[...stacks.keys()].join(', ')}`);
  const reads = stack.data?.terraform_remote_state ?? {};
  if (Object.keys(reads).length === 0) return {};
  const place: Place = {
    account: stringDefault(stack.variable, 'account_id', '111111111111'),
    region: stringDefault(stack.variable, 'aws_region', 'us-east-1'),
  };
  const text = JSON.stringify(stack);
  const remoteState: Record<string, unknown> = {};
  for (const [name, read] of Object.entries(reads)) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const used = new Set(
      [...text.matchAll(new RegExp(`data\\.terraform_remote_state\\.${escaped}\\.outputs\\.([A-Za-z0-9_-]+)`, 'g'))].map((m) => m[1]),
    );
    const producer = producerOf(stacks, read.config);
    const outputs = Object.fromEntries(
      [...used].map((o) => [o, standInOutput(producer?.output?.[o]?.value, o, place, producer?.variable)]),
    );
    const file = path.join(stateDir, `${stackName}.${name}.tfstate`);
    Object.assign(remoteState, localRemoteState(file, name, outputs).terraform_remote_state);
  }
  return { data: { terraform_remote_state: remoteState } };
}
