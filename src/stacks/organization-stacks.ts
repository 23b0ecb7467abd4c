/**
 * The organization accounts' stacks, in deploy order (README "Organization mode"): the log archive
 * (bucket and trail key), the management account (delegated administrators, organization trail;
 * one stack per other covered region for GuardDuty's regional administrator), then the security
 * account (GuardDuty organization configuration in every covered region, Security Hub central
 * configuration, aggregators, alerts). Each deploys only to its own account, through its deploy
 * role when config names one.
 */
import { App, TerraformStack } from 'cdktf';
import type { OrganizationPlan } from '../config/organization-plan';
import { OrgLogArchiveStack } from './org-log-archive-stack';
import { OrgManagementRegionalStack } from './org-management-regional-stack';
import { OrgManagementStack } from './org-management-stack';
import { OrgSecurityRegionalStack } from './org-security-regional-stack';
import { OrgSecurityStack } from './org-security-stack';

export interface OrganizationStacks {
  readonly logArchive: OrgLogArchiveStack;
  readonly management: OrgManagementStack;
  /** GuardDuty's delegated administrator in each covered region besides the home one. */
  readonly managementRegional: readonly OrgManagementRegionalStack[];
  readonly security: OrgSecurityStack;
  /** The security account's GuardDuty organization configuration in each covered region besides the home one. */
  readonly securityRegional: readonly OrgSecurityRegionalStack[];
}

/**
 * Builds the stacks of `org`, each depending on `bootstrap` (its state) and on what it needs:
 * the management stack reads the trail key from the log archive's state; the security account
 * acts as delegated administrator only once the management account has registered it (per region
 * for GuardDuty).
 */
export function buildOrganizationStacks(app: App, org: OrganizationPlan, bootstrap: TerraformStack): OrganizationStacks {
  const logArchive = new OrgLogArchiveStack(app, org.logArchive.stack, { org });
  const management = new OrgManagementStack(app, org.management.stack, { org });
  management.addDependency(logArchive);
  const managementRegional = org.management.regionalStacks.map((region) => {
    const stack = new OrgManagementRegionalStack(app, region.stack, { org, region });
    stack.addDependency(management);
    return stack;
  });
  const security = new OrgSecurityStack(app, org.security.stack, { org });
  security.addDependency(management);
  const securityRegional = org.security.regionalStacks.map((region, i) => {
    const stack = new OrgSecurityRegionalStack(app, region.stack, { org, region });
    stack.addDependency(security);
    stack.addDependency(managementRegional[i]);
    return stack;
  });
  for (const stack of [logArchive, management, ...managementRegional, security, ...securityRegional]) stack.addDependency(bootstrap);
  return { logArchive, management, managementRegional, security, securityRegional };
}
