/**
 * `npm run docs`: the committed README.md, `help` and modules/security/README.md are what the
 * generator writes from the sources (a stale one fails, saying to run `npm run docs`); the
 * config table from a JSON Schema; every npm script in `./help`.
 */
import { spawnSync } from 'child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { complianceTableMarkdown } from '../../src/compliance/report';
import { configPlaceholder, generatedDocs } from '../../src/docs/generate';
import { markers, replaceBlock } from '../../src/docs/generated-blocks';
import { npmScriptsHelp } from '../../src/docs/help';
import { MODULE_GIT_SOURCE } from '../../src/docs/module-readme';
import { configRows, configTableMarkdown, JsonSchema } from '../../src/docs/schema-table';
import { VARIABLE_SPECS } from '../../src/config/rules';
import { SECURITY_MODULE_DIR } from '../../src/stacks/module-artifact';
import { ADDITIONAL_OUTPUTS, SECURITY_OUTPUTS } from '../../src/stacks/security-stack';
import { expectUpToDate } from '../helpers/up-to-date';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const read = (file: string, root = ROOT) => readFileSync(path.join(root, file), 'utf8');

/** The text of README.md's generated block `name`. */
function block(text: string, name: string): string {
  const { begin, end } = markers(name, 'markdown');
  return text.slice(text.indexOf(begin) + begin.length + 1, text.indexOf(end) - 1);
}

/** A copy of what the generator reads, to change without touching the repository. */
function scratchRoot(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'govtech-docs-'));
  for (const file of [
    'README.md',
    'help',
    'package.json',
    path.join(SECURITY_MODULE_DIR, 'main.tf.json'),
    'examples/hcl-consumer/main.tf',
  ]) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    cpSync(path.join(ROOT, file), path.join(root, file));
  }
  return root;
}

describe('the committed generated files are up to date', () => {
  test.each(generatedDocs().map((g) => [g.file, g.text]))('%s', (file, text) => {
    expectUpToDate(file, read(file), text, 'npm run docs');
  });

  test('a stale table is found: the generator rewrites a changed row and keeps the prose around it', () => {
    const root = scratchRoot();
    try {
      const readme = read('README.md', root);
      const stale = readme.replace('| `kms_key_id` | KMS key ID (UUID format) |', '| `kms_key_id` | KMS key ID |');
      expect(stale).not.toBe(readme);
      writeFileSync(path.join(root, 'README.md'), stale);
      const fresh = generatedDocs(root).find((g) => g.file === 'README.md')!.text;
      expect(() => expectUpToDate('README.md', stale, fresh, 'npm run docs')).toThrow(/README.md is stale: run `npm run docs`/);
      expect(fresh).toBe(readme);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('README.md', () => {
  const readme = read('README.md');

  test('the compliance table is the catalogue', () => {
    expect(block(readme, 'compliance')).toBe(complianceTableMarkdown());
  });

  test('every variable with every rule, every output of the stacks and the module', () => {
    for (const spec of Object.values(VARIABLE_SPECS)) {
      const row = block(readme, 'variables')
        .split('\n')
        .find((l) => l.startsWith(`| \`${spec.name}\` |`));
      for (const rule of spec.rules) expect(row).toContain(rule.rule);
    }
    for (const name of [...Object.keys(SECURITY_OUTPUTS), ...Object.keys(ADDITIONAL_OUTPUTS)]) {
      expect(block(readme, 'outputs')).toContain(`| \`${name}\` |`);
      expect(block(readme, 'module-outputs')).toContain(`\`${name}\``);
    }
  });

  test("the config table is rendered from the config JSON Schema it is given (by default the zod schemas' one)", () => {
    const root = scratchRoot();
    try {
      const fresh = generatedDocs(root, FIXTURE).find((g) => g.file === 'README.md')!.text;
      expect(block(fresh, 'config')).toBe(configTableMarkdown(FIXTURE, { placeholder: configPlaceholder }));
      expect(block(fresh, 'config')).toContain('| `environments.<env>.logsBucket` |');
      expect(block(fresh, 'config')).toContain(
        "| `stateBackend.rolePrincipals.<env>` | `list of string matching ^arn:aws:iam::[0-9]{12}:root$` | optional | Who may assume <env>'s role |",
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('modules/security/README.md (terraform-docs layout)', () => {
  const text = read(path.join(SECURITY_MODULE_DIR, 'README.md'));

  test('sections, every input and output, the git source, and the subscriber the alerts topic needs', () => {
    const sections = text.split('\n').filter((l) => l.startsWith('## '));
    expect(sections).toEqual([
      '## Usage',
      '## The alerts topic needs a subscriber',
      '## Requirements',
      '## Providers',
      '## Resources',
      '## Inputs',
      '## Outputs',
    ]);
    for (const name of Object.keys(VARIABLE_SPECS))
      expect(text).toMatch(new RegExp(`^\\| \`${name}\` \\| .* \\| \`string\` \\| n/a \\| yes \\|$`, 'm'));
    for (const [name, o] of Object.entries({ ...SECURITY_OUTPUTS, ...ADDITIONAL_OUTPUTS }))
      expect(text).toContain(`| \`${name}\` | ${o.description} |`);
    expect(text).toContain(`source = "${MODULE_GIT_SOURCE}"`);
    expect(text).toContain('topic_arn = module.security.security_alerts_topic_arn');
  });
});

describe('./help', () => {
  const scripts: Record<string, string> = JSON.parse(read('package.json')).scripts;

  test('prints every npm script with its description, and no marker line', () => {
    const r = spawnSync('sh', [path.join(ROOT, 'help')], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    for (const name of Object.keys(scripts)) expect(r.stdout).toMatch(new RegExp(`^ {4}npm run ${name} +\\S`, 'm'));
    expect(r.stdout).not.toContain('GENERATED');
    expect(r.stdout.startsWith('=====')).toBe(true);
  });

  test('a script without a description stops the generator, naming it', () => {
    expect(() => npmScriptsHelp({ ...scripts, release: 'np' })).toThrow(
      /package.json script "release" has no line in .\/help: add a one-line description to NPM_SCRIPT_DESCRIPTIONS in src\/docs\/help.ts/,
    );
  });
});

describe('generated blocks', () => {
  test('missing or repeated markers are refused, naming the file and the block', () => {
    const { begin, end } = markers('outputs', 'markdown');
    expect(() => replaceBlock('no markers\n', 'README.md', 'outputs', 'markdown', 'x')).toThrow(
      /README.md: the generated block "outputs" needs exactly one line .* \(found 0 and 0\)/,
    );
    expect(() => replaceBlock(`${end}\n${begin}\n`, 'README.md', 'outputs', 'markdown', 'x')).toThrow(/in the wrong order/);
    expect(replaceBlock(`a\n${begin}\nold\n${end}\nb`, 'README.md', 'outputs', 'markdown', 'new\n')).toBe(`a\n${begin}\nnew\n${end}\nb`);
  });
});

/**
 * A small config schema as zod 4's toJSONSchema writes one (draft 2020-12): a shared
 * definition behind `$ref`, required lists, defaults, a union with object alternatives, a
 * record keyed by an enum, patterns and bounds.
 */
const FIXTURE: JsonSchema = {
  type: 'object',
  properties: {
    $schema: { type: 'string', description: 'The JSON Schema of this file, for editors' },
    projectName: { type: 'string', pattern: '^[a-z][a-z0-9-]*$', description: 'Default of project_name' },
    stateBackend: {
      type: 'object',
      description: 'The S3 backend of every stack',
      properties: {
        bucket: { type: 'string', description: 'State bucket' },
        noncurrentVersionExpirationDays: { type: 'integer', minimum: 1, default: 90, description: 'Days old versions are kept' },
        roleArns: {
          type: 'object',
          propertyNames: { type: 'string', enum: ['dev', 'staging', 'prod'] },
          additionalProperties: { type: 'string' },
          description: 'State role per environment',
        },
        rolePrincipals: {
          type: 'object',
          properties: {
            dev: {
              type: 'array',
              items: { type: 'string', pattern: '^arn:aws:iam::[0-9]{12}:root$' },
              description: "Who may assume dev's role",
            },
            prod: {
              type: 'array',
              items: { type: 'string', pattern: '^arn:aws:iam::[0-9]{12}:root$' },
              description: "Who may assume prod's role",
            },
          },
        },
        region: { type: 'string', pattern: `^(${'us-east-1|'.repeat(10)}eu-west-1)$`, description: 'A region' },
        roleArn: { description: 'Retired: use roleArns', deprecated: true, not: {} },
      },
      required: ['bucket'],
      additionalProperties: false,
    },
    environments: {
      type: 'object',
      properties: { dev: { $ref: '#/$defs/Environment' }, staging: { $ref: '#/$defs/Environment' }, prod: { $ref: '#/$defs/Environment' } },
      additionalProperties: false,
    },
  },
  required: ['projectName', 'stateBackend', 'environments'],
  $defs: {
    Environment: {
      type: 'object',
      description: 'One environment',
      properties: {
        accountId: { type: 'string', pattern: '^[0-9]{12}$', description: 'The account' },
        regions: {
          anyOf: [
            { type: 'array', items: { type: 'string' } },
            { type: 'string', const: 'default-enabled' },
          ],
          description: 'Covered regions',
        },
        logsBucket: {
          description: 'The logs bucket',
          anyOf: [
            { type: 'string' },
            { type: 'object', properties: { fromLogsStack: { type: 'boolean', const: true } }, required: ['fromLogsStack'] },
            {
              type: 'object',
              properties: {
                remoteState: {
                  type: 'object',
                  properties: { bucket: { type: 'string', description: 'Its bucket' } },
                  required: ['bucket'],
                },
              },
              required: ['remoteState'],
            },
          ],
        },
        emailFrequency: { type: 'string', enum: ['DAILY', 'WEEKLY'], default: 'DAILY', description: 'Digest | frequency' },
        cisMonitoringOff: {
          type: 'object',
          properties: { '4.1': { not: {}, description: 'Cannot be turned off' }, '4.2': { type: 'string', description: 'Why 4.2 is off' } },
        },
      },
      required: ['accountId', 'logsBucket'],
      additionalProperties: false,
    },
  },
};

describe('the config table from a JSON Schema', () => {
  const placeholder = (keys: readonly string[] | undefined) =>
    keys === undefined ? '<key>' : keys.join() === 'dev,staging,prod' ? '<env>' : `<${keys.join('|')}>`;

  test('one row per field: path with dots, type, required or default, description; siblings alike in one row', () => {
    expect(configRows(FIXTURE, { placeholder }).map((r) => [r.field, r.type, r.presence, r.description])).toEqual([
      ['$schema', 'string', 'optional', 'The JSON Schema of this file, for editors'],
      ['projectName', 'string matching ^[a-z][a-z0-9-]*$', 'required', 'Default of project_name'],
      ['stateBackend', 'object', 'required', 'The S3 backend of every stack'],
      ['stateBackend.bucket', 'string', 'required', 'State bucket'],
      ['stateBackend.noncurrentVersionExpirationDays', 'integer >= 1', 'default `90`', 'Days old versions are kept'],
      ['stateBackend.roleArns', 'map of string', 'optional', 'State role per environment'],
      ['stateBackend.rolePrincipals', 'object', 'optional', ''],
      [
        'stateBackend.rolePrincipals.<dev|prod>',
        'list of string matching ^arn:aws:iam::[0-9]{12}:root$',
        'optional',
        "Who may assume <dev|prod>'s role",
      ],
      ['stateBackend.region', "string matching the schema's pattern", 'optional', 'A region'],
      ['stateBackend.roleArn', 'never', 'retired', 'Retired: use roleArns'],
      ['environments', 'object', 'required', ''],
      ['environments.<env>', 'object', 'optional', 'One environment'],
      ['environments.<env>.accountId', 'string matching ^[0-9]{12}$', 'required', 'The account'],
      ['environments.<env>.regions', 'string[] or "default-enabled"', 'optional', 'Covered regions'],
      ['environments.<env>.logsBucket', 'string or { fromLogsStack } or { remoteState }', 'required', 'The logs bucket'],
      ['environments.<env>.logsBucket.fromLogsStack', 'true', 'required', ''],
      ['environments.<env>.logsBucket.remoteState', 'object', 'required', ''],
      ['environments.<env>.logsBucket.remoteState.bucket', 'string', 'required', 'Its bucket'],
      ['environments.<env>.emailFrequency', '"DAILY" or "WEEKLY"', 'default `"DAILY"`', 'Digest | frequency'],
      ['environments.<env>.cisMonitoringOff', 'object', 'optional', ''],
      ['environments.<env>.cisMonitoringOff."4.1"', 'never', 'optional', 'Cannot be turned off'],
      ['environments.<env>.cisMonitoringOff."4.2"', 'string', 'optional', 'Why 4.2 is off'],
    ]);
  });

  test('a sibling unlike its group (prod beside dev and staging) lists only the fields that differ', () => {
    const env = (name: string, minDays: number): JsonSchema => ({
      type: 'object',
      description: `The ${name} environment`,
      properties: {
        accountId: { type: 'string', description: `Account of ${name}` },
        logsRetentionDays: { type: 'integer', minimum: minDays, maximum: 3650, description: 'Days logs are kept' },
      },
      required: ['accountId'],
    });
    const schema: JsonSchema = { type: 'object', properties: { dev: env('dev', 1), staging: env('staging', 1), prod: env('prod', 365) } };
    expect(configRows(schema, { placeholder }).map((r) => [r.field, r.type, r.description])).toEqual([
      ['<dev|staging>', 'object', 'The <dev|staging> environment'],
      ['<dev|staging>.accountId', 'string', 'Account of <dev|staging>'],
      ['<dev|staging>.logsRetentionDays', 'integer 1-3650', 'Days logs are kept'],
      ['prod', 'object', 'The prod environment'],
      ['prod.logsRetentionDays', 'integer 365-3650', 'Days logs are kept'],
    ]);
  });

  test('draft 7 `definitions` too; Markdown cells escape pipes; an unresolvable $ref is refused', () => {
    const draft7: JsonSchema = { ...FIXTURE, $defs: undefined, definitions: FIXTURE.$defs };
    const asDraft7 = JSON.parse(JSON.stringify(draft7).replace(/#\/\$defs\//g, '#/definitions/'));
    expect(configRows(asDraft7, { placeholder })).toEqual(configRows(FIXTURE, { placeholder }));
    expect(configTableMarkdown(FIXTURE, { placeholder })).toContain('| Digest \\| frequency |');
    expect(() => configRows({ type: 'object', properties: { a: { $ref: '#/$defs/Missing' } } })).toThrow(
      /cannot resolve "\$ref": "#\/\$defs\/Missing"/,
    );
  });
});
