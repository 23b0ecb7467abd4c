/**
 * GuardDuty for the whole organization, from the delegated administrator (the security account),
 * in one region: the account's own detector with its protection plans (the GuardDuty construct,
 * as in standalone mode), and the organization configuration that enrolls every member account
 * (`auto_enable_organization_members = "ALL"`) with the same plans.
 *
 * Why the administrator's own plans are set separately: the organization configuration applies
 * to the member accounts; the administrator's detector keeps its own feature settings
 * (UpdateDetector), as AWS SRA found for S3 protection (aws-security-reference-architecture-examples#7).
 *
 * The detector: designating the administrator "also enables GuardDuty for the delegated GuardDuty
 * administrator account" (GuardDuty user guide, "Permissions required to designate a delegated
 * GuardDuty administrator account"), so when this stack runs (after the management stacks) the
 * region has a detector already, and creating one would fail ("a detector already exists for the
 * current account", hashicorp/terraform-provider-aws#11780). It is taken over instead: an `import`
 * block for each ID of `local.guardduty_delegated_detector_ids`, which reads the region's detector
 * from `data.aws_guardduty_detector` (one list, so that an offline test overrides the local with
 * `[]` and the data source with `count = 0`: the plan then creates it). Once in state the import
 * block is a no-op. Managed, the detector keeps the project's settings (updated findings published
 * every 15 minutes) and its ID is the organization configuration's `detector_id`.
 * If GuardDuty is somehow not enabled there, the data source fails the plan; `aws guardduty
 * create-detector --enable` in the security account and region, then plan again.
 */
import { Construct } from 'constructs';
import { TerraformLocal, TerraformStack } from 'cdktf';
import { DataAwsGuarddutyDetector } from '@cdktf/provider-aws/lib/data-aws-guardduty-detector';
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

/** `data.aws_guardduty_detector.<name>`: the region's detector of the security account. */
export const DELEGATED_DETECTOR_DATA = 'delegated_administrator';
/** `local.<name>`: the IDs of the detectors to import (the data source's, or `[]` in offline tests). */
export const DELEGATED_DETECTOR_IDS_LOCAL = 'guardduty_delegated_detector_ids';

export interface GuardDutyOrganizationProps {
  /** The security account in this region: `awsRegion` must be a literal region name. */
  readonly context: SecurityContext;
  /** Protection plans beyond the default, for the administrator and every member. @default none */
  readonly guardDuty?: GuardDutyOptions;
  /**
   * The detector to take over, by ID (`aws guardduty list-detectors`). @default none: the one
   * designating the administrator enabled, found by `data.aws_guardduty_detector` at plan
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
    if (props.existingDetectorId === undefined) this.adoptDelegatedDetector();

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

  /** Import the detector GuardDuty enabled when the management account designated this one (see the file's comment). */
  private adoptDelegatedDetector(): void {
    const delegated = new DataAwsGuarddutyDetector(this, 'delegated');
    delegated.overrideLogicalId(DELEGATED_DETECTOR_DATA);
    const ids = new TerraformLocal(this, 'delegated_ids', [delegated.id]);
    ids.overrideLogicalId(DELEGATED_DETECTOR_IDS_LOCAL);
    // cdktf's importFrom takes one fixed ID; an import block with for_each (Terraform >= 1.7) is written as the stack's JSON.
    const detector = this.administrator.detector;
    TerraformStack.of(this).addOverride('import', [
      {
        for_each: `\${toset(local.${DELEGATED_DETECTOR_IDS_LOCAL})}`,
        to: `${detector.terraformResourceType}.${detector.friendlyUniqueId}`,
        id: '${each.value}',
      },
    ]);
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
