/**
 * zod's issues as the config's problem lines: `<field path> = <value>: must <rule>. <fix>`, or
 * `<field path> is missing: must ...` when the field is not set (never `= undefined`).
 */
import { z } from 'zod';
import { KEY_AS_VALUE_MESSAGES } from './schema/common';

type Issue = z.core.$ZodIssue;

/** The parse-level error map: a missing field is required; the schema says what it is for. */
export function missingFieldMessage(iss: z.core.$ZodRawIssue): string | undefined {
  if (iss.code !== 'invalid_type' || iss.input !== undefined) return undefined;
  const description = iss.inst && '~standard' in iss.inst ? z.globalRegistry.get(iss.inst)?.description : undefined;
  return description ? `be set (required). ${description}` : 'be set (required).';
}

/** `environments.prod.alertEmails[1]`; a key with a dot in brackets: `cisMonitoringOff["4.1"]`, `complianceWaivers["IAM.7"]`. */
function pathText(path: readonly PropertyKey[]): string {
  const part = (p: PropertyKey, i: number) => {
    if (typeof p === 'number') return `[${p}]`;
    const key = String(p);
    return key.includes('.') ? `[${JSON.stringify(key)}]` : `${i ? '.' : ''}${key}`;
  };
  return path.map(part).join('') || '(top level)';
}

function line(path: readonly PropertyKey[], iss: Issue, value: unknown, missing: boolean): string {
  const params = iss.code === 'custom' ? iss.params : undefined;
  const field = typeof params?.label === 'string' ? params.label : pathText(path);
  return `${field} ${missing ? 'is missing' : `= ${JSON.stringify(value)}`}: must ${iss.message}`;
}

/** The union member the value was meant for: the one that matched its type and keys, if only one did. */
function intendedBranch(iss: Extract<Issue, { code: 'invalid_union' }>): readonly Issue[] | undefined {
  const candidates = iss.errors.filter((branch) => branch.every((b) => b.path.length > 0));
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** One line per problem, in the order zod found them. */
export function problemLines(issues: readonly Issue[], prefix: readonly PropertyKey[] = []): string[] {
  return issues.flatMap((iss) => {
    const path = [...prefix, ...iss.path];
    if (iss.code === 'invalid_union' && iss.input !== undefined) {
      const branch = intendedBranch(iss);
      if (branch) return problemLines(branch, path);
    }
    if (iss.code === 'unrecognized_keys') {
      const input: Record<string, unknown> = typeof iss.input === 'object' && iss.input !== null ? { ...iss.input } : {};
      return iss.keys.map((key) => line([...path, key], iss, KEY_AS_VALUE_MESSAGES.has(iss.message) ? key : input[key], false));
    }
    // A refinement's issue always carries an input (zod fills in the object); it says missing by its params.
    const missing = iss.code === 'custom' ? iss.params?.missing === true : iss.input === undefined;
    return [line(path, iss, iss.input, missing)];
  });
}
