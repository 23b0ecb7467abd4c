/**
 * `environments.<env>.securityHub`: the Security Hub standards to subscribe to in every covered
 * region, and the controls disabled in them, each with the reason (e.g. the IAM controls, which
 * check account-wide resources, outside the home region).
 */
import { z } from 'zod';
import { CONTROL_STANDARDS, membershipOf } from '../../catalog/control-standards';
import { DEFAULT_STANDARDS, isStandardPath, STANDARD_PATHS, StandardPath, STANDARDS } from '../../catalog/securityhub-standards';
import { doc, Immutable, must, noRepeats, patterned, reason, strict } from './common';
import { coveredRegions, RegionsSetting } from './regions';

const KNOWN = `one of the standards this project knows (${STANDARD_PATHS.join(', ')})`;
const KNOWN_CONTROLS = Object.keys(CONTROL_STANDARDS);
/** A Security Hub security control ID: the service, a dot, a number (IAM.1, EC2.182, Account.1). */
const CONTROL_ID = /^[A-Za-z0-9]+\.[0-9]+$/;

const standardPath = () =>
  z
    .string({ error: (iss) => (iss.input === undefined ? undefined : must(`be ${KNOWN}`)) })
    .refine(isStandardPath, { error: must(`be ${KNOWN}`, 'The ARN path is the part after "standards/" of the standard ARN.') })
    .meta({ enum: [...STANDARD_PATHS] });

const disabledControlSchema = strict({
  control: doc(
    patterned(CONTROL_ID, 'be a Security Hub control ID such as IAM.1 (the service, a dot, a number)'),
    'Security Hub control ID, e.g. IAM.1. Without `standard`: one of the compliance catalogue (README); with it, any control of that standard (e.g. IAM.21, Account.1).',
  ),
  standard: doc(
    standardPath(),
    'The standard (ARN path) to disable it in. Default: every chosen standard that has the control.',
  ).optional(),
  regions: doc(
    z
      .array(z.string({ error: must('be a region name') }), { error: must('be a list of covered region names') })
      .min(1, { error: must('list at least one covered region, or be left out (every covered region)') })
      .superRefine((list, ctx) => noRepeats(list, ctx, must('not repeat a region already in the list', 'Remove the repeat.'))),
    'Covered regions to disable it in. Default: every covered region.',
  ).optional(),
  reason: doc(
    reason('be the reason, a sentence of at least 10 characters (e.g. "IAM is global: checked in the home region only")'),
    'Why the control is disabled: Security Hub records it as the disabled reason (`updated_reason`).',
  ),
});

export const securityHubSchema = strict({
  standards: doc(
    z
      .array(standardPath(), { error: (iss) => (iss.input === undefined ? undefined : must('be a list of standard ARN paths')) })
      .min(1, {
        // Security Hub without a standard runs no control checks at all: refused rather than subscribing nothing silently.
        error: must(
          'list at least one standard (Security Hub without a standard checks no control)',
          `Leave "standards" out for the default (${DEFAULT_STANDARDS.join(', ')}).`,
        ),
      })
      .superRefine((list, ctx) => noRepeats(list, ctx, must('not repeat a standard already in the list', 'Remove the repeat.'))),
    'Standards to subscribe to in every covered region, by ARN path (the part after `standards/` of the standard ARN).',
    [...DEFAULT_STANDARDS],
  ).optional(),
  disabledControls: doc(
    z.array(disabledControlSchema, { error: must('be a list of { control, standard?, regions?, reason }') }),
    'Controls disabled in Security Hub (aws_securityhub_standards_control_association), each with the reason; reported like waivers.',
    [],
  ).optional(),
});

export type SecurityHubConfig = Immutable<z.infer<typeof securityHubSchema>>;
export type DisabledControlConfig = Immutable<z.infer<typeof disabledControlSchema>>;

/** The standards an environment subscribes to: its `securityHub.standards`, or the default two. */
export function chosenStandards(securityHub: SecurityHubConfig | undefined): readonly StandardPath[] {
  return securityHub?.standards?.filter(isStandardPath) ?? DEFAULT_STANDARDS;
}

interface EnvironmentWithSecurityHub {
  readonly awsRegion: string;
  readonly regions?: RegionsSetting;
  readonly securityHub?: SecurityHubConfig;
}

/** The rules between `securityHub.disabledControls` and the rest of the environment: known controls of chosen standards, covered regions, no entry twice. */
export function securityHubRefinement(env: EnvironmentWithSecurityHub, ctx: z.RefinementCtx): void {
  const hub = env.securityHub;
  if (hub === undefined) return;
  const at = (...path: (string | number)[]) => ['securityHub', ...path];
  const chosen = chosenStandards(hub);
  // With the standards list itself refused, which standards are chosen is unknown: no message built on it.
  const standardsFailed = hub.standards !== undefined && (hub.standards.length === 0 || !hub.standards.every(isStandardPath));
  const covered = coveredRegions(env);
  const seen = new Set<string>();
  (hub.disabledControls ?? []).forEach((d, i) => {
    const add = (path: (string | number)[], input: unknown, message: string) =>
      ctx.addIssue({ code: 'custom', path: at('disabledControls', i, ...path), input, message });
    const targets = disabledControlTargets(d, chosen, (field, message) => {
      if (!standardsFailed) add([field], d[field], message);
    });
    (d.regions ?? []).forEach((r, j) => {
      if (!covered.includes(r)) add(['regions', j], r, must(`be a covered region of this environment (${covered.join(', ')})`));
    });
    // Two entries disabling the same control in the same standard and region would be two Terraform resources for one association.
    for (const standard of targets) {
      // A region repeated within the entry is its own problem (the schema's).
      for (const region of new Set(d.regions ?? covered)) {
        const key = `${d.control} ${standard} ${region}`;
        if (seen.has(key)) {
          add(
            [],
            d,
            must(`not disable ${d.control} in ${STANDARDS[standard].short} in ${region} again (an entry above does)`, 'Merge the entries.'),
          );
          return;
        }
        seen.add(key);
      }
    }
  });
}

/**
 * The standards `d` disables its control in: `d.standard`, or every chosen standard that has the
 * control. `refuse` gets each problem: without `standard`, a control the catalogue does not know
 * (which standards have it is unknown) or one in none of the chosen standards; with it, a standard
 * not chosen, or one the catalogue says lacks the control. A control outside the catalogue is
 * taken as it is with `standard`: Security Hub has hundreds (IAM.21, Account.1, ...), the catalogue a few.
 */
function disabledControlTargets(
  d: DisabledControlConfig,
  chosen: readonly StandardPath[],
  refuse: (field: 'control' | 'standard', message: string) => void,
): StandardPath[] {
  if (!CONTROL_ID.test(d.control)) return []; // Its own problem (the schema's).
  const membership = membershipOf(d.control);
  const names = (list: readonly StandardPath[]) => list.map((s) => `${s} (${STANDARDS[s].short})`).join(', ');
  if (d.standard === undefined) {
    if (membership === undefined) {
      refuse(
        'control',
        must(
          `be a control of the compliance catalogue (${KNOWN_CONTROLS.join(', ')}) when "standard" is left out: which standards have ${d.control} is not known here`,
          `Name the standard to disable it in ("standard": one of ${names(chosen)}), one entry per standard.`,
        ),
      );
      return [];
    }
    const has = chosen.filter((s) => membership[s] !== undefined);
    if (has.length === 0) refuse('control', must(`be a control of a chosen standard (${names(chosen)}); ${d.control} is in none of them`));
    return has;
  }
  if (!isStandardPath(d.standard)) return []; // Its own problem.
  if (!chosen.includes(d.standard)) {
    refuse('standard', must(`be one of the chosen standards (${names(chosen)})`, 'Add it to securityHub.standards, or name a chosen one.'));
    return [];
  }
  if (membership !== undefined && membership[d.standard] === undefined) {
    const others = (Object.keys(membership) as StandardPath[]).map((s) => STANDARDS[s].short);
    refuse('standard', must(`be a standard that has ${d.control} (it is in ${others.join(', ') || 'none of the known standards'})`));
    return [];
  }
  return [d.standard];
}
