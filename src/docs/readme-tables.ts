/**
 * The README's generated blocks that come from the TypeScript sources: the variables of every
 * security stack (VARIABLE_SPECS), its outputs and the module's (SECURITY_OUTPUTS,
 * ADDITIONAL_OUTPUTS, which `securityOutputs` declares in both). The compliance table is
 * `complianceTableMarkdown` of src/compliance/report.ts.
 */
import { VARIABLE_SPECS } from '../config/rules';
import { ADDITIONAL_OUTPUTS, SECURITY_OUTPUTS } from '../stacks/security-stack';
import { code, markdownTable } from './generated-blocks';

/** `securityVariable` declares every documented variable `type = string`. */
const VARIABLE_TYPE = 'string';

/** Every variable with its type, description and the rules synth and `terraform plan` check. */
export function variablesTable(): string {
  return markdownTable(
    ['name', 'type', 'description', 'rule'],
    Object.values(VARIABLE_SPECS).map((v) => [code(v.name), VARIABLE_TYPE, v.description, v.rules.map((r) => `must ${r.rule}`).join('; ')]),
  );
}

/** The outputs of every security stack and of the module: the documented ones, then those this project adds. */
export function outputsTable(): string {
  const rows = [
    ...Object.entries(SECURITY_OUTPUTS).map(([name, o]) => [code(name), o.description, 'documented']),
    ...Object.entries(ADDITIONAL_OUTPUTS).map(([name, o]) => [code(name), o.description, 'added by this project']),
  ];
  return markdownTable(['name', 'description', 'origin'], rows);
}

/** `a`, `a and b`, `a, b and c`. */
const andList = (items: readonly string[]) =>
  items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

/** The module's outputs in one sentence, for the section on using it from HCL. */
export function moduleOutputsSentence(): string {
  const documented = Object.keys(SECURITY_OUTPUTS).map(code);
  const added = Object.keys(ADDITIONAL_OUTPUTS).map(code);
  return (
    `It exposes ${documented.length + added.length} outputs: the ${documented.length} documented ones ` +
    `(${documented.join(', ')}), plus ${andList(added)}; each is described under "Outputs".`
  );
}
