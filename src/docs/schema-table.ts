/**
 * The README's config table, rendered from a JSON Schema (draft 2020-12, as zod 4's
 * `toJSONSchema` writes it, or draft 7 with `definitions`): one row per field, by its path
 * with dots (`environments.<env>.logsBucket`), with its type, whether it is required or its
 * default, and its description.
 *
 * What the walk understands: `properties` (with `required`), `additionalProperties` and
 * `propertyNames` (maps: the key becomes a placeholder segment), `items`, `anyOf`/`oneOf`
 * (each object alternative's fields are listed under the same path), `$ref` into `$defs` or
 * `definitions`, `enum`, `const`, `pattern`, `minimum`/`maximum`, `default`, `description`,
 * `deprecated`, `not: {}`.
 * Sibling properties with the same schema (e.g. `dev`, `staging`, `prod`, each
 * `{ "$ref": "#/$defs/Environment" }`) become one placeholder row, so each field is listed once.
 */
import { code, markdownTable } from './generated-blocks';

/** The part of JSON Schema the table reads. */

/** Enums longer than this are summarized in the table. */
const LONG_ENUM = 8;
export interface JsonSchema {
  readonly $ref?: string;
  readonly $defs?: Readonly<Record<string, JsonSchema>>;
  readonly definitions?: Readonly<Record<string, JsonSchema>>;
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly default?: unknown;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly propertyNames?: JsonSchema;
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  /** `{}`: no value is accepted (a field kept only to explain its removal). */
  readonly not?: JsonSchema;
  readonly deprecated?: boolean;
}

export interface ConfigRow {
  readonly field: string;
  readonly type: string;
  /** `required`, `default <value>` or `optional`. */
  readonly presence: string;
  readonly description: string;
}

export interface SchemaTableOptions {
  /**
   * The path segment standing for a set of keys: the keys of sibling properties that share
   * a schema, or a map's allowed keys (`propertyNames.enum`; `undefined` for any key).
   * @default `<key1|key2|...>`, or `<key>` for any key
   */
  readonly placeholder?: (keys: readonly string[] | undefined) => string;
}

const defaultPlaceholder = (keys: readonly string[] | undefined) => (keys ? `<${keys.join('|')}>` : '<key>');

/** The schema `node` stands for, following `$ref`s into the root's `$defs` / `definitions`. */
function resolve(root: JsonSchema, node: JsonSchema): JsonSchema {
  if (node.$ref === undefined) return node;
  const m = /^#\/(\$defs|definitions)\/(.+)$/.exec(node.$ref);
  const target = m ? (m[1] === '$defs' ? root.$defs : root.definitions)?.[decodeURIComponent(m[2])] : undefined;
  if (target === undefined)
    throw new Error(`JSON Schema: cannot resolve "$ref": "${node.$ref}" (only #/$defs/<name> and #/definitions/<name>)`);
  // The referring node's own keywords (description, default) win over the definition's.
  return { ...resolve(root, target), ...node, $ref: undefined };
}

const alternatives = (s: JsonSchema): readonly JsonSchema[] => [...(s.anyOf ?? []), ...(s.oneOf ?? [])];
const json = (v: unknown) => JSON.stringify(v);

/** Longer patterns (e.g. every region name) would fill the table: the schema has them. */
const MAX_PATTERN = 48;

function bounds(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return min === max ? ` ${min}` : ` ${min}-${max}`;
  return min !== undefined ? ` >= ${min}` : max !== undefined ? ` <= ${max}` : '';
}

/**
 * The type in words: `string matching ^[0-9]{12}$`, `"DAILY" or "WEEKLY"`, `map of string`,
 * `string[] or "default-enabled"`, `string or { fromLogsStack } or { remoteState }`; `never`
 * for a field that is refused (`"not": {}`).
 */
function typeOf(root: JsonSchema, node: JsonSchema, inUnion = false): string {
  const s = resolve(root, node);
  if (s.not !== undefined && json(s.not) === '{}') return 'never';
  if (s.const !== undefined) return json(s.const);
  // A long list (the AWS region names) would fill the column: its length says enough, the schema has the values.
  if (s.enum && s.enum.length > LONG_ENUM) return `one of ${s.enum.length} values (e.g. ${json(s.enum[0])}; see the JSON Schema)`;
  if (s.enum) return s.enum.map(json).join(' or ');
  const alts = alternatives(s);
  if (alts.length) return alts.map((a) => typeOf(root, a, true)).join(' or ');
  const type = typeof s.type === 'string' ? s.type : (s.type ?? ['any']).join(' or ');
  if (type === 'array') {
    const item = s.items ? typeOf(root, s.items) : 'any';
    return /^\w+$/.test(item) ? `${item}[]` : `list of ${item}`;
  }
  if (type === 'object' && s.properties) return inUnion ? `{ ${Object.keys(s.properties).join(', ')} }` : 'object';
  if (type === 'object' && typeof s.additionalProperties === 'object') return `map of ${typeOf(root, s.additionalProperties)}`;
  const pattern =
    s.pattern === undefined ? '' : s.pattern.length <= MAX_PATTERN ? ` matching ${s.pattern}` : " matching the schema's pattern";
  return `${type}${bounds(s.minimum, s.maximum)}${pattern}`;
}

/** `key` as a whole word. */
const word = (key: string) => new RegExp(`\\b${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'g');

/** `node` with what `pattern` matches in its descriptions replaced by `by`. */
function described(node: JsonSchema, pattern: RegExp, by: string): JsonSchema {
  const walk = (v: unknown, parent?: string): unknown => {
    if (typeof v === 'string') return parent === 'description' ? v.replace(pattern, by) : v;
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
  };
  // walk keeps the shape of the JSON it is given: a JsonSchema stays one.
  return walk(node) as JsonSchema;
}

/** A stand-in for a sibling's own key while comparing siblings (never in a description). */
const KEY = '\u0000';

/**
 * Sibling properties grouped by schema, in order of first appearance. Descriptions that
 * differ only by naming their own key ("dev's stacks", "prod's stacks") count as the same.
 */
function groups(properties: Readonly<Record<string, JsonSchema>>): string[][] {
  const byShape = new Map<string, string[]>();
  for (const [key, schema] of Object.entries(properties)) {
    const shape = json(described(schema, word(key), KEY));
    byShape.set(shape, [...(byShape.get(shape) ?? []), key]);
  }
  return [...byShape.values()];
}

/** A path segment: a key that is not a plain name (`4.1`) is quoted, so dots only separate. */
const segment = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : json(key));

/**
 * The rows of the fields inside object schema `node` (and its object alternatives), at `path`.
 * A property that differs from a group of its siblings (e.g. `prod`, whose retention has a
 * higher minimum, beside `<env>` for `dev` and `staging`) lists only its fields that differ.
 */
function fieldRows(root: JsonSchema, node: JsonSchema, path: string, options: Required<SchemaTableOptions>): ConfigRow[] {
  const s = resolve(root, node);
  const rows: ConfigRow[] = [];
  const prefix = path === '' ? '' : `${path}.`;
  const properties = s.properties ?? {};
  // The fields of each group, relative to it, as a sibling would show them with its key replaced.
  const grouped: { readonly name: string; readonly rows: ReadonlySet<string> }[] = [];
  const relative = (r: ConfigRow, at: string, description: string) => json([r.field.slice(at.length), r.type, r.presence, description]);
  for (const keys of groups(properties)) {
    const name = keys.length > 1 ? options.placeholder(keys) : segment(keys[0]);
    // One row for the group: its descriptions name the placeholder instead of the first key.
    const child = keys.length > 1 ? described(properties[keys[0]], word(keys[0]), name) : properties[keys[0]];
    const required = keys.every((k) => s.required?.includes(k));
    let fields = fieldRows(root, child, prefix + name, options);
    if (keys.length > 1) grouped.push({ name, rows: new Set(fields.map((r) => relative(r, prefix + name, r.description))) });
    else {
      const alike = (r: ConfigRow) =>
        grouped.some((g) => g.rows.has(relative(r, prefix + name, r.description.replace(word(keys[0]), g.name))));
      fields = fields.filter((r) => !alike(r));
    }
    rows.push(row(root, child, prefix + name, required), ...fields);
  }
  if (typeof s.additionalProperties === 'object' && !s.properties) {
    const field = prefix + options.placeholder(s.propertyNames?.enum?.map(String));
    const value = resolve(root, s.additionalProperties);
    if (value.properties || alternatives(value).length) {
      rows.push(row(root, s.additionalProperties, field, false), ...fieldRows(root, s.additionalProperties, field, options));
    }
  }
  for (const alt of alternatives(s)) rows.push(...fieldRows(root, alt, path, options));
  return rows;
}

function row(root: JsonSchema, node: JsonSchema, field: string, required: boolean): ConfigRow {
  const s = resolve(root, node);
  const presence = s.deprecated
    ? 'retired'
    : required
      ? 'required'
      : s.default !== undefined
        ? `default ${code(json(s.default))}`
        : 'optional';
  return { field, type: typeOf(root, node), presence, description: s.description ?? '' };
}

/** One row per field of `schema`, parents before their fields, in schema order. */
export function configRows(schema: JsonSchema, options: SchemaTableOptions = {}): ConfigRow[] {
  return fieldRows(schema, schema, '', { placeholder: options.placeholder ?? defaultPlaceholder });
}

/** The config table as Markdown. */
export function configTableMarkdown(schema: JsonSchema, options: SchemaTableOptions = {}): string {
  return markdownTable(
    ['field', 'type', 'required / default', 'description'],
    configRows(schema, options).map((r) => [code(r.field), code(r.type), r.presence, r.description]),
  );
}
