/**
 * Building blocks of the config schemas. Why zod (4): one definition gives the parser, the
 * TypeScript types (`z.infer`) and the JSON Schema editors use (`z.toJSONSchema`), so the
 * field list, the types and the editor's checks cannot drift apart.
 *
 * Every issue message is the text that follows "must" in a problem line:
 * `<rule>.` or `<rule>. <fix>` (see `must`); issues.ts adds the field path and the value.
 */
import { z } from 'zod';
import { AWS_REGION_NAMES } from '../regions';
import { AWS_REGION_RULES, brokenRules, ValueRule } from '../rules';

/** The parsed config as its users see it: nothing in it is to be changed (types only; zod's output is plain data). */
export type Immutable<T> = T extends readonly (infer U)[]
  ? readonly Immutable<U>[]
  : T extends object
    ? { readonly [K in keyof T]: Immutable<T[K]> }
    : T;

/** The text after "must": the rule, then how to fix it. */
export function must(rule: string, fix?: string): string {
  return `${rule}.${fix ? ' ' + fix : ''}`;
}

/** An error map that leaves a missing value to the parse-level map (which says "is missing"). */
const unlessMissing =
  (message: string) =>
  (iss: { input?: unknown }): string | undefined =>
    iss.input === undefined ? undefined : message;

/** Unknown-key messages whose problem shows the key itself as the value (e.g. an environment name). */
export const KEY_AS_VALUE_MESSAGES = new Set<string>();

export interface UnknownKeyRule {
  readonly rule: string;
  readonly fix?: string;
  /** Show the key as the value (the key is the mistake, its value may be a whole section). */
  readonly keyAsValue?: boolean;
  /** The rule when the value is no object at all. @default "be an object with <the known fields>" */
  readonly notObject?: string;
}

/**
 * An object that refuses keys it does not know (a typo would otherwise be ignored); by default
 * naming the known fields and asking to check the spelling.
 */
export function strict<S extends z.core.$ZodLooseShape>(shape: S, unknownKey?: UnknownKeyRule) {
  const known = Object.keys(shape).filter((k) => k !== '$schema' && !z.globalRegistry.get(shape[k])?.deprecated);
  const onUnknown = unknownKey
    ? must(unknownKey.rule, unknownKey.fix)
    : must(`be one of the known fields (${known.join(', ')})`, 'Check the spelling.');
  if (unknownKey?.keyAsValue) KEY_AS_VALUE_MESSAGES.add(onUnknown);
  const notObject = must(unknownKey?.notObject ?? `be an object with ${known.join(', ')}`);
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? onUnknown : unlessMissing(notObject)(iss)),
  });
}

/** Field documentation for the JSON Schema (and the README table): one line, and the default if there is one. */
export function doc<T extends z.ZodType>(schema: T, description: string, defaultValue?: unknown): T {
  return schema.meta(defaultValue === undefined ? { description } : { description, default: defaultValue });
}

/**
 * A string that keeps `rules` (e.g. VARIABLE_SPECS, shared with the Terraform `validation`
 * blocks): each broken rule is one problem, followed by `(what)`. A rule the value must match
 * becomes a JSON Schema `pattern`, so that editors flag it too.
 */
export function ruledString(rules: readonly ValueRule[], what: string) {
  let s = z.string({ error: unlessMissing(must(`be a string (${what})`)) });
  for (const r of rules) {
    const message = must(r.rule, `(${what})`);
    s =
      (r.mustMatch ?? true)
        ? s.regex(new RegExp(r.pattern), { error: message })
        : s.refine((v) => brokenRules({ rules: [r] }, v).length === 0, { error: message });
  }
  return s;
}

/** A region name AWS has; the JSON Schema lists them, so that editors complete them. */
export function awsRegionName(what: string, description: string) {
  return doc(ruledString(AWS_REGION_RULES, what), description).meta({ enum: [...AWS_REGION_NAMES] });
}

/** A string matching `pattern`, or the one message `rule`. */
export function patterned(pattern: RegExp, rule: string) {
  return z.string({ error: unlessMissing(must(rule)) }).regex(pattern, { error: must(rule) });
}

/** A whole number from `min` to `max`, with one message whatever is wrong. */
export function wholeNumber(min: number, max: number, why = '') {
  const message = must(`be a whole number from ${min} to ${max}${why}`);
  return z
    .int({ error: unlessMissing(message) })
    .min(min, { error: message })
    .max(max, { error: message });
}

export function bool() {
  return z.boolean({ error: unlessMissing(must('be true or false')) });
}

/** A reason: a sentence of at least 10 characters. */
export function reason(rule = 'be the reason, a sentence of at least 10 characters') {
  // Checked on the trimmed text, so that blanks do not count; the value itself is kept as written.
  return z
    .string({ error: unlessMissing(must(rule)) })
    .min(10, { error: must(rule), abort: true })
    .refine((v) => v.trim().length >= 10, { error: must(rule) });
}

/** `arn:<partition>:iam::<account>:root|role/..|user/..`; group 1 is the account. The one IAM ARN pattern of the config. */
export const IAM_PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::([0-9]{12}):(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)$/;
export const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::([0-9]{12}):role\/[\w+=,.@/-]+$/;

/** The account of an IAM ARN, or undefined when it is none. */
export function arnAccount(arn: string): string | undefined {
  return IAM_PRINCIPAL_ARN.exec(arn)?.[1];
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** A list of email addresses, none repeated (case-insensitively). */
export function emailList() {
  return z
    .array(patterned(EMAIL, 'be an email address such as secops@example.gov'), {
      error: unlessMissing(must('be a list of email addresses')),
    })
    .superRefine((list, ctx) =>
      noRepeats(
        list,
        ctx,
        must('not repeat an address already in the list'),
        (v) => EMAIL.test(v),
        (v) => v.toLowerCase(),
      ),
    );
}

/**
 * A list that repeats no item: each repeat is a problem at its position. `valid` says which items
 * the check considers (the others have their own problem); `key` what counts as the same item.
 */
export function noRepeats(
  list: readonly string[],
  ctx: z.RefinementCtx,
  rule: string,
  valid: (v: string) => boolean = () => true,
  key: (v: string) => string = (v) => v,
): void {
  const seen = new Set<string>();
  list.forEach((v, i) => {
    if (!valid(v)) return;
    if (seen.has(key(v))) ctx.addIssue({ code: 'custom', path: [i], input: v, message: rule });
    seen.add(key(v));
  });
}

/** An issue of a cross-field rule: where, the value, the text after "must". */
export interface RuleIssue {
  readonly path: (string | number)[];
  readonly input: unknown;
  readonly message: string;
  /** `missing`: the field is not set; `label`: the fields the rule concerns, when it is more than one. */
  readonly params?: { readonly missing?: boolean; readonly label?: string };
}
