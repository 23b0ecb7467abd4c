/**
 * `npm run compliance`: synthesizes the app from the config (into a temporary folder), applies
 * the control catalogue, prints per stack a table of controls (satisfied / waived, with the
 * reason / needs action by you, with what / failed, with the fix) and writes it as JSON and
 * SARIF 2.1.0 (for code-scanning views in CI) to `cdktf.out/compliance.json` and
 * `cdktf.out/compliance.sarif`. Exits 1 when a control fails. `--readme` prints the README's
 * compliance table instead.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { ConfigError, loadConfig, ProjectConfig } from '../config';
import { buildApp } from '../app';
import { ConstructPropsError } from '../security/validation';
import { checkedStackNames, controlLabel, ControlStatus, evaluate, readStacks, StackReport } from './check';
import { Control, CONTROLS } from './controls';
import { cis140, CIS_1_4_0, StandardPath, standardNames, STANDARDS } from '../catalog/securityhub-standards';
import { countsIn, coverage, coverageText } from './standards-status';
import { ORGANIZATION_SATISFIED, OrganizationAccount } from '../catalog/controls';

const STATUS_TEXT: Record<ControlStatus, string> = {
  satisfied: 'satisfied',
  waived: 'waived',
  elsewhere: 'satisfied by',
  disabled: 'disabled',
  action: 'needs action by you',
  failed: 'FAILED',
};

/** Synthesize the app of `config` into a temporary folder and evaluate the catalogue over it. */
export function complianceReport(config: ProjectConfig): StackReport[] {
  const outdir = mkdtempSync(path.join(tmpdir(), 'govtech-compliance-'));
  try {
    const app = new App({ outdir });
    const { plan } = buildApp(app, config);
    app.synth();
    return evaluate(plan, readStacks(outdir, checkedStackNames(plan)));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** `5 satisfied, 1 waived, 2 need action by you, 0 failed` (disabled only when there are some), of `standard`'s controls if given. */
function countsText(results: StackReport['results'], standard?: StandardPath): string {
  const all: Record<ControlStatus, number> = { satisfied: 0, elsewhere: 0, waived: 0, disabled: 0, action: 0, failed: 0 };
  for (const x of results) all[x.status] += 1;
  const n = standard === undefined ? all : countsIn(results, standard);
  const parts = [`${n.satisfied + n.elsewhere} satisfied`, `${n.waived} waived`];
  if (n.disabled) parts.push(`${n.disabled} disabled`);
  parts.push(`${n.action} need action by you`);
  parts.push(`${n.failed} failed`);
  return parts.join(', ');
}

/** Per chosen standard: its ARN path and name, how much of it the catalogue covers, the stack's counts. */
function standardsJson(r: StackReport) {
  return r.standards.map((s) => {
    const c = coverage(s);
    const asOf = c.totalAsOf === undefined ? {} : { totalAsOf: c.totalAsOf };
    return {
      standard: s,
      name: STANDARDS[s].name,
      catalogued: c.catalogued,
      total: c.total ?? null,
      ...asOf,
      counts: countsIn(r.results, s),
    };
  });
}

/** The table's requirement column: the first chosen CIS version's numbers (`CIS`: 1.4.0, the default), else none. */
function requirementColumn(r: StackReport): { header: string; cell: (c: Control) => string } {
  const cis = r.standards.find((s) => s.startsWith('cis-aws-foundations-benchmark/'));
  if (cis === undefined) return { header: '', cell: () => '' };
  return { header: cis === CIS_1_4_0 ? 'CIS' : STANDARDS[cis].short, cell: (c) => (c.standards[cis] ?? []).join(', ') };
}

/** The plain-text tables, one per stack. */
export function formatReport(reports: readonly StackReport[]): string {
  const out: string[] = [];
  for (const r of reports) {
    const req = requirementColumn(r);
    const rows = r.results.map((x) => [x.control.id, req.cell(x.control), STATUS_TEXT[x.status], x.detail ?? '']);
    const width = [0, 1, 2].map((i) => Math.max(...[['control', req.header, 'status'][i].length, ...rows.map((row) => row[i].length)]));
    const line = (cells: string[]) =>
      cells
        .map((c, i) => (i < 3 ? c.padEnd(width[i]) : c))
        .join('  ')
        .trimEnd();
    out.push(`${r.stack}: ${countsText(r.results)}`);
    for (const note of r.organizationNotes ?? []) out.push(`  ${note}`);
    for (const s of r.standards)
      out.push(`  ${STANDARDS[s].short}: ${coverageText(coverage(s))}; in this stack: ${countsText(r.results, s)}`);
    out.push(line(['control', req.header, 'status', 'detail']));
    for (const row of rows) out.push(line(row));
    out.push('');
  }
  return out.join('\n');
}

/** The JSON report: per stack, per control, the status and what goes with it. */
export function reportJson(reports: readonly StackReport[]): unknown {
  return {
    stacks: reports.map((r) => ({
      stack: r.stack,
      environment: r.environment,
      account: r.accountId,
      ...(r.organizationNotes === undefined ? {} : { organizationNotes: r.organizationNotes }),
      standards: standardsJson(r),
      controls: r.results.map((x) => ({
        id: x.control.id,
        standards: x.control.standards,
        chosenStandards: r.standards.filter((s) => x.control.standards[s] !== undefined),
        cis: cis140(x.control.standards) ?? null,
        title: x.control.title,
        status: x.status,
        // The account whose resources satisfy it: in organization mode, one of the organization's for some.
        account: x.account ?? r.accountId,
        detail: x.detail ?? null,
        findings: x.findings,
      })),
    })),
  };
}

const SARIF_LEVEL: Record<ControlStatus, 'error' | 'warning' | 'note' | 'none'> = {
  failed: 'error',
  action: 'warning',
  waived: 'note',
  disabled: 'note',
  satisfied: 'none',
  elsewhere: 'none',
};
const SARIF_KIND: Record<ControlStatus, 'fail' | 'review' | 'pass' | 'notApplicable'> = {
  failed: 'fail',
  action: 'review',
  waived: 'fail',
  // Security Hub does not check it.
  disabled: 'notApplicable',
  satisfied: 'pass',
  elsewhere: 'pass',
};

/** SARIF 2.1.0: one rule per control, one result per stack and control; waivers as accepted suppressions. */
export function reportSarif(reports: readonly StackReport[]): unknown {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        // Per stack, the chosen standards with the catalogue's coverage and the counts (SARIF property bag).
        properties: { stacks: reports.map((r) => ({ stack: r.stack, standards: standardsJson(r) })) },
        tool: {
          driver: {
            name: 'govtech-compliance',
            informationUri: 'https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-controls-reference.html',
            rules: CONTROLS.map((c) => ({
              id: c.id,
              name: c.id.replace('.', ''),
              shortDescription: { text: c.title },
              fullDescription: {
                text: `${standardNames(c.standards).join(', ')}${cis140(c.standards) ? `, CIS ${cis140(c.standards)}` : ''}: ${c.title}`,
              },
              help: { text: c.kind === 'checked' ? c.fix : c.action },
            })),
          },
        },
        results: reports.flatMap((r) =>
          r.results.map((x) => ({
            ruleId: x.control.id,
            ruleIndex: CONTROLS.indexOf(x.control),
            kind: SARIF_KIND[x.status],
            level: SARIF_LEVEL[x.status],
            message: {
              text: `${r.stack}: ${controlLabel(x.control)}: ${STATUS_TEXT[x.status]}${x.detail ? ` ${x.detail}` : ''}${x.findings.length ? ` (${x.findings.map((f) => `${f.resource} ${f.problem}`).join('; ')})` : ''}`,
            },
            locations: [
              {
                physicalLocation: { artifactLocation: { uri: `cdktf.out/stacks/${r.stack}/cdk.tf.json` } },
                logicalLocations: (x.findings.length ? x.findings.map((f) => f.resource) : [r.stack]).map((name) => ({
                  name,
                  fullyQualifiedName: `${r.stack}/${name}`,
                  kind: 'resource',
                })),
              },
            ],
            properties: { standards: r.standards.filter((s) => x.control.standards[s] !== undefined) },
            ...(x.status === 'waived' || x.status === 'disabled'
              ? { suppressions: [{ kind: 'external', status: 'accepted', justification: x.detail }] }
              : {}),
          })),
        ),
      },
    ],
  };
}

function how(c: Control): string {
  if (c.kind === 'action') return `needs action by you: ${c.action}`;
  const where = c.stack === 'logs' ? '`logs-<env>`' : '`security-<env>`';
  return `${where}${c.scope === 'account' ? ', once per account' : ''}`;
}

/** The README's compliance table, from the catalogue. */
export function complianceTableMarkdown(): string {
  const rows = CONTROLS.map(
    (c) =>
      `| ${c.id} | ${standardNames(c.standards).join(', ')} | ${cis140(c.standards) ?? ''} | ${c.title.replace(/\|/g, '\\|')} | ${how(c)} |`,
  );
  return ['| control | standards | CIS 1.4.0 | title | satisfied by |', '|---|---|---|---|---|', ...rows].join('\n');
}

/** In organization mode: which account satisfies each catalogue control for a member account (README "Organization mode"). */
export function organizationTableMarkdown(): string {
  const names: Record<OrganizationAccount, string> = { management: 'management', security: 'security', logArchive: 'log archive' };
  const rows = CONTROLS.map((c) => {
    const o = ORGANIZATION_SATISFIED[c.id];
    const where =
      o === undefined
        ? c.kind === 'action'
          ? 'needs action by you, in each account'
          : 'the member account (`security-<env>`)'
        : `the ${names[o.account]} account: ${o.by}`;
    return `| ${c.id} | ${where.replace(/\|/g, '\\|')} | ${o?.inMember ?? ''} |`;
  });
  return ['| control | satisfied for a member account by | what Security Hub shows in the member |', '|---|---|---|', ...rows].join('\n');
}

function main(): void {
  if (process.argv.includes('--readme')) {
    console.log(process.argv.includes('--organization') ? organizationTableMarkdown() : complianceTableMarkdown());
    return;
  }
  const reports = complianceReport(loadConfig());
  console.log(formatReport(reports));
  const outdir = process.env.CDKTF_OUTDIR || 'cdktf.out';
  mkdirSync(outdir, { recursive: true });
  writeFileSync(path.join(outdir, 'compliance.json'), JSON.stringify(reportJson(reports), null, 2) + '\n');
  writeFileSync(path.join(outdir, 'compliance.sarif'), JSON.stringify(reportSarif(reports), null, 2) + '\n');
  console.log(`Written: ${path.join(outdir, 'compliance.json')}, ${path.join(outdir, 'compliance.sarif')}`);
  if (reports.some((r) => r.results.some((x) => x.status === 'failed'))) process.exitCode = 1;
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    if (!(e instanceof ConfigError || e instanceof ConstructPropsError)) throw e;
    console.error(e.message);
    process.exitCode = 1;
  }
}
