/**
 * GuardDuty for the whole organization, from the delegated administrator (the security account),
 * in one region: the account's own detector with its protection plans (the GuardDuty construct,
 * as in standalone mode), and the organization configuration that enrolls every member account
 * (`auto_enable_organization_members = "ALL"`) with the same plans.
 *
 * Why the administrator's own plans are set separately: the organization configuration applies
 * to the member accounts; the administrator's detector keeps its own feature settings
 * (UpdateDetector), as AWS SRA found for S3 protection (aws-security-reference-architecture-examples#7).
 * The GuardDuty user guide ("Designating a delegated GuardDuty administrator account") says to
 * enable GuardDuty for the newly designated administrator: its detector is created here, after the
 * management account's stack has designated it (deploy order), and the organization configuration
 * takes its ID (hashicorp/aws docs of aws_guardduty_organization_configuration: "detector_id - The
 * detector ID of the GuardDuty account").
 */
import { Construct } from 'constructs';
import { GuarddutyOrganizationConfiguration } from '@cdktf/provider-aws/lib/guardduty-organization-configuration';
import { GuarddutyOrganizationConfigurationFeature } from '@cdktf/provider-aws/lib/guardduty-organization-configuration-feature';
import type { GuardDutyOptions } from '../config';
import { guardDutyOffers } from '../catalog/guardduty-regions';
import { SecurityContext } from './context';
import { GuardDuty, GUARDDUTY_FEATURES, GuardDutyFeatureSpec } from './guardduty';
import { refuse } from './validation';

/**
 * How GuardDuty enrolls the organization's accounts (UpdateOrganizationConfiguration's
 * AutoEnableOrganizationMembers): ALL also enables accounts that were members before or had been
 * removed, NEW only accounts that join later (GuardDuty API reference, UpdateOrganizationConfiguration).
 */
export const AUTO_ENABLE_ORGANIZATION_MEMBERS = 'ALL';

export interface GuardDutyOrganizationProps {
  /** The security account in this region: `awsRegion` must be a literal region name. */
  readonly context: SecurityContext;
  /** Protection plans beyond the default, for the administrator and every member. @default none */
  readonly guardDuty?: GuardDutyOptions;
  /**
   * The detector the security account has in the region already (`aws guardduty list-detectors`),
   * e.g. from Control Tower's audit account: imported rather than created (one detector per
   * account and region). @default none: created
   */
  readonly existingDetectorId?: string;
}

export class GuardDutyOrganization extends Construct {
  /** The security account's own detector and plans. */
  readonly administrator: GuardDuty;
  readonly detectorId: string;
  readonly organizationConfiguration: GuarddutyOrganizationConfiguration;
  /** The plans enrolled for the members, by API name (those the region offers). */
  readonly organizationFeatures: Record<string, GuarddutyOrganizationConfigurationFeature>;

  constructor(scope: Construct, id: string, props: GuardDutyOrganizationProps) {
    super(scope, id);
    const region = props.context.awsRegion;
    if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
      refuse(this, `context.awsRegion = "${region}": must be a literal region name (its plans are chosen by region at synth).`);
    }
    this.administrator = new GuardDuty(this, 'administrator', {
      context: props.context,
      existingDetectorId: props.existingDetectorId,
      ...props.guardDuty,
    });
    this.detectorId = this.administrator.detectorId;

    this.organizationConfiguration = new GuarddutyOrganizationConfiguration(this, 'organization', {
      detectorId: this.detectorId,
      autoEnableOrganizationMembers: AUTO_ENABLE_ORGANIZATION_MEMBERS,
    });
    this.organizationConfiguration.overrideLogicalId('organization');

    this.organizationFeatures = {};
    for (const spec of GUARDDUTY_FEATURES) {
      // A plan the region lacks would fail the apply, as for a detector (src/catalog/guardduty-regions.ts).
      if (!guardDutyOffers(spec.name, region)) continue;
      this.organizationFeatures[spec.name] = this.organizationFeature(spec, props.guardDuty ?? {});
    }
  }

  /**
   * `auto_enable` ALL for a plan that is on, NONE for one that is off (hashicorp/aws docs of
   * aws_guardduty_organization_configuration_feature: NEW, ALL or NONE; the same for each
   * additional configuration). Each waits for the organization configuration: both are
   * UpdateOrganizationConfiguration calls on the same detector.
   */
  private organizationFeature(spec: GuardDutyFeatureSpec, options: GuardDutyOptions): GuarddutyOrganizationConfigurationFeature {
    const on = spec.option === undefined || options[spec.option] === true;
    const autoEnable = on ? AUTO_ENABLE_ORGANIZATION_MEMBERS : 'NONE';
    const feature = new GuarddutyOrganizationConfigurationFeature(this, `organization_${spec.resourceName}`, {
      detectorId: this.detectorId,
      name: spec.name,
      autoEnable,
      additionalConfiguration: spec.additionalConfiguration?.map((name) => ({ name, autoEnable })),
      dependsOn: [this.organizationConfiguration],
    });
    feature.overrideLogicalId(spec.resourceName);
    return feature;
  }
}
