/**
 * The README's config table, rendered from a JSON Schema (draft 2020-12, as zod 4's
 * `toJSONSchema` writes it, or draft 7 with `definitions`): one row per field, by its path
 * with dots (`environments.<env>.logsBucket`), with its type, whether it is required or its
 * default, and its description.
 *
 * What the walk understands: `properties` (with `required`), `additionalProperties` and
 * `propertyNames` (maps: the key becomes a placeholder segment), `items`, `anyOf`/`oneOf`
 * (each object alternative's fields are listed under the same path), `$ref` into `$defs` or
 * `definitions`, `enum`, `const`, `pattern`, `minimum`/`maximum`, `default`, `description`.
 * Sibling properties with the same schema (e.g. `dev`, `staging`, `prod`, each
 * `{ "$ref": "#/$defs/Environment" }`) become one placeholder row, so each field is listed once.
 */
import { code, markdownTable } from './generated-blocks';

/** The part of JSON Schema the table reads. */
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

/**
 * The type in words: `string matching ^[0-9]{12}$`, `"DAILY" or "WEEKLY"`, `map of string`,
 * `string[] or "default-enabled"`, `string or { fromLogsStack } or { remoteState }`.
 */
export function typeOf(root: JsonSchema, node: JsonSchema): string {
  const s = resolve(root, node);
  if (s.const !== undefined) return json(s.const);
  if (s.enum) return s.enum.map(json).join(' or ');
  const alts = alternatives(s);
  if (alts.length) return alts.map((a) => typeOf(root, a)).join(' or ');
  const type = Array.isArray(s.type) ? s.type.join(' or ') : (s.type ?? 'any');
  if (type === 'array') return s.items ? `${typeOf(root, s.items)}[]` : 'array';
  if (type === 'object' && s.properties) return `{ ${Object.keys(s.properties).join(', ')} }`;
  if (type === 'object' && typeof s.additionalProperties === 'object') return `map of ${typeOf(root, s.additionalProperties)}`;
  const [min, max] = [s.minimum, s.maximum];
  const bounds =
    min !== undefined && max !== undefined ? ` ${min}-${max}` : min !== undefined ? ` >= ${min}` : max !== undefined ? ` <= ${max}` : '';
  return `${type}${bounds}${s.pattern !== undefined ? ` matching ${s.pattern}` : ''}`;
}

/** Sibling properties grouped by schema, in order of first appearance. */
function groups(properties: Readonly<Record<string, JsonSchema>>): string[][] {
  const byShape = new Map<string, string[]>();
  for (const [key, schema] of Object.entries(properties)) {
    const shape = json(schema);
    byShape.set(shape, [...(byShape.get(shape) ?? []), key]);
  }
  return [...byShape.values()];
}

/** The rows of the fields inside object schema `node` (and its object alternatives), at `path`. */
function fieldRows(root: JsonSchema, node: JsonSchema, path: string, options: Required<SchemaTableOptions>): ConfigRow[] {
  const s = resolve(root, node);
  const rows: ConfigRow[] = [];
  const prefix = path === '' ? '' : `${path}.`;
  const properties = s.properties ?? {};
  for (const keys of groups(properties)) {
    const child = properties[keys[0]];
    const field = prefix + (keys.length > 1 ? options.placeholder(keys) : keys[0]);
    rows.push(
      row(
        root,
        child,
        field,
        keys.every((k) => s.required?.includes(k)),
      ),
      ...fieldRows(root, child, field, options),
    );
  }
  if (typeof s.additionalProperties === 'object' && !s.properties) {
    const keys = s.propertyNames?.enum?.map(String);
    const field = prefix + options.placeholder(keys);
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
  const presence = required ? 'required' : s.default !== undefined ? `default ${code(json(s.default))}` : 'optional';
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
