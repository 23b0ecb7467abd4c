/**
 * GuardDuty: the account's detector (`aws_guardduty_detector.main`), its protection plans as
 * `aws_guardduty_detector_feature` resources (the `datasources` block is deprecated), and the
 * EventBridge rule that sends high and critical findings (severity 7.0 and above) to the alerts topic.
 */
import { Construct } from 'constructs';
import { Token } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { GuarddutyDetector } from '@cdktf/provider-aws/lib/guardduty-detector';
import { GuarddutyDetectorFeature } from '@cdktf/provider-aws/lib/guardduty-detector-feature';
import type { GuardDutyOptions } from '../config';
import { AlertPublisher, IAlertsTopic } from './alerting';
import { importExisting } from './adopt';
import { arnOf, regionalAddress, SecurityContext } from './context';
import { resourceNames } from '../catalog/resource-names';
import { GuardDutyFeatureName, guardDutyOffers } from '../catalog/guardduty-regions';

export interface GuardDutyFeatureSpec {
  /** The feature's API name. */
  readonly name: GuardDutyFeatureName;
  /** Terraform name of its `aws_guardduty_detector_feature`. */
  readonly resourceName: string;
  /** The option that turns it on; none: always on (the documented protections). */
  readonly option?: keyof GuardDutyOptions;
  /** Agent management settings enabled together with the feature. */
  readonly additionalConfiguration?: readonly string[];
}

/** The protection plans the module manages, each explicitly ENABLED or DISABLED. */
export const GUARDDUTY_FEATURES: readonly GuardDutyFeatureSpec[] = [
  { name: 'S3_DATA_EVENTS', resourceName: 's3_data_events' },
  { name: 'EKS_AUDIT_LOGS', resourceName: 'eks_audit_logs' },
  { name: 'EBS_MALWARE_PROTECTION', resourceName: 'ebs_malware_protection' },
  { name: 'RDS_LOGIN_EVENTS', resourceName: 'rds_login_events', option: 'rdsLoginEvents' },
  { name: 'LAMBDA_NETWORK_LOGS', resourceName: 'lambda_network_logs', option: 'lambdaNetworkLogs' },
  {
    name: 'RUNTIME_MONITORING',
    resourceName: 'runtime_monitoring',
    option: 'runtimeMonitoring',
    // In the order GuardDuty returns them and hashicorp/aws 5.100.0 reads them back (a list,
    // flattened as the API gives it: EKS, EC2, ECS), so that no plan after apply shows a diff.
    additionalConfiguration: ['EKS_ADDON_MANAGEMENT', 'EC2_AGENT_MANAGEMENT', 'ECS_FARGATE_AGENT_MANAGEMENT'],
  },
];

/** GuardDuty's High band starts at 7.0 (High 7.0-8.9, Critical 9.0-10.0): findings from it on are alerted. */
const HIGH_SEVERITY_FROM = 7;

/** EventBridge rules of this account publish to the alerts topic. */
export const EVENTBRIDGE_RULES_PUBLISHER: AlertPublisher = {
  sid: 'EventBridgeRules',
  service: 'events.amazonaws.com',
  sourceArn: (ctx) => arnOf(ctx, 'events', 'rule/*'),
};

export interface GuardDutyProps extends GuardDutyOptions {
  readonly context: SecurityContext;
  /** Topic that receives findings of severity 7.0 and above (granted publishing); none: no EventBridge rule. */
  readonly alerts?: IAlertsTopic;
  /** How often updated findings are published. @default 'FIFTEEN_MINUTES' */
  readonly findingPublishingFrequency?: 'FIFTEEN_MINUTES' | 'ONE_HOUR' | 'SIX_HOURS';
  /**
   * The region's name when `context.awsRegion` is a Terraform expression (the home region's
   * `var.aws_region`): plans GuardDuty does not offer there (GUARDDUTY_PLAN_UNAVAILABLE) are left out.
   * @default `context.awsRegion` when it is a literal name; else unknown, and every plan is managed
   */
  readonly regionName?: string;
  /**
   * The detector that exists in the region (`aws guardduty list-detectors`): imported, since a
   * region has one detector per account and creating a second fails. Its plans are still set by
   * `aws_guardduty_detector_feature`, which has no import: creating one only updates the detector.
   * @default none: the detector is created
   */
  readonly existingDetectorId?: string;
}

export class GuardDuty extends Construct {
  readonly detector: GuarddutyDetector;
  /** The plans the region offers, by API name (a plan GuardDuty lacks there has none). */
  readonly features: Record<string, GuarddutyDetectorFeature>;
  readonly detectorId: string;

  constructor(scope: Construct, id: string, props: GuardDutyProps) {
    super(scope, id);
    this.detector = new GuarddutyDetector(this, 'main', {
      enable: true,
      findingPublishingFrequency: props.findingPublishingFrequency ?? 'FIFTEEN_MINUTES',
    });
    regionalAddress(this.detector, 'main');
    importExisting(this.detector, props.existingDetectorId);
    this.detectorId = this.detector.id;

    this.features = {};
    const region = Token.isUnresolved(props.context.awsRegion) ? props.regionName : props.context.awsRegion;
    for (const spec of GUARDDUTY_FEATURES) {
      // A plan the region lacks would fail the apply: it is left out there (the report says so).
      if (region !== undefined && !guardDutyOffers(spec.name, region)) continue;
      const on = spec.option === undefined || props[spec.option] === true;
      const status = on ? 'ENABLED' : 'DISABLED';
      const feature = new GuarddutyDetectorFeature(this, spec.resourceName, {
        detectorId: this.detectorId,
        name: spec.name,
        status,
        additionalConfiguration: spec.additionalConfiguration?.map((name) => ({ name, status })),
      });
      regionalAddress(feature, spec.resourceName);
      this.features[spec.name] = feature;
    }

    if (props.alerts !== undefined) {
      props.alerts.grantPublish(EVENTBRIDGE_RULES_PUBLISHER);
      const names = resourceNames(props.context);
      const rule = new CloudwatchEventRule(this, 'guardduty_high', {
        name: names.guardDutyRule,
        description: `GuardDuty findings of severity ${HIGH_SEVERITY_FROM}.0 and above (high and critical)`,
        eventPattern: JSON.stringify({
          source: ['aws.guardduty'],
          'detail-type': ['GuardDuty Finding'],
          detail: { severity: [{ numeric: ['>=', HIGH_SEVERITY_FROM] }] },
        }),
      });
      regionalAddress(rule, 'guardduty_high');
      const target = new CloudwatchEventTarget(this, 'sns', {
        rule: rule.name,
        targetId: 'SendToSNS',
        arn: props.alerts.topicArn,
      });
      regionalAddress(target, 'sns');
    }
  }
}
