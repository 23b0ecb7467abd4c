/**
 * The control catalogue: every CIS AWS Foundations 1.4.0 and AWS Foundational Security Best
 * Practices (FSBP) control this project addresses, titled in Security Hub's words (its
 * `<service>-controls` pages), with the standards each belongs to (control-standards.ts). A row either
 * checks a synthesized stack (a function over its Terraform JSON, by resource type) or says
 * what the user must do outside this project. It is the single source of the check at synth
 * (check.ts), `npm run compliance` (report.ts) and the README's compliance table.
 *
 * The rows live in controls-trail.ts, controls-services.ts (with guardduty-controls.ts) and
 * controls-actions.ts (in this order), the checks' helpers in stack-json.ts, the row types in
 * control.ts. It reads the CIS rows and the password policy bounds from src/catalog, like the config does.
 */
import { WAIVABLE_CONTROL_IDS } from '../catalog/controls';
import { Control } from './control';
import { standardsOf } from '../catalog/control-standards';
import { ACTION_CONTROLS } from './controls-actions';
import { SERVICE_CONTROLS } from './controls-services';
import { TRAIL_CONTROLS } from './controls-trail';

export type { ActionControl, CheckedControl, Control } from './control';
export type { Block, Finding, StackJson } from './stack-json';

/** The catalogue: the rows with their standards. */
export const CONTROLS: readonly Control[] = [...TRAIL_CONTROLS, ...SERVICE_CONTROLS, ...ACTION_CONTROLS].map((r): Control => {
  const standards = standardsOf(r.id);
  return r.kind === 'checked' ? { ...r, standards } : { ...r, standards };
});

/**
 * The config checks waivers against WAIVABLE_CONTROL_IDS (src/catalog/controls.ts), which cannot
 * read this catalogue: refuse to load when the two differ, so that a waiver can name every
 * checked control and nothing else.
 */
const checkedIds = CONTROLS.filter((c) => c.kind === 'checked').map((c) => c.id);
if (checkedIds.join(',') !== WAIVABLE_CONTROL_IDS.join(',')) {
  throw new Error(
    `src/catalog/controls.ts WAIVABLE_CONTROL_IDS = ${JSON.stringify(WAIVABLE_CONTROL_IDS)}: must be the checked controls of ` +
      `src/compliance/controls.ts in their order, ${JSON.stringify(checkedIds)}. Add, remove or reorder the IDs there to match.`,
  );
}
