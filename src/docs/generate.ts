/**
 * `npm run docs`: regenerates the generated blocks of README.md and `help`, and
 * modules/security/README.md, from the sources (no synth, no Terraform). The docs test
 * compares the committed files with `generatedDocs()`, so a stale one fails it.
 *
 * The config table is rendered from the JSON Schema the zod schemas give (configJsonSchema, the
 * same one `npm run schema` writes to config/environments.schema.json), so a field added to a
 * schema reaches the README without another step.
 */
import { existsSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { configJsonSchema } from '../config/json-schema';
import { ENVIRONMENTS } from '../config/rules';
import { complianceTableMarkdown, organizationTableMarkdown } from '../compliance/report';
import { SECURITY_MODULE_DIR } from '../stacks/module-artifact';
import { replaceBlock } from './generated-blocks';
import { npmScriptsHelp, stacksHelp } from './help';
import { ModuleJson, moduleReadme, usageBlock } from './module-readme';
import { moduleOutputsSentence, outputsTable, variablesTable } from './readme-tables';
import { configTableMarkdown, JsonSchema } from './schema-table';

/** The repository root (this file runs as dist/src/docs/generate.js). */
const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..', '..');

export interface GeneratedFile {
  /** Relative to the repository root. */
  readonly file: string;
  readonly text: string;
}

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

/** Environment names (sibling fields or a map's keys) stand for any environment: `<env>`; other keys for themselves, or `<name>`. */
export function configPlaceholder(keys: readonly string[] | undefined): string {
  if (keys === undefined) return '<name>';
  if (keys.every((k) => ENVIRONMENTS.some((e) => e === k))) return '<env>';
  // A long list of keys would not fit a path; the field's description names them.
  return keys.length <= 3 ? `<${keys.join('|')}>` : '<name>';
}

function readme(root: string, configSchema: JsonSchema): string {
  let text = readFileSync(path.join(root, 'README.md'), 'utf8');
  const block = (name: string, body: string) => (text = replaceBlock(text, 'README.md', name, 'markdown', body));
  block('config', configTableMarkdown(configSchema, { placeholder: configPlaceholder }));
  block('variables', variablesTable());
  block('outputs', outputsTable());
  block('module-outputs', moduleOutputsSentence());
  block('compliance', complianceTableMarkdown());
  block('compliance-organization', organizationTableMarkdown());
  return text;
}

function help(root: string): string {
  // npm reads package.json's "scripts" as an object of strings.
  const { scripts } = readJson(path.join(root, 'package.json')) as { scripts: Record<string, string> };
  let text = readFileSync(path.join(root, 'help'), 'utf8');
  text = replaceBlock(text, 'help', 'npm-scripts', 'shell', npmScriptsHelp(scripts));
  return replaceBlock(text, 'help', 'stacks', 'shell', stacksHelp());
}

function moduleReadmeFile(root: string): string {
  // The module synth writes: Terraform JSON, of which ModuleJson names the blocks read.
  const module = readJson(path.join(root, SECURITY_MODULE_DIR, 'main.tf.json')) as ModuleJson;
  return moduleReadme(module, usageBlock(readFileSync(path.join(root, 'examples', 'hcl-consumer', 'main.tf'), 'utf8')));
}

/** Every generated file as `npm run docs` writes it, from the files of `root`. */
export function generatedDocs(
  root: string = REPOSITORY_ROOT,
  // The zod schemas' JSON Schema; JsonSchema describes the keywords the table reads.
  configSchema: JsonSchema = configJsonSchema(),
): GeneratedFile[] {
  return [
    { file: 'README.md', text: readme(root, configSchema) },
    { file: 'help', text: help(root) },
    { file: path.join(SECURITY_MODULE_DIR, 'README.md'), text: moduleReadmeFile(root) },
  ];
}

if (require.main === module) {
  for (const { file, text } of generatedDocs()) {
    const at = path.join(REPOSITORY_ROOT, file);
    if (!existsSync(at) || readFileSync(at, 'utf8') !== text) {
      writeFileSync(at, text);
      console.log(`Written: ${file}`);
    }
  }
}
