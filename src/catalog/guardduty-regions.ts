/**
 * Where GuardDuty does not offer a protection plan, so that the baseline leaves the plan's
 * `aws_guardduty_detector_feature` out in that region (UpdateDetector with a feature the region
 * lacks fails the apply) and the compliance report says why the plan's control has nothing there.
 *
 * Sources (read 2026-11-29):
 * - Amazon GuardDuty User Guide, "Amazon GuardDuty Regions and endpoints", section
 *   "Region-specific feature availability": "RDS Protection is not supported in Asia Pacific
 *   (Taipei) (ap-east-2) Region." (earlier versions of the page also listed ca-west-1,
 *   ap-south-2, eu-south-2, eu-central-2, me-central-1, il-central-1 and ap-southeast-4, since
 *   removed: the plan is offered there now).
 * - "Getting Started with Amazon Web Services in China", Amazon GuardDuty, "Feature Availability
 *   and Implementation Differences": "Runtime Monitoring (including EKS Runtime Monitoring) is
 *   not supported in the China Regions."
 * - AWS GovCloud (US) User Guide, "Amazon GuardDuty in AWS GovCloud (US)": lists differences of
 *   finding types and agent endpoints, no plan that is missing.
 * Regions not listed offer every plan the module manages. Update this table from those pages.
 */

/** The protection plans the module manages (`aws_guardduty_detector_feature` names). */
export type GuardDutyFeatureName =
  'S3_DATA_EVENTS' | 'EKS_AUDIT_LOGS' | 'EBS_MALWARE_PROTECTION' | 'RDS_LOGIN_EVENTS' | 'LAMBDA_NETWORK_LOGS' | 'RUNTIME_MONITORING';

/** Per plan, the regions where GuardDuty does not offer it. */
export const GUARDDUTY_PLAN_UNAVAILABLE: Readonly<Record<GuardDutyFeatureName, readonly string[]>> = {
  S3_DATA_EVENTS: [],
  EKS_AUDIT_LOGS: [],
  EBS_MALWARE_PROTECTION: [],
  RDS_LOGIN_EVENTS: ['ap-east-2'],
  LAMBDA_NETWORK_LOGS: [],
  RUNTIME_MONITORING: ['cn-north-1', 'cn-northwest-1'],
};

/** Whether GuardDuty offers `feature` in the region named `region` (every region the table does not list offers every plan). */
export function guardDutyOffers(feature: GuardDutyFeatureName, region: string): boolean {
  return !GUARDDUTY_PLAN_UNAVAILABLE[feature].includes(region);
}
