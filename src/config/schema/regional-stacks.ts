/**
 * `environments.<env>.regionalStacksMigration`: the one-time switch that moves a deployment
 * whose home stack still holds the other covered regions' services (`aws_guardduty_detector.main_eu_west_1`
 * and siblings, from before the regional stacks) into the stacks `security-<env>-<region>`,
 * destroying nothing (README "Regions").
 */
import { bool, doc } from './common';

export const regionalStacksShape = {
  regionalStacksMigration: doc(
    bool(),
    'One-time switch for a deployment made before the regional stacks (README "Regions"): the home stack forgets the other regions\' resources ' +
      '(removed blocks, destroy = false) and each security-<env>-<region> stack imports them (import blocks; GuardDuty detector IDs from ' +
      'adopt.guardDutyDetectorIds). Turn it off again once every stack is applied.',
    false,
  ).optional(),
};
