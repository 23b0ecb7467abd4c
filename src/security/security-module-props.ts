/**
 * The props of SecurityModule: the module's variables (`project_name`, `environment`,
 * `account_id`, `aws_region`, `logs_bucket`) and the settings the stacks pass from the plan.
 */
import type { AccountControlsConfig, AwsConfigOptions, CostAnomalyOptions, GuardDutyOptions } from '../config';
import type { SharedAccountServices } from './account-baseline';
import type { ModuleAdoption } from './adopt';
import type { AlertSubscriber } from './alerting';
import type { CisMonitoringId } from '../catalog/cis-monitoring';
import type { OtherRegion } from './regional-baseline';
import type { SecurityHubProps } from './securityhub';
import type { WafLogDestination } from './waf';
import type { RetentionDays } from './validation';

/**
 * What a member account of an AWS Organization takes from it (organization mode): the
 * organization trail records the account (the management account's CIS alarms watch it), the
 * security account runs GuardDuty and Security Hub for it, and its AWS Config recorder delivers to
 * the log archive bucket.
 */
export interface OrganizationMembership {
  /** ARN of the organization trail that records the account: `cloudtrail_arn`. */
  readonly trailArn: string;
  /** The log archive bucket the account's AWS Config recorders deliver to (SSE-S3, see AwsConfigProps.key). */
  readonly configBucket: string;
  /** Key prefix of those deliveries (`<prefix>/AWSLogs/<account>/Config/...`). */
  readonly configPrefix: string;
  /**
   * The home region's GuardDuty detector, which the organization's auto-enable created and the
   * security account manages: read (`data.aws_guardduty_detector`), never created here.
   * Unused with `sharedAccountServices` (the owner's IDs are reported then).
   */
  readonly guardDutyDetectorId: string;
}

export interface SecurityModuleProps {
  /** `project_name`: project name for resource naming and tagging. */
  readonly projectName: string;
  /** `environment`: dev, staging or prod; prod keeps logs 365 days, others 90. */
  readonly environment: string;
  /** `account_id`: the account the key, topic and trail policies are limited to. */
  readonly accountId: string;
  /** `aws_region`: region of the Security Hub standards ARNs and the regional principals. */
  readonly awsRegion: string;
  /** `logs_bucket`: existing bucket whose policy lets CloudTrail write. */
  readonly logsBucket: string;
  /**
   * Days CloudTrail and WAF log groups keep events: one of RetentionDays.
   * @default `environment == "prod" ? 365 : 90`, as a Terraform expression
   */
  readonly logGroupRetentionDays?: RetentionDays;
  /** Email addresses subscribed to the security alerts topic. @default [] */
  readonly alertEmails?: readonly string[];
  /** Further subscribers of the alerts topic (SQS, Lambda, HTTPS; emails too). @default [] */
  readonly alertSubscribers?: readonly AlertSubscriber[];
  /** CIS 1.4.0 monitoring rows turned off, with the reason. @default none */
  readonly cisMonitoringOff?: Partial<Record<CisMonitoringId, string>>;
  /** AWS Config recorder settings (the recorder exists unless `sharedAccountServices` is set). @default see AwsConfigOptions */
  readonly awsConfig?: AwsConfigOptions;
  /** Threshold and email subscribers of the cost anomaly alerts. @default $50, no emails */
  readonly costAnomaly?: CostAnomalyOptions;
  /** Optional GuardDuty protection plans. @default all off */
  readonly guardDuty?: GuardDutyOptions;
  /** Security Hub's standards (ARN paths) and controls disabled with the reason. @default FSBP and CIS 1.4.0, none disabled */
  readonly securityHub?: Pick<SecurityHubProps, 'standards' | 'disabledControls'>;
  /** `aws_region`'s name when known at synth: plans GuardDuty lacks there are left out; regions of disabled controls match it. @default unknown */
  readonly homeRegionName?: string;
  /**
   * The account-level controls (password policy, S3 account public access block, EBS default
   * encryption, Access Analyzer, support role): settings, and those turned off with the reason.
   * Created with the account services, i.e. unless `sharedAccountServices` is set. @default all on, CIS defaults
   */
  readonly accountControls?: AccountControlsConfig;
  /**
   * Covered regions besides `aws_region`: the regional services of those with an aliased provider
   * are created here (RegionalBaseline), the others' in stacks of their own; the home region's
   * aggregator links all and their high-severity GuardDuty findings alert. Distinct, one partition, not
   * `aws_region` (the stack refuses `-var aws_region` set to one of them). Ignored with
   * `sharedAccountServices` (the owner covers the regions).
   * @default [] (the home region only)
   */
  readonly otherRegions?: readonly OtherRegion[];
  /**
   * Set when another environment in the same account owns its services (REGIONAL_SERVICES and
   * ACCOUNT_SERVICES): the module then creates none of them and reports these IDs.
   * @default undefined: this module creates them
   */
  readonly sharedAccountServices?: SharedAccountServices;
  /**
   * Set in organization mode: the module then creates no trail, no CIS metric filters and alarms,
   * no GuardDuty, no Security Hub and no finding aggregator (the organization's accounts run them),
   * and its Config recorders deliver to the log archive bucket.
   * @default undefined: standalone, the module creates them
   */
  readonly organization?: OrganizationMembership;
  /** What exists already: imported instead of created. A stack's only: Terraform refuses import blocks in a called module. @default none */
  readonly adopt?: ModuleAdoption;
  /**
   * Where WAF logs: its own log group, or `logs_bucket` when that bucket's name starts with
   * `aws-waf-logs-`. Decided at synth so that nothing counted depends on the bucket's name.
   * @default 'log-group'
   */
  readonly wafLogDestination?: WafLogDestination;
  /**
   * Tags set on every taggable resource of the module. In a module called from HCL the
   * caller's provider `default_tags` are merged with them (tags_all); the stacks leave this
   * out and tag through their own provider's `default_tags`.
   * @default none
   */
  readonly tags?: Readonly<Record<string, string>>;
}
