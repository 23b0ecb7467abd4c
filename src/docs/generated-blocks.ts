/**
 * Generated blocks inside hand-written files: the text between a BEGIN and an END marker line
 * belongs to `npm run docs`; everything else is left as written.
 *
 * README.md (Markdown) marks them with HTML comments, which render as nothing:
 *   <!-- BEGIN GENERATED: outputs (npm run docs) -->
 *   ...
 *   <!-- END GENERATED: outputs -->
 * `help` (a shell script printing itself) with `# ` lines, which it leaves out when it prints.
 */

export type MarkerStyle = 'markdown' | 'shell';

/** The BEGIN and END marker lines of the block `name`. */
export function markers(name: string, style: MarkerStyle): { begin: string; end: string } {
  const [open, close] = style === 'markdown' ? ['<!-- ', ' -->'] : ['# ', ''];
  return { begin: `${open}BEGIN GENERATED: ${name} (npm run docs)${close}`, end: `${open}END GENERATED: ${name}${close}` };
}

/**
 * `text` with the block `name` replaced by `body`. Throws when the markers are missing,
 * repeated or out of order: the generator must never guess where a block goes.
 */
export function replaceBlock(text: string, file: string, name: string, style: MarkerStyle, body: string): string {
  const { begin, end } = markers(name, style);
  const lines = text.split('\n');
  const at = (marker: string) => lines.flatMap((l, i) => (l === marker ? [i] : []));
  const [b, e] = [at(begin), at(end)];
  if (b.length !== 1 || e.length !== 1 || e[0] < b[0]) {
    throw new Error(
      `${file}: the generated block "${name}" needs exactly one line "${begin}" followed later by one line "${end}" ` +
        `(found ${b.length} and ${e.length}${b.length === 1 && e.length === 1 ? ', in the wrong order' : ''}). Put the two marker lines back where the block goes.`,
    );
  }
  return [...lines.slice(0, b[0] + 1), ...(body === '' ? [] : body.replace(/\n$/, '').split('\n')), ...lines.slice(e[0])].join('\n');
}

/** A table cell: pipes escaped (also inside code spans, as GitHub requires), line breaks joined. */
export function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

/** A Markdown table; cells are escaped with `cell`. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly string[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), `|${(align ?? header.map(() => '---')).join('|')}|`, ...rows.map(line)].join('\n');
}

/** `name` as inline code. */
export function code(name: string): string {
  return `\`${name}\``;
}
