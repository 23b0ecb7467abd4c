/**
 * What a member stack (organization mode) reads instead of creating: its account's GuardDuty
 * detector in the stack's region, and the organization's trail and log archive bucket.
 */
import { Construct } from 'constructs';
import { TerraformLocal } from 'cdktf';
import { DataAwsGuarddutyDetector } from '@cdktf/provider-aws/lib/data-aws-guardduty-detector';
import type { EnvironmentPlan } from '../config/plan';
import type { SharedAccountServices } from '../security/security-module';
import type { OrganizationMembership } from '../security/security-module-props';

/** Name of the local everything reads the detector ID from (`local.guardduty_detector_id`). */
export const MEMBER_DETECTOR_LOCAL = 'guardduty_detector_id';

/**
 * The ID of the account's GuardDuty detector in the stack's region, which the security account's
 * organization configuration (`auto_enable_organization_members = "ALL"`) created and manages:
 * `data.aws_guardduty_detector.member` (the account's single detector), through
 * `local.guardduty_detector_id`. Everything reads the local, so an offline plan can set the data
 * source's `count = 0` and the local to a fixture in an override file (a data source calls AWS).
 *
 * On an account that joined the organization moments ago there may be no detector yet: GuardDuty
 * says "It may take up to 24 hours to update the configuration for all the member accounts"
 * (API reference, UpdateOrganizationConfiguration, autoEnableOrganizationMembers ALL). The plan then
 * fails reading the data source (hashicorp/aws: "reading this account's single GuardDuty
 * Detector: empty result"), before anything changes. Apply again once the detector is there
 * (`aws guardduty list-detectors` in the member account), or have the security account enable the
 * account at once (`aws guardduty create-members` with the account's ID and email, in each region).
 */
export function memberGuardDutyDetectorId(scope: Construct): string {
  const detector = new DataAwsGuarddutyDetector(scope, 'member_guardduty_detector');
  detector.overrideLogicalId('member');
  // Construct IDs are one namespace in a stack, and the output `guardduty_detector_id` has that one; Terraform's locals have their own.
  const local = new TerraformLocal(scope, 'member_guardduty_detector_id', detector.id);
  local.overrideLogicalId(MEMBER_DETECTOR_LOCAL);
  return local.asString;
}

/**
 * What the SecurityModule of a member takes from the organization (none in standalone mode): the
 * account's GuardDuty detector is read in the home region, or is the owner's where another
 * environment owns the account's services (`shared`, from its state).
 */
export function organizationMembership(
  scope: Construct,
  plan: EnvironmentPlan,
  shared: SharedAccountServices | undefined,
): OrganizationMembership | undefined {
  const organization = plan.organization;
  if (organization === undefined) return undefined;
  if (plan.regionalStacksMigration) {
    // Both moves write the home stack's removed blocks (one `removed` list per stack), and the regional stacks would import a detector and hub the organization now runs.
    throw new Error(
      `environments.${plan.environment}.regionalStacksMigration is true in organization mode: finish the move to regional stacks first ` +
        `(apply every stack of ${plan.environment} with regionalStacksMigration on, then remove it), then move into organization mode.`,
    );
  }
  return {
    trailArn: organization.trail.arn,
    configBucket: organization.trail.bucket,
    configPrefix: organization.trail.configPrefix,
    guardDutyDetectorId: shared?.guardDutyDetectorId ?? memberGuardDutyDetectorId(scope),
  };
}
