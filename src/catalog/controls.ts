/**
 * The IDs of the controls a config waiver (`complianceWaivers`) may name: those the compliance
 * catalogue (src/compliance/controls.ts) checks over the synthesized stacks, in its order. The
 * config validates waivers against this list without importing the catalogue (which reads the
 * config); the catalogue refuses to load when its checked rows are not exactly these.
 */
import { CIS_MONITORING } from './cis-monitoring';

/** FSBP's GuardDuty protection-plan controls (checked in src/compliance/guardduty-controls.ts). */
export const GUARDDUTY_PLAN_CONTROL_IDS: readonly string[] = [
  'GuardDuty.5',
  'GuardDuty.6',
  'GuardDuty.7',
  'GuardDuty.8',
  'GuardDuty.9',
  'GuardDuty.10',
  'GuardDuty.11',
  'GuardDuty.12',
  'GuardDuty.13',
];

export const WAIVABLE_CONTROL_IDS: readonly string[] = [
  'CloudTrail.1',
  'CloudTrail.2',
  'CloudTrail.4',
  'CloudTrail.5',
  'CloudTrail.6',
  'CloudTrail.7',
  // The CIS 1.4.0 monitoring rows Security Hub has a control for (CloudWatch.1, .4 to .14).
  ...CIS_MONITORING.flatMap((row) => (row.securityHubControl === undefined ? [] : [row.securityHubControl])),
  'Config.1',
  'EC2.7',
  'GuardDuty.1',
  ...GUARDDUTY_PLAN_CONTROL_IDS,
  'IAM.7',
  'IAM.15',
  'IAM.16',
  'IAM.18',
  'IAM.28',
  'KMS.4',
  'S3.1',
];
