/** The shape of a catalogue row (controls.ts). */
import type { EnvironmentConfig } from '../config';
import type { Finding, StackJson } from './stack-json';

export type Standard = 'CIS 1.4.0' | 'FSBP';

interface ControlBase {
  /** Security Hub control ID, e.g. `EC2.7`. */
  readonly id: string;
  readonly standards: readonly Standard[];
  /** CIS AWS Foundations Benchmark 1.4.0 recommendation, where there is one. */
  readonly cis?: string;
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
  readonly turnedOffBy?: (env: EnvironmentConfig) => string | undefined;
}

/** A control only the user can satisfy, outside this project. */
export interface ActionControl extends ControlBase {
  readonly kind: 'action';
  readonly action: string;
}

export type Control = CheckedControl | ActionControl;

/** A row of ActionControl. */
export function action(id: string, standards: Standard[], cis: string, title: string, what: string): ActionControl {
  return { kind: 'action', id, standards, cis, title, action: what };
}
