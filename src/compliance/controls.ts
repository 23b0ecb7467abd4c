/**
 * The control catalogue: every CIS AWS Foundations 1.4.0 and AWS Foundational Security Best
 * Practices (FSBP) control this project addresses, as Security Hub names them. A row either
 * checks a synthesized stack (a function over its Terraform JSON, by resource type) or says
 * what the user must do outside this project. It is the single source of the check at synth
 * (check.ts), `npm run compliance` (report.ts) and the README's compliance table.
 *
 * Runtime imports stay within src/security (the config imports this file for the waivable IDs).
 *
 * The rows live in controls-trail.ts, controls-services.ts and controls-actions.ts (in this
 * order), the checks' helpers in stack-json.ts, the row types in control.ts.
 */
import { Control } from './control';
import { ACTION_CONTROLS } from './controls-actions';
import { SERVICE_CONTROLS } from './controls-services';
import { TRAIL_CONTROLS } from './controls-trail';

export type { ActionControl, CheckedControl, Control, Standard } from './control';
export type { Block, Finding, StackJson } from './stack-json';

export const CONTROLS: readonly Control[] = [...TRAIL_CONTROLS, ...SERVICE_CONTROLS, ...ACTION_CONTROLS];

/** IDs of the controls a config waiver may name: those the catalogue checks. */
export const WAIVABLE_CONTROL_IDS: readonly string[] = CONTROLS.filter((c) => c.kind === 'checked').map((c) => c.id);
