/**
 * `org-security-<region>`: the security account's GuardDuty in one covered region besides the
 * home one (one AWS provider): its detector and the organization configuration that enrolls every
 * member there. GuardDuty's administrator, configuration and plans are regional; Security Hub's
 * central configuration reaches this region from the home stack (a linked region of the aggregator).
 */
import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { ORGANIZATION_ENVIRONMENT, OrganizationPlan, OrganizationRegionalStackPlan } from '../config/organization-plan';
import { GuardDutyOrganization } from '../security/guardduty-organization';
import { organizationAccountContext } from './organization-account';

export interface OrgSecurityRegionalStackProps {
  readonly org: OrganizationPlan;
  /** The region this stack covers (one of `org.security.regionalStacks`). */
  readonly region: OrganizationRegionalStackPlan;
}

export class OrgSecurityRegionalStack extends TerraformStack {
  /** The region's name, e.g. eu-west-1. */
  readonly region: string;
  readonly guardDuty: GuardDutyOrganization;

  constructor(scope: Construct, id: string, props: OrgSecurityRegionalStackProps) {
    super(scope, id);
    const { org } = props;
    this.region = props.region.region;
    if (this.region === org.awsRegion || !org.regions.includes(this.region)) {
      throw new Error(
        `${id}: region = "${this.region}": must be a covered region (${org.regions.join(', ')}) other than the home region ${org.awsRegion}, which org-security covers.`,
      );
    }
    const context = organizationAccountContext(this, {
      org,
      account: org.security,
      stackName: props.region.stack,
      region: this.region,
      environment: ORGANIZATION_ENVIRONMENT,
    });
    this.guardDuty = new GuardDutyOrganization(this, 'guardduty', { context, guardDuty: org.guardDuty });
    new TerraformOutput(this, 'guardduty_detector_id', {
      description: `GuardDuty detector ID of the delegated administrator in ${this.region} (the organization configuration's)`,
      value: this.guardDuty.detectorId,
      staticId: true,
    });
  }
}
