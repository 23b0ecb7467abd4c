/**
 * OrgManagementRegionalStack (`org-management-<region>`): GuardDuty's delegated administrator in
 * one covered region besides the home one, through that region's provider alone. GuardDuty's
 * administrator is regional: EnableOrganizationAdminAccount designates it "for your current
 * Region only" (GuardDuty User Guide, "Designating a delegated GuardDuty administrator account
 * ... by using the API"). Security Hub needs none here: central configuration sets the home
 * region's administrator in every linked region (see OrganizationAdmins).
 */
import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import type { OrganizationPlan, OrganizationRegionalStackPlan } from '../config/organization-plan';
import { GuardDutyAdministrator } from '../security/organization-admins';
import { MANAGEMENT_ENVIRONMENT } from './org-management-stack';
import { deployToOrganizationAccount } from './organization-account';

export interface OrgManagementRegionalStackProps {
  /** The organization's plan (src/config/organization-plan.ts). */
  readonly org: OrganizationPlan;
  /** The region this stack covers (one of `org.management.regionalStacks`). */
  readonly region: OrganizationRegionalStackPlan;
}

export class OrgManagementRegionalStack extends TerraformStack {
  /** The region's name, e.g. eu-west-1. */
  readonly region: string;
  readonly guardDuty: GuardDutyAdministrator;

  constructor(scope: Construct, id: string, props: OrgManagementRegionalStackProps) {
    super(scope, id);
    const { org } = props;
    const account = org.management;
    this.region = props.region.region;
    if (this.region === org.awsRegion) {
      throw new Error(
        `OrgManagementRegionalStack ${id}: region ${this.region} is the home region, whose GuardDuty administrator the org-management stack registers; pass one of org.management.regionalStacks.`,
      );
    }
    deployToOrganizationAccount(this, { org, account, stackName: id, region: this.region, environment: MANAGEMENT_ENVIRONMENT });
    this.guardDuty = new GuardDutyAdministrator(this, 'guardduty', { adminAccountId: org.security.accountId });
  }
}
