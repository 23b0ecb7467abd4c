/**
 * Moving a standalone deployment into organization mode destroys nothing: a member's stacks no
 * longer hold the account's GuardDuty, Security Hub, finding aggregator, trail and CIS alarms
 * (the organization's accounts run them), and for each of those a `removed` block with
 * `lifecycle { destroy = false }` (Terraform >= 1.7) makes Terraform forget it instead of
 * destroying it. Terraform ignores a removed block whose resource is not in state, so a member
 * deployed fresh plans the same (checked on terraform 1.11.4).
 *
 * What is forgotten keeps running until someone deletes it, which is the point: the old trail
 * keeps recording until the organization trail is seen to deliver, and the detector and hub are
 * the ones the security account's organization configuration takes over (GuardDuty's
 * auto-enable ALL associates the existing detector; Security Hub's configuration policy governs
 * the existing hub and its standards). README "Organization mode" lists what to delete by hand
 * afterwards (the old trail, its log group and role, the CIS alarms, the account's own finding
 * aggregator and GuardDuty rule), each of which now costs or alerts to no purpose.
 *
 * The addresses are those the standalone stacks give them (src/security/*.ts, regionalAddress),
 * every one that may be in a standalone state: all standards and GuardDuty plans, whatever this
 * environment chose, since a removed block of a resource not in state is a no-op.
 */
import { TerraformResource, TerraformStack } from 'cdktf';
import type { MemberOrganizationPlan } from '../config/organization-plan';
import type { EnvironmentSettings } from '../config/plan';
import { CIS_MONITORING } from '../catalog/cis-monitoring';
import { STANDARD_PATHS, STANDARDS } from '../catalog/securityhub-standards';
import { GUARDDUTY_FEATURES } from '../security/guardduty';

/** GuardDuty's and Security Hub's resources in any region of a standalone account (home or regional stack). */
function regionalServiceAddresses(settings: EnvironmentSettings, organization: MemberOrganizationPlan): string[] {
  const standards = STANDARD_PATHS.map((p) => STANDARDS[p].resourceName);
  // SecurityHub.disable: `<standard>_disable_<control>`, one per disabled control and standard that has it. A member's own
  // disabledControls are refused in organization mode: the standalone stack's are those moved to organization.securityHub.
  const controls = [...(settings.securityHub?.disabledControls ?? []), ...organization.securityHubDisabledControls];
  const disabled = controls.flatMap((d) => standards.map((s) => `${s}_disable_${d.control.toLowerCase().replace(/\./g, '_')}`));
  return [
    'aws_guardduty_detector.main',
    ...GUARDDUTY_FEATURES.map((f) => `aws_guardduty_detector_feature.${f.resourceName}`),
    'aws_securityhub_account.main',
    ...standards.map((s) => `aws_securityhub_standards_subscription.${s}`),
    ...[...new Set(disabled)].map((a) => `aws_securityhub_standards_control_association.${a}`),
  ];
}

/** What a standalone home stack (`security-<env>`) holds that a member's does not. */
export function leavingHomeStack(settings: EnvironmentSettings, organization: MemberOrganizationPlan): string[] {
  return [
    ...regionalServiceAddresses(settings, organization),
    // GuardDuty's direct alert on the home region's findings (GuardDuty construct).
    'aws_cloudwatch_event_rule.guardduty_high',
    'aws_cloudwatch_event_target.sns',
    // The finding aggregator and its alert on the other regions' findings (FindingAggregation).
    'aws_securityhub_finding_aggregator.all_regions',
    'aws_cloudwatch_event_rule.guardduty_high_linked',
    'aws_cloudwatch_event_target.sns_linked',
    // The trail, its log group and delivery role (AuditTrail).
    'aws_cloudtrail.govtech_audit',
    'aws_cloudwatch_log_group.cloudtrail',
    'aws_iam_role.cloudtrail_cloudwatch',
    'aws_iam_role_policy.cloudtrail_cloudwatch',
    // The CIS 4.x metric filters and alarms on the trail's log group (CisMonitoring).
    ...CIS_MONITORING.flatMap((c) => [`aws_cloudwatch_log_metric_filter.${c.id}`, `aws_cloudwatch_metric_alarm.${c.id}`]),
  ];
}

/** What a standalone regional stack (`security-<env>-<region>`) holds that a member's does not. */
export function leavingRegionalStack(settings: EnvironmentSettings, organization: MemberOrganizationPlan): string[] {
  return regionalServiceAddresses(settings, organization);
}

/**
 * `removed { from = <address>, lifecycle { destroy = false } }` in `stack` for each of `addresses`.
 * Refuses an address the stack still has (Terraform would fail the plan: "Removed resource block
 * still exists"), which would mean this list and the constructs disagree.
 */
export function forgetOrganizationRunResources(stack: TerraformStack, addresses: readonly string[]): void {
  const present = new Set(
    stack.node
      .findAll()
      .filter((c): c is TerraformResource => c instanceof TerraformResource)
      .map((r) => `${r.terraformResourceType}.${r.friendlyUniqueId}`),
  );
  const kept = addresses.filter((a) => present.has(a));
  if (kept.length > 0) {
    throw new Error(
      `${stack.node.id}: organization mode forgets ${kept.join(', ')} (removed blocks), but the stack still creates them. ` +
        `Take them out of leavingHomeStack/leavingRegionalStack (src/stacks/organization-migration.ts) or out of the member's stack.`,
    );
  }
  // cdktf has no construct for `removed`: an override of the stack's JSON (Terraform JSON syntax: a list of blocks), as regional-migration.ts does.
  stack.addOverride(
    'removed',
    addresses.map((from) => ({ from, lifecycle: { destroy: false } })),
  );
}
