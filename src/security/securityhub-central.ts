/**
 * Security Hub central configuration, from the delegated administrator (the security account)
 * in the home region: the finding aggregator (the home region and its linked regions), the
 * organization configuration CENTRAL, one configuration policy (the chosen standards, the
 * disabled controls) and its association with the organization root, so that every account
 * of the organization, in every covered region, has Security Hub with exactly that policy.
 *
 * The management account designates this administrator in the home region only: "When you start
 * using central configuration, the same delegated administrator is automatically set in all linked
 * Regions as well" (Security Hub user guide, "Enabling central configuration"), and the policies
 * "take effect in the home Region and all linked Regions" ("Impact of central configuration on
 * cross-Region aggregation", which also allows a home region without linked regions).
 *
 * No `aws_securityhub_account` here: designating the administrator enables Security Hub in it
 * ("The organization management account chooses a Security Hub administrator account. Security
 * Hub is enabled automatically for the chosen account": Security Hub user guide, "Setting up AWS
 * Security Hub"), so creating it would fail ("Account is already subscribed to Security Hub");
 * and the root association applies the policy to this account too.
 *
 * Sources: the hashicorp/aws docs of aws_securityhub_organization_configuration ("In order to set
 * the configuration_type to CENTRAL, the delegated admin must be a member account of the
 * organization and not the management account. Central configuration also requires an
 * aws_securityhub_finding_aggregator"; CENTRAL needs auto_enable false and auto_enable_standards
 * NONE), aws_securityhub_configuration_policy (requires CENTRAL; enabled_standard_arns;
 * security_controls_configuration.disabled_control_identifiers: "Security Hub enables all other
 * controls (including newly released controls)") and aws_securityhub_configuration_policy_association
 * (target_id: an account, an OU or the root).
 */
import { Construct } from 'constructs';
import { SecurityhubConfigurationPolicy } from '@cdktf/provider-aws/lib/securityhub-configuration-policy';
import { SecurityhubConfigurationPolicyAssociation } from '@cdktf/provider-aws/lib/securityhub-configuration-policy-association';
import { SecurityhubFindingAggregator } from '@cdktf/provider-aws/lib/securityhub-finding-aggregator';
import { SecurityhubOrganizationConfiguration } from '@cdktf/provider-aws/lib/securityhub-organization-configuration';
import type { DisabledControlConfig } from '../config';
import { DEFAULT_STANDARDS, standardArn, StandardPath, STANDARDS } from '../catalog/securityhub-standards';
import { SecurityContext } from './context';
import { disabledIn, findingLinking, FindingLinking } from './securityhub';
import { refuse } from './validation';

/** The aggregator's linking in central configuration: as standalone (findingLinking), or NO_REGIONS with the home region alone. */
export type CentralLinking = FindingLinking | { readonly mode: 'NO_REGIONS' };

/**
 * The linking of `linkedRegions` (the covered regions besides the home one): exactly them, or
 * ALL_REGIONS when they and the home region are every region of the partition (findingLinking).
 * Not ALL_REGIONS otherwise: central configuration applies the policy in the home region and every
 * linked one, so ALL_REGIONS would enable Security Hub (billed per check) in every member account in
 * regions the baseline does not cover, where the members record nothing with AWS Config and the
 * controls fail. NO_REGIONS (hashicorp/aws docs of aws_securityhub_finding_aggregator: "enable the
 * aggregator but not link any AWS Regions") when only the home region is covered: central
 * configuration still needs an aggregator.
 */
export function centralLinking(linkedRegions: readonly string[]): CentralLinking {
  return findingLinking(linkedRegions) ?? { mode: 'NO_REGIONS' };
}

export interface SecurityHubCentralProps {
  /** The security account in the home region (`awsRegion` names the standards' ARNs). */
  readonly context: SecurityContext;
  /** The covered regions besides the home one: linked to the aggregator, so the policy applies there too. */
  readonly linkedRegions: readonly string[];
  /** The organization's root (`r-...`), or an OU or account, the policy is associated with. */
  readonly targetId: string;
  /** The configuration policy's name. */
  readonly policyName: string;
  /** The standards every account enables. @default DEFAULT_STANDARDS */
  readonly standards?: readonly StandardPath[];
  /**
   * Controls disabled in every account and region (reasons stay in config and the report: a
   * policy holds none). An entry with `regions` or `standard` is refused: a policy disables a
   * control in every linked region and every standard alike. @default none
   */
  readonly disabledControls?: readonly DisabledControlConfig[];
}

export class SecurityHubCentral extends Construct {
  readonly linking: CentralLinking;
  readonly aggregator: SecurityhubFindingAggregator;
  readonly organizationConfiguration: SecurityhubOrganizationConfiguration;
  readonly policy: SecurityhubConfigurationPolicy;
  readonly association: SecurityhubConfigurationPolicyAssociation;
  /** The control IDs the policy disables, sorted. */
  readonly disabledControlIds: readonly string[];

  constructor(scope: Construct, id: string, props: SecurityHubCentralProps) {
    super(scope, id);
    const standards = props.standards ?? DEFAULT_STANDARDS;
    if (standards.length === 0) {
      refuse(this, 'standards = []: list at least one standard (Security Hub without a standard checks no control).');
    }
    this.disabledControlIds = this.disabledIds(props.disabledControls ?? [], standards);

    this.linking = centralLinking(props.linkedRegions);
    this.aggregator = new SecurityhubFindingAggregator(this, 'aggregator', {
      linkingMode: this.linking.mode,
      specifiedRegions: this.linking.mode === 'SPECIFIED_REGIONS' ? [...this.linking.regions] : undefined,
    });
    this.aggregator.overrideLogicalId('organization');

    this.organizationConfiguration = new SecurityhubOrganizationConfiguration(this, 'organization_configuration', {
      // Central configuration: accounts are enabled by the policy, not by auto-enable.
      autoEnable: false,
      autoEnableStandards: 'NONE',
      organizationConfiguration: { configurationType: 'CENTRAL' },
      dependsOn: [this.aggregator],
    });
    this.organizationConfiguration.overrideLogicalId('organization');

    const ctx = props.context;
    this.policy = new SecurityhubConfigurationPolicy(this, 'policy', {
      name: props.policyName,
      description: policyDescription(standards, this.disabledControlIds.length),
      configurationPolicy: {
        serviceEnabled: true,
        enabledStandardArns: standards.map((s) => standardArn(s, ctx.partition, ctx.awsRegion)),
        // An empty list still says "every other control on, new ones too" (the provider docs' example).
        securityControlsConfiguration: { disabledControlIdentifiers: [...this.disabledControlIds] },
      },
      dependsOn: [this.organizationConfiguration],
    });
    this.policy.overrideLogicalId('organization');

    this.association = new SecurityhubConfigurationPolicyAssociation(this, 'association', {
      targetId: props.targetId,
      policyId: this.policy.id,
    });
    this.association.overrideLogicalId('root');
  }

  /** The IDs of `disabled`, each a control of a chosen standard, in neither a region list nor one standard. */
  private disabledIds(disabled: readonly DisabledControlConfig[], standards: readonly StandardPath[]): string[] {
    for (const d of disabled) {
      if (d.regions !== undefined) {
        refuse(
          this,
          `disabledControls ${d.control}: regions = [${d.regions.join(', ')}]: a configuration policy disables a control in every region alike. Leave regions out.`,
        );
      }
      if (d.standard !== undefined) {
        refuse(
          this,
          `disabledControls ${d.control}: standard = "${d.standard}": a configuration policy disables a control in every standard alike. Leave standard out.`,
        );
      }
      disabledIn(d, standards, (problem) => refuse(this, problem));
    }
    return [...new Set(disabled.map((d) => d.control))].sort();
  }
}

/** `Standards: FSBP, CIS 1.4.0; 2 controls disabled (reasons in config/environments.json)`. */
function policyDescription(standards: readonly StandardPath[], disabled: number): string {
  const names = standards.map((s) => STANDARDS[s].short).join(', ');
  const controls =
    disabled === 0 ? 'no control disabled' : `${disabled} control${disabled === 1 ? '' : 's'} disabled (reasons in the config)`;
  return `Standards: ${names}; ${controls}. Managed by cdktf from the security account.`;
}
