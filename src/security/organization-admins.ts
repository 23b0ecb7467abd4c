/**
 * The security account as delegated administrator of the organization's security services, set
 * from the management account (only it may register them):
 * - GuardDuty (`aws_guardduty_organization_admin_account`): regional, so the home stack registers
 *   it for the home region and each `org-management-<region>` stack for its region
 *   (GuardDutyAdministrator). Registering it "enables GuardDuty as a trusted service in AWS
 *   Organizations" and GuardDuty in the administrator account, in that region (GuardDuty User
 *   Guide, "Permissions required to designate a delegated GuardDuty administrator account").
 * - Security Hub (`aws_securityhub_organization_admin_account`), home region only: designating it
 *   "enables Security Hub as a trusted service in Organizations" (Security Hub User Guide,
 *   "Integrating Security Hub with AWS Organizations"), and with central configuration "the same
 *   delegated administrator is automatically set in all linked Regions" (Security Hub User Guide,
 *   "Enabling central configuration", prerequisites). A registration per linked region would
 *   fight central configuration, which refuses changes to the administrator through Security Hub.
 *   The management account need not enable Security Hub itself first ("The organization
 *   management account does not need to enable Security Hub before it designates the Security Hub
 *   administrator account", Security Hub User Guide, "Setting up AWS Security Hub").
 * - AWS Config (`config.amazonaws.com` for the organization aggregator,
 *   `config-multiaccountsetup.amazonaws.com` for organization rules and conformance packs) and IAM
 *   Access Analyzer (`access-analyzer.amazonaws.com`), through Organizations
 *   (`aws_organizations_delegated_administrator`). Organizations registers a delegated
 *   administrator only for a service that already has trusted access (RegisterDelegatedAdministrator,
 *   Organizations API Reference), and these services do not enable it themselves.
 *
 * CloudTrail's organization trail needs trusted access too: the console enables it, but "if you
 * choose to create an organization trail using the AWS CLI or the AWS API, you must manually
 * configure trusted access" (Organizations User Guide, "AWS CloudTrail and AWS Organizations").
 *
 * Trusted access for those four is a documented one-time step, checked at plan
 * (TrustedAccessCheck). This project does not manage `aws_organizations_organization`: its
 * `aws_service_access_principals` is the organization's complete list, which Control Tower and
 * other tools also write, and a principal missing from config would turn that service's trusted
 * access off organization-wide (org-design.md).
 */
import { Construct } from 'constructs';
import { DataResource, Fn, Op, TerraformLocal, Token } from 'cdktf';
import { DataAwsOrganizationsOrganization } from '@cdktf/provider-aws/lib/data-aws-organizations-organization';
import { GuarddutyOrganizationAdminAccount } from '@cdktf/provider-aws/lib/guardduty-organization-admin-account';
import { OrganizationsDelegatedAdministrator } from '@cdktf/provider-aws/lib/organizations-delegated-administrator';
import { SecurityhubOrganizationAdminAccount } from '@cdktf/provider-aws/lib/securityhub-organization-admin-account';

/** The services delegated through Organizations, by the Terraform name of their registration. */
export const DELEGATED_SERVICES = {
  config: 'config.amazonaws.com',
  config_multiaccountsetup: 'config-multiaccountsetup.amazonaws.com',
  access_analyzer: 'access-analyzer.amazonaws.com',
} as const;

/** The organization trail's service, which needs trusted access when the trail is created through the API. */
export const CLOUDTRAIL_PRINCIPAL = 'cloudtrail.amazonaws.com';

/** The principals that need trusted access before the management stack applies (a one-time step): the delegated services and CloudTrail. */
export const TRUSTED_ACCESS_PRINCIPALS: readonly string[] = [...Object.values(DELEGATED_SERVICES), CLOUDTRAIL_PRINCIPAL];

/** Terraform name of the local the trusted-access check reads (tests override it). */
export const SERVICE_ACCESS_PRINCIPALS_LOCAL = 'service_access_principals';

/** The one-time command that enables trusted access for `principal`, run with the management account's credentials. */
export function enableTrustedAccessCommand(principal: string): string {
  return `aws organizations enable-aws-service-access --service-principal ${principal}`;
}

/**
 * `local.service_access_principals`: the principals with trusted access, as
 * `data.aws_organizations_organization.current` reads them. Everything reads the local, never
 * the data source, so that an offline plan can set the data source's `count = 0` and override
 * the local with a fixture.
 */
export function serviceAccessPrincipals(scope: Construct): string[] {
  const organization = new DataAwsOrganizationsOrganization(scope, 'organization');
  organization.overrideLogicalId('current');
  const local = new TerraformLocal(scope, SERVICE_ACCESS_PRINCIPALS_LOCAL, organization.awsServiceAccessPrincipals);
  local.overrideLogicalId(SERVICE_ACCESS_PRINCIPALS_LOCAL);
  return Token.asList(local.expression);
}

export interface TrustedAccessCheckProps {
  /** The principals with trusted access (`serviceAccessPrincipals`). */
  readonly servicePrincipals: string[];
  /** @default TRUSTED_ACCESS_PRINCIPALS */
  readonly required?: readonly string[];
}

/**
 * `terraform_data.trusted_access`: a plan fails while any required principal lacks trusted
 * access, naming each missing one and the command that enables it. The registrations and the organization trail depend on it.
 */
export class TrustedAccessCheck extends Construct {
  readonly resource: DataResource;

  constructor(scope: Construct, id: string, props: TrustedAccessCheckProps) {
    super(scope, id);
    const required = [...(props.required ?? TRUSTED_ACCESS_PRINCIPALS)];
    const missing = Fn.sort(Token.asList(Fn.setsubtract(required, props.servicePrincipals)));
    const commands = Fn.join('\n', Token.asList(Fn.formatlist(enableTrustedAccessCommand('%s'), [missing])));
    this.resource = new DataResource(this, 'trusted_access', {
      input: { required },
      lifecycle: {
        precondition: [
          {
            // `== 0` would render as `== undefined` (cdktf drops a literal 0 operand): no missing principal is `< 1`.
            condition: Op.lt(Fn.lengthOf(missing), 1),
            errorMessage:
              `Trusted access is not enabled in the organization for ${Fn.join(', ', missing)}. AWS Organizations registers the security ` +
              `account as delegated administrator of AWS Config and IAM Access Analyzer, and CloudTrail creates the organization trail through ` +
              `its API, only for services the organization trusts; this project does not manage aws_organizations_organization (its list of service principals is the whole organization's, which other tools ` +
              `such as Control Tower also write). Enable it once, with the management account's credentials:\n${commands}\nthen plan again.`,
          },
        ],
      },
    });
    this.resource.overrideLogicalId('trusted_access');
  }
}

export interface GuardDutyAdministratorProps {
  /** The account that administers GuardDuty for the organization in this provider's region. */
  readonly adminAccountId: string;
}

/** `aws_guardduty_organization_admin_account.guardduty`: GuardDuty's delegated administrator in one region (the provider's). */
export class GuardDutyAdministrator extends Construct {
  readonly adminAccount: GuarddutyOrganizationAdminAccount;

  constructor(scope: Construct, id: string, props: GuardDutyAdministratorProps) {
    super(scope, id);
    this.adminAccount = new GuarddutyOrganizationAdminAccount(this, 'guardduty', { adminAccountId: props.adminAccountId });
    this.adminAccount.overrideLogicalId('guardduty');
  }
}

export interface OrganizationAdminsProps {
  /** The security account, delegated administrator of every service. */
  readonly adminAccountId: string;
  /** The principals with trusted access (`serviceAccessPrincipals`). */
  readonly servicePrincipals: string[];
}

/** The home region's delegated administrators: GuardDuty (this region), Security Hub, AWS Config (both principals), IAM Access Analyzer. */
export class OrganizationAdmins extends Construct {
  readonly trustedAccess: TrustedAccessCheck;
  readonly guardDuty: GuardDutyAdministrator;
  readonly securityHub: SecurityhubOrganizationAdminAccount;
  readonly delegated: Readonly<Record<keyof typeof DELEGATED_SERVICES, OrganizationsDelegatedAdministrator>>;

  constructor(scope: Construct, id: string, props: OrganizationAdminsProps) {
    super(scope, id);
    const accountId = props.adminAccountId;
    this.guardDuty = new GuardDutyAdministrator(this, 'guardduty', { adminAccountId: accountId });
    this.securityHub = new SecurityhubOrganizationAdminAccount(this, 'securityhub', { adminAccountId: accountId });
    this.securityHub.overrideLogicalId('securityhub');

    this.trustedAccess = new TrustedAccessCheck(this, 'trusted_access', { servicePrincipals: props.servicePrincipals });
    const register = (name: keyof typeof DELEGATED_SERVICES): OrganizationsDelegatedAdministrator => {
      const admin = new OrganizationsDelegatedAdministrator(this, name, {
        accountId,
        servicePrincipal: DELEGATED_SERVICES[name],
        // Fails at plan, naming the commands, rather than at apply with Organizations' AccessDenied.
        dependsOn: [this.trustedAccess.resource],
      });
      admin.overrideLogicalId(name);
      return admin;
    };
    this.delegated = {
      config: register('config'),
      config_multiaccountsetup: register('config_multiaccountsetup'),
      access_analyzer: register('access_analyzer'),
    };
  }
}
