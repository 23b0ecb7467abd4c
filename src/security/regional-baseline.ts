/**
 * The regional part of the baseline: the services AWS runs per region (GuardDuty, Security
 * Hub, AWS Config, EBS default encryption, IAM Access Analyzer), created once in every covered region. One RegionalBaseline per region,
 * each a RegionScope: in the home region its resources keep their documented addresses; in
 * another its resources take the region's aliased provider and `_<region>` in their names
 * (`aws_guardduty_detector.main_eu_west_1`), so a region added or removed touches no other.
 *
 * Adding a regional service is one row in REGIONAL_SERVICES (its construct, in a file of its
 * own, places its resources with `regionalAddress`).
 */
import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import type { AccountControlsConfig, AwsConfigOptions, GuardDutyOptions, RegionAdoption } from '../config';
import { AccessAnalyzer } from './access-analyzer';
import { IAlertsTopic } from './alerting';
import { ConfigDeliveryKey, AwsConfig } from './aws-config';
import { RegionScope, SecurityContext } from './context';
import { resourceNames } from '../catalog/resource-names';
import { GUARDDUTY_PLAN_CONTROL_IDS } from '../catalog/controls';
import { EbsEncryption } from './ebs-encryption';
import { GuardDuty } from './guardduty';
import { SecurityHub, SecurityHubProps } from './securityhub';
import { buildServices, ServiceRow, ServicesOf } from './service-table';
import { refuse } from './validation';

/** What every regional service is built from. */
export interface RegionalServiceProps {
  /** The context with `awsRegion` this region. */
  readonly context: SecurityContext;
  /**
   * The home region's baseline (or, in a regional stack of its own, what it takes from it);
   * undefined in the home region itself.
   */
  readonly home?: HomeRegion;
  /**
   * The key Config delivers with; a region other than the home one only delivers with it (its ARN).
   * Undefined for a member of an organization: its deliveries to the log archive bucket are SSE-S3 (AwsConfigProps.key).
   */
  readonly key: ConfigDeliveryKey | undefined;
  /** The bucket Config delivers to: `logs_bucket`, or the organization's log archive bucket for a member. */
  readonly logsBucket: string;
  /** Key prefix of Config's deliveries. @default CONFIG_WRITER's (`config`) */
  readonly configKeyPrefix?: string;
  /** The alerts topic; the home region's GuardDuty rule publishes to it. @default none (not needed outside the home region) */
  readonly alerts?: IAlertsTopic;
  readonly guardDuty?: GuardDutyOptions;
  /** The home region's name when known at synth (its `awsRegion` is `var.aws_region`): decides which GuardDuty plans it offers. */
  readonly homeRegionName?: string;
  readonly awsConfig?: AwsConfigOptions;
  /** Security Hub's standards and disabled controls. @default FSBP and CIS 1.4.0, none disabled */
  readonly securityHub?: Pick<SecurityHubProps, 'standards' | 'disabledControls'>;
  /** Account-level controls turned off (with the reason); the regional ones are left out. @default none */
  readonly accountControlsOff?: AccountControlsConfig['off'];
  /** What exists in this region already: imported instead of created. @default none */
  readonly adopt?: RegionAdoption;
}

/** What a region other than the home one takes from the home region's baseline (a RegionalBaseline is one). */
export interface HomeRegion {
  readonly services: { readonly awsConfig: Pick<AwsConfig, 'roleArn'> };
}

/**
 * The regional services, each built in a region's scope, in this order (it matters only where
 * one refers to another of the home region).
 */
export const REGIONAL_SERVICES = {
  /** GuardDuty with the configured plans the region offers; the direct high-severity rule at home only (other regions alert through Security Hub). */
  guardDuty: {
    build: (scope: Construct, p: RegionalServiceProps): GuardDuty =>
      new GuardDuty(scope, 'guardduty', {
        context: p.context,
        alerts: p.home === undefined ? p.alerts : undefined,
        regionName: p.homeRegionName,
        existingDetectorId: p.adopt?.guardDutyDetectorId,
        ...p.guardDuty,
      }),
    controls: ['GuardDuty.1', ...GUARDDUTY_PLAN_CONTROL_IDS],
  },
  /** Security Hub with the chosen standards (the standards ARNs of the region) and the controls disabled in it. */
  securityHub: {
    build: (scope: Construct, p: RegionalServiceProps): SecurityHub =>
      new SecurityHub(scope, 'securityhub', {
        context: p.context,
        ...p.securityHub,
        regionName: p.homeRegionName,
        adoptExisting: p.adopt?.securityHub,
      }),
    controls: [],
  },
  /** The Config recorder delivering to the logs bucket; global resource types at home only. */
  awsConfig: {
    build: (scope: Construct, p: RegionalServiceProps): AwsConfig =>
      new AwsConfig(scope, 'config', {
        context: p.context,
        logsBucket: p.logsBucket,
        key: p.key,
        keyPrefix: p.configKeyPrefix,
        home: p.home?.services.awsConfig,
        existingRecorderName: p.adopt?.configRecorderName,
        existingDeliveryChannelName: p.adopt?.configDeliveryChannelName,
        ...p.awsConfig,
      }),
    controls: ['Config.1'],
  },
  /** EBS encryption by default, a setting of each region. */
  ebsEncryption: {
    build: (scope: Construct, p: RegionalServiceProps): EbsEncryption =>
      new EbsEncryption(scope, 'ebs_encryption', { adoptExisting: p.adopt?.ebsEncryption }),
    offSwitch: 'ebsEncryption',
    controls: ['EC2.7'],
  },
  /** IAM Access Analyzer of the account (CIS 1.4.0 1.20); analyzers are regional, names too. */
  accessAnalyzer: {
    build: (scope: Construct, p: RegionalServiceProps): AccessAnalyzer =>
      new AccessAnalyzer(scope, 'access_analyzer', {
        // An existing analyzer keeps its name (ForceNew): adopting renames nothing.
        analyzerName: p.adopt?.accessAnalyzerName ?? resourceNames(p.context).accessAnalyzer,
        existing: p.adopt?.accessAnalyzerName !== undefined,
      }),
    offSwitch: 'accessAnalyzer',
    controls: ['IAM.28'],
  },
} as const satisfies Readonly<Record<string, ServiceRow<RegionalServiceProps>>>;

/**
 * The regional services an organization runs for each member account (organization mode): GuardDuty
 * (the security account is its delegated administrator, `auto_enable_organization_members = "ALL"`)
 * and Security Hub (central configuration: the configuration policy enables it and the standards).
 * A member's baseline builds the rest of REGIONAL_SERVICES and none of these.
 */
export const ORGANIZATION_RUN_SERVICES = ['guardDuty', 'securityHub'] as const;
type OrganizationRun = (typeof ORGANIZATION_RUN_SERVICES)[number];

/** REGIONAL_SERVICES without those the organization runs: what a member account's baseline builds, in the same order. */
const { guardDuty: _guardDuty, securityHub: _securityHub, ...MEMBER_REGIONAL_SERVICES } = REGIONAL_SERVICES;

/** What a baseline built: every row of REGIONAL_SERVICES, but none of ORGANIZATION_RUN_SERVICES in a member account. */
export type RegionalServices = ServicesOf<typeof MEMBER_REGIONAL_SERVICES> &
  Partial<Pick<ServicesOf<typeof REGIONAL_SERVICES>, OrganizationRun>>;

export interface RegionalBaselineProps extends Omit<RegionalServiceProps, 'context'> {
  /** The module's context; its `awsRegion` is replaced by `region`. */
  readonly context: SecurityContext;
  /** The region: `var.aws_region` at home, a literal name elsewhere. */
  readonly region: string;
  /**
   * The region's aliased provider; undefined in the home region and in a stack of the region's
   * own (the stack's default provider: resources keep their plain names).
   */
  readonly provider?: TerraformProvider;
  /**
   * The account is a member of an AWS Organization that runs ORGANIZATION_RUN_SERVICES for it:
   * none of them is built here. @default false: standalone, every regional service is built
   */
  readonly organizationMember?: boolean;
}

/** A covered region besides the home one. */
export interface OtherRegion {
  /** The region's name, e.g. eu-west-1. */
  readonly name: string;
  /**
   * The AWS provider configured for it (an alias, e.g. `aws.eu_west_1`): its services are built
   * in this stack. @default none: they are in a stack of their own (RegionalStack); the home
   * region's aggregator only links it
   */
  readonly provider?: TerraformProvider;
}

export class RegionalBaseline extends RegionScope {
  readonly services: RegionalServices;

  constructor(scope: Construct, id: string, props: RegionalBaselineProps) {
    super(scope, id, props.region, props.provider);
    if (props.provider !== undefined && props.home === undefined) {
      refuse(
        this,
        `a region with a provider of its own (${props.region}) is not the home region, so it needs the home baseline (home): pass it, or leave the provider out in the home region.`,
      );
    }
    const serviceProps: RegionalServiceProps = { ...props, context: { ...props.context, awsRegion: props.region } };
    const rows = props.organizationMember ? MEMBER_REGIONAL_SERVICES : REGIONAL_SERVICES;
    this.services = buildServices(this, rows, serviceProps, props.accountControlsOff);
  }
}
