/**
 * A control's result as the chosen Security Hub standards see it: disabled in Security Hub (by
 * `securityHub.disabledControls`, with the reason); and the per-standard counts of a stack's results.
 */
import type { EnvironmentPlan } from '../config/plan';
import { CONTROL_STANDARDS } from '../catalog/control-standards';
import { SecurityHubStandard, StandardPath, STANDARDS } from '../catalog/securityhub-standards';
import type { ControlResult, ControlStatus } from './control';

/** Where a control is disabled, and whether that is every chosen standard it belongs to in every covered region. */
interface Disabling {
  readonly everywhere: boolean;
  /** `disabled in Security Hub (CIS 1.4.0, FSBP in eu-west-1): <reason>`, one per config entry. */
  readonly text: string;
}

/** The config's disabled entries for control `id` in `env`, against the chosen standards `inChosen` that have it. */
function disabling(id: string, inChosen: readonly StandardPath[], env: EnvironmentPlan): Disabling | undefined {
  const entries = (env.settings.securityHub?.disabledControls ?? []).filter((d) => d.control === id);
  if (entries.length === 0) return undefined;
  const pairs = new Set<string>();
  const texts = entries.map((d) => {
    const standards = inChosen.filter((s) => d.standard === undefined || d.standard === s);
    const regions = d.regions ?? env.regions;
    for (const s of standards) for (const r of regions) pairs.add(`${s} ${r}`);
    const where = d.regions === undefined ? '' : ` in ${regions.join(', ')}`;
    return `disabled in Security Hub (${standards.map((s) => STANDARDS[s].short).join(', ')}${where}): ${d.reason}`;
  });
  const everywhere = inChosen.every((s) => env.regions.every((r) => pairs.has(`${s} ${r}`)));
  return { everywhere, text: texts.join('; ') };
}

/**
 * `r` for the environment's chosen standards: `disabled` (with the reason) where Security Hub
 * checks it nowhere, like a waiver; a partial disabling (some regions or standards) is added to the detail.
 */
export function forChosenStandards(r: ControlResult, env: EnvironmentPlan): ControlResult {
  const inChosen = env.securityHubStandards.filter((s) => r.control.standards[s] !== undefined);
  const disabled = inChosen.length === 0 ? undefined : disabling(r.control.id, inChosen, env);
  if (disabled?.everywhere) return { ...r, status: 'disabled', detail: disabled.text };
  const detail = [r.detail, disabled?.text].filter((d) => d !== undefined).join('; ') || undefined;
  return { ...r, detail };
}

/** How many of a standard's controls the catalogue has, and of how many AWS lists. */
export interface StandardCoverage {
  readonly standard: StandardPath;
  readonly catalogued: number;
  /** undefined where the standard's total was not retrieved (STANDARDS). */
  readonly total: number | undefined;
  /** Where `total` is an older count: which list it is from. */
  readonly totalAsOf?: string;
}

/** The catalogue's coverage of `standard`. */
export function coverage(standard: StandardPath): StandardCoverage {
  // CONTROL_STANDARDS has exactly the catalogue's controls (controls.ts refuses a row without an entry).
  const catalogued = Object.values(CONTROL_STANDARDS).filter((m) => m[standard] !== undefined).length;
  const s: SecurityHubStandard = STANDARDS[standard];
  return { standard, catalogued, total: s.controls, ...(s.controlsAsOf === undefined ? {} : { totalAsOf: s.controlsAsOf }) };
}

/** `32 of the standard's 39 controls catalogued`, or `all 39 ...`, with how old the total is where it is; with the total unknown, says so. */
export function coverageText(c: StandardCoverage): string {
  if (c.total === undefined) return `${c.catalogued} controls catalogued (the standard's total is not recorded in src/catalog)`;
  const asOf = c.totalAsOf === undefined ? '' : ` (${c.total}: ${c.totalAsOf})`;
  if (c.catalogued === c.total) return `all ${c.total} of the standard's controls catalogued${asOf}`;
  return `${c.catalogued} of the standard's ${c.total} controls catalogued${asOf}`;
}

/** The results of `results` whose control belongs to `standard`, counted by status. */
export function countsIn(results: readonly ControlResult[], standard: StandardPath): Record<ControlStatus, number> {
  const counts: Record<ControlStatus, number> = { satisfied: 0, elsewhere: 0, waived: 0, disabled: 0, action: 0, failed: 0 };
  for (const x of results) if (x.control.standards[standard] !== undefined) counts[x.status] += 1;
  return counts;
}
