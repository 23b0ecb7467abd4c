/**
 * EventBridge event patterns evaluated, not compared: `matches(pattern, event)` decides as
 * EventBridge does for the subset of the pattern syntax this project writes (EventBridge user
 * guide, "Creating event patterns" and "Content filtering"):
 * - a pattern is a tree of objects whose leaves are arrays of allowed values; every leaf must hold;
 * - a leaf holds when some value at its path equals one of its values (strings and numbers
 *   exactly, null) or passes one of its filters: `prefix`, `numeric` (comparisons, in pairs,
 *   all must hold), `exists`, `anything-but` (a value or a list);
 * - arrays in the event are flattened: a path through an array reaches every element's value,
 *   and each leaf is checked on its own (one event field of a list may satisfy one leaf, another
 *   element the next one; Security Hub sends one finding per event, so this does not matter there).
 * A pattern using anything else (suffix, wildcard, cidr, $or, equals-ignore-case, ...) throws,
 * so that no test passes on syntax this matcher does not know.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const FILTERS = ['prefix', 'numeric', 'exists', 'anything-but'];
const COMPARISONS: Record<string, (a: number, b: number) => boolean> = {
  '=': (a, b) => a === b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function flatten(v: Json): Json[] {
  return Array.isArray(v) ? v.flatMap(flatten) : [v];
}

/** Every value reached by `key` from `nodes`, arrays flattened (an array field gives its elements). */
function step(nodes: readonly Json[], key: string): Json[] {
  const out: Json[] = [];
  for (const node of nodes) {
    if (Array.isArray(node)) out.push(...step(node, key));
    else if (isObject(node) && key in node) {
      out.push(...flatten(node[key]));
    }
  }
  return out;
}

function numericHolds(spec: unknown[], value: Json, where: string): boolean {
  if (spec.length === 0 || spec.length % 2 !== 0)
    throw new Error(`${where}: numeric takes operator/number pairs, got ${JSON.stringify(spec)}`);
  if (typeof value !== 'number') return false;
  for (let i = 0; i < spec.length; i += 2) {
    const op = String(spec[i]);
    const compare = COMPARISONS[op];
    if (compare === undefined || typeof spec[i + 1] !== 'number')
      throw new Error(`${where}: numeric ${JSON.stringify(spec)} is not supported`);
    if (!compare(value, spec[i + 1] as number)) return false;
  }
  return true;
}

/** Whether `values` (those at the leaf's path; none when the field is absent) satisfy the leaf `allowed`. */
function leafHolds(allowed: unknown[], values: readonly Json[], where: string): boolean {
  return allowed.some((a) => {
    if (!isObject(a)) return values.some((v) => v === a);
    const keys = Object.keys(a);
    if (keys.length !== 1 || !FILTERS.includes(keys[0])) throw new Error(`${where}: filter ${JSON.stringify(a)} is not supported`);
    const [filter] = keys;
    const arg = a[filter];
    if (filter === 'exists') return arg === values.length > 0;
    if (filter === 'prefix') {
      if (typeof arg !== 'string') throw new Error(`${where}: prefix takes a string, got ${JSON.stringify(arg)}`);
      return values.some((v) => typeof v === 'string' && v.startsWith(arg));
    }
    if (filter === 'numeric') {
      if (!Array.isArray(arg)) throw new Error(`${where}: numeric takes an array, got ${JSON.stringify(arg)}`);
      return values.some((v) => numericHolds(arg, v, where));
    }
    const excluded = Array.isArray(arg) ? arg : [arg];
    if (excluded.some(isObject)) throw new Error(`${where}: anything-but with a filter is not supported`);
    return values.some((v) => !excluded.includes(v));
  });
}

function holds(pattern: Record<string, unknown>, nodes: readonly Json[], path: string): boolean {
  return Object.entries(pattern).every(([key, sub]) => {
    const where = path ? `${path}.${key}` : key;
    if (key.startsWith('$')) throw new Error(`${where}: ${key} is not supported`);
    const next = step(nodes, key);
    if (Array.isArray(sub)) return leafHolds(sub, next, where);
    if (!isObject(sub)) throw new Error(`${where}: a pattern field must be an array or an object, got ${JSON.stringify(sub)}`);
    return holds(sub, next, where);
  });
}

/** Whether EventBridge would deliver `event` to a rule with `pattern`. */
export function matches(pattern: unknown, event: Json): boolean {
  if (!isObject(pattern)) throw new Error(`an event pattern is a JSON object, got ${JSON.stringify(pattern)}`);
  return holds(pattern, [event], '');
}

export type { Json as EventJson };
