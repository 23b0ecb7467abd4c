/**
 * The AWS Config organization aggregator in the security account (home region): one view of the
 * configuration and compliance that every member account's recorder reports, in every covered
 * region. Config reads the organization through a role of this account with the AWS managed
 * policy AWSConfigRoleForOrganizations (hashicorp/aws docs of aws_config_configuration_aggregator,
 * "Organization Based Aggregation": the role, trusted by config.amazonaws.com, and the aggregator
 * depending on the policy attachment). The security account can create it as the delegated
 * administrator of config.amazonaws.com, which the management stack registers.
 */
import { Construct } from 'constructs';
import { ConfigConfigurationAggregator } from '@cdktf/provider-aws/lib/config-configuration-aggregator';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Partition, regionInfo, regionsOf } from '../config/regions';
import { SecurityContext } from './context';
import { policyDocument, servicePrincipal } from './iam';

/** Which regions the aggregator reads: every one (future ones too), or those listed. */
export type AggregatedRegions = { readonly allRegions: true } | { readonly regions: readonly string[] };

/**
 * `{ allRegions: true }` when `covered` is every region of its partition (then regions AWS adds
 * are what the config asks for); otherwise exactly `covered`: members record only there.
 */
export function aggregatedRegions(covered: readonly string[]): AggregatedRegions {
  const partition: Partition | undefined = covered.length ? regionInfo(covered[0])?.partition : undefined;
  if (partition !== undefined && new Set(covered).size === regionsOf(partition).length) return { allRegions: true };
  return { regions: [...covered] };
}

export interface OrganizationConfigAggregatorProps {
  readonly context: SecurityContext;
  /** The aggregator's name, and its role's. */
  readonly name: string;
  /** The covered regions (home first). */
  readonly regions: readonly string[];
}

export class OrganizationConfigAggregator extends Construct {
  readonly role: IamRole;
  readonly aggregator: ConfigConfigurationAggregator;
  readonly aggregatorArn: string;

  constructor(scope: Construct, id: string, props: OrganizationConfigAggregatorProps) {
    super(scope, id);
    const assume = policyDocument(this, 'config_aggregator_assume_role', [
      { sid: 'ConfigAssumeRole', principals: servicePrincipal('config.amazonaws.com'), actions: ['sts:AssumeRole'] },
    ]);
    this.role = new IamRole(this, 'role', {
      name: props.name,
      description: `Lets AWS Config read the organization's accounts for the aggregator ${props.name}`,
      assumeRolePolicy: assume.json,
    });
    this.role.overrideLogicalId('config_aggregator');
    const attachment = new IamRolePolicyAttachment(this, 'organizations', {
      role: this.role.name,
      policyArn: `arn:${props.context.partition}:iam::aws:policy/service-role/AWSConfigRoleForOrganizations`,
    });
    attachment.overrideLogicalId('config_aggregator');

    const regions = aggregatedRegions(props.regions);
    this.aggregator = new ConfigConfigurationAggregator(this, 'aggregator', {
      name: props.name,
      organizationAggregationSource: {
        roleArn: this.role.arn,
        ...('allRegions' in regions ? { allRegions: true } : { regions: [...regions.regions] }),
      },
      // Config checks the role's permissions when the aggregator is created.
      dependsOn: [attachment],
    });
    this.aggregator.overrideLogicalId('organization');
    this.aggregatorArn = this.aggregator.arn;
  }
}
