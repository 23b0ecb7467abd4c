/** The shape of a catalogue row (controls.ts), and of its result over a stack (check.ts). */
import type { EnvironmentSettings } from '../config/plan';
import type { Finding, StackJson } from './stack-json';
import type { StandardMembership } from '../catalog/securityhub-standards';

interface ControlBase {
  /** Security Hub control ID, e.g. `EC2.7`. */
  readonly id: string;
  /** The standards it belongs to, with its requirement numbers there (CONTROL_STANDARDS). */
  readonly standards: StandardMembership;
  /** Its title in Security Hub's words. */
  readonly title: string;
}

/** A control a stack of this project satisfies, checked over its JSON. */
export interface CheckedControl extends ControlBase {
  readonly kind: 'checked';
  /** The stack that satisfies it: the environment's security stack, or its logs stack. */
  readonly stack: 'security' | 'logs';
  /** `account`: once per account, in the stack owning the account services (`accountServicesOwner`). */
  readonly scope: 'account' | 'environment';
  /** What is missing; empty when the stack satisfies the control. */
  readonly check: (tf: StackJson) => Finding[];
  /** How to make the stack satisfy it again. */
  readonly fix: string;
  /** The config switch that turns the feature off, with its reason (a waiver by itself). */
  readonly turnedOffBy?: (env: EnvironmentSettings) => string | undefined;
  /** The config switch that leaves the feature to another tool: the control then needs the user's action, which this says. */
  readonly leftToUserBy?: (env: EnvironmentSettings) => string | undefined;
  /** What the report adds to the status, e.g. a covered region where GuardDuty does not offer the plan. */
  readonly notes?: (tf: StackJson) => string[];
}

/** A control only the user can satisfy, outside this project. */
export interface ActionControl extends ControlBase {
  readonly kind: 'action';
  readonly action: string;
}

export type Control = CheckedControl | ActionControl;

/** A row before its standards are attached from CONTROL_STANDARDS (controls.ts). */
export type Row = Omit<CheckedControl, 'standards'> | Omit<ActionControl, 'standards'>;

/** A row of ActionControl. */
export function action(id: string, title: string, what: string): Row {
  return { kind: 'action', id, title, action: what };
}

/**
 * `disabled`: disabled in Security Hub (securityHub.disabledControls) in every chosen standard
 * that has it, in every covered region. A control in none of the chosen standards is still
 * checked: the baseline builds what it checks whatever the standards, so a shortfall is a regression.
 */
export type ControlStatus = 'satisfied' | 'waived' | 'elsewhere' | 'disabled' | 'action' | 'failed';

export interface ControlResult {
  readonly control: Control;
  readonly status: ControlStatus;
  /** waived, disabled: the reason; elsewhere: the stack that has it; action: what to do; failed: the fix. */
  readonly detail?: string;
  /** What the check found missing (failed and waived rows). */
  readonly findings: readonly Finding[];
  /** The account whose resources satisfy it, when not the stack's own: one of the organization's (organization mode). @default the stack's account */
  readonly account?: string;
}
