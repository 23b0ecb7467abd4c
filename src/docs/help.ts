/**
 * The generated parts of `./help`: every `npm run` script of package.json with a one-line
 * description, and the stack names. The rest of `help` is hand-written.
 */
import { ENVIRONMENTS } from '../config/rules';
import { BOOTSTRAP_STACK } from '../stacks/bootstrap-stack';
import { logsStackName, securityStackName } from '../config/plan';
import { ORGANIZATION_STACKS } from '../config/organization-plan';

/**
 * One line per `npm run` script. A script in package.json without a line here stops
 * `npm run docs` (and fails the docs test), naming it.
 */
export const NPM_SCRIPT_DESCRIPTIONS: Readonly<Record<string, string>> = {
  build: 'Compile TypeScript to dist/ (tests included)',
  synth: 'Every stack to cdktf.out/, the HCL module to modules/security/',
  deploy: 'cdktf deploy: see "Diff / deploy / destroy" below',
  test: 'Compile, then every test (about 2 min on 2 quiet cores); see "Test"',
  bench: 'Synth time, CPU, memory; 17-region offline plans (peak RSS)',
  clean: 'Remove dist/ and cdktf.out/',
  compliance: 'Controls per stack and standard (+ cdktf.out/compliance.json, .sarif)',
  schema: 'Regenerate config/environments.schema.json, the JSON Schema editors use',
  docs: 'Regenerate README tables, modules/security/README.md and parts of ./help',
  lint: 'ESLint (typescript-eslint), Prettier --check, then lint:deps',
  'lint:deps': 'Layer rules (dependency-cruiser): no import runs back up, no cycle',
};

/** Where the description column starts, as in the hand-written parts of `help`. */
const COLUMN = 30;
const INDENT = '    ';
/** The width of `help`'s frame. */
const WIDTH = 104;

/** The `npm run` lines for the scripts of package.json, in its order. */
export function npmScriptsHelp(scripts: Readonly<Record<string, string>>): string {
  const missing = Object.keys(scripts).filter((s) => !(s in NPM_SCRIPT_DESCRIPTIONS));
  if (missing.length) {
    throw new Error(
      `package.json script${missing.length > 1 ? 's' : ''} ${missing.map((s) => `"${s}"`).join(', ')} ha${missing.length > 1 ? 've' : 's'} ` +
        'no line in ./help: add a one-line description to NPM_SCRIPT_DESCRIPTIONS in src/docs/help.ts, then run npm run docs.',
    );
  }
  const lines = Object.keys(scripts).map((s) => `${INDENT}${`npm run ${s}`.padEnd(COLUMN - INDENT.length)}${NPM_SCRIPT_DESCRIPTIONS[s]}`);
  const long = lines.filter((l) => l.length > WIDTH);
  if (long.length)
    throw new Error(`./help is ${WIDTH} columns wide; shorten in src/docs/help.ts: ${long.map((l) => l.trim()).join(' / ')}`);
  return lines.join('\n');
}

/** `words` filled into lines from the description column. */
function fill(words: readonly string[]): string {
  const lines: string[] = [];
  for (const word of words) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= WIDTH) lines[last] += ` ${word}`;
    else lines.push(' '.repeat(COLUMN) + word);
  }
  return lines.join('\n');
}

/** `a, b, c` as words to fill. */
const listWords = (names: readonly string[]) => names.map((n, i) => (i < names.length - 1 ? `${n},` : n));

/** The stacks `cdktf` knows, by name: the environments', and the organization accounts' (README "Organization mode"). */
export function stacksHelp(): string {
  const names = [BOOTSTRAP_STACK, ...ENVIRONMENTS.map(logsStackName), ...ENVIRONMENTS.map(securityStackName)];
  const { logArchive, management, security } = ORGANIZATION_STACKS;
  return fill([
    'Stacks:',
    ...listWords(names),
    ...'(those of the configured environments), security-<env>-<region> per other covered region; with organization also'.split(' '),
    ...listWords([logArchive, `${management}(-<region>)`, `${security}(-<region>)`]),
  ]);
}
