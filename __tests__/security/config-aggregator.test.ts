import { ConfigConfigurationAggregator } from '@cdktf/provider-aws/lib/config-configuration-aggregator';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { regionsOf } from '../../src/config/regions';
import { aggregatedRegions, OrganizationConfigAggregator } from '../../src/security/config-aggregator';
import { decide, renderPolicy } from '../helpers/policy-sim';
import { PARTITION, policyJson, ref, synth } from '../helpers/unit';

function synthAggregator(regions: readonly string[] = ['us-east-1', 'eu-west-1']) {
  return synth((scope, context) => new OrganizationConfigAggregator(scope, 'config', { context, name: 'govtech-organization', regions }), {
    awsRegion: 'us-east-1',
  });
}

describe('OrganizationConfigAggregator', () => {
  const s = synthAggregator();

  test('an organization aggregator over the covered regions, through its role, once the role has its policy', () => {
    expect(s.resource(ConfigConfigurationAggregator, 'organization')).toEqual({
      name: 'govtech-organization',
      organization_aggregation_source: { role_arn: ref(IamRole, 'config_aggregator', 'arn'), regions: ['us-east-1', 'eu-west-1'] },
      depends_on: ['aws_iam_role_policy_attachment.config_aggregator'],
    });
  });

  test('the role has AWSConfigRoleForOrganizations of its partition', () => {
    expect(s.resource(IamRolePolicyAttachment, 'config_aggregator')).toEqual({
      role: ref(IamRole, 'config_aggregator', 'name'),
      policy_arn: `arn:${PARTITION}:iam::aws:policy/service-role/AWSConfigRoleForOrganizations`,
    });
    expect(s.resource(IamRole, 'config_aggregator').assume_role_policy).toBe(policyJson('config_aggregator_assume_role'));
  });

  test('only AWS Config may assume the role', async () => {
    const trust = renderPolicy(s.data(DataAwsIamPolicyDocument, 'config_aggregator_assume_role').statement, {});
    const assume = (principal: string) =>
      decide(trust, {
        principal,
        action: 'sts:AssumeRole',
        resource: 'arn:aws:iam::123456789012:role/govtech-organization',
        resourceAccount: '123456789012',
      });
    expect(await assume('config.amazonaws.com')).toBe('Allowed');
    expect(await assume('events.amazonaws.com')).toBe('ImplicitlyDenied');
    expect(await assume('arn:aws:iam::999999999999:role/intruder')).toBe('ImplicitlyDenied');
  });

  test('all_regions only when every region of the partition is covered', () => {
    const all = regionsOf('aws').map((r) => r.name);
    expect(aggregatedRegions(all)).toEqual({ allRegions: true });
    expect(aggregatedRegions(all.slice(1))).toEqual({ regions: all.slice(1) });
    expect(synthAggregator(all).resource(ConfigConfigurationAggregator, 'organization').organization_aggregation_source).toEqual({
      role_arn: ref(IamRole, 'config_aggregator', 'arn'),
      all_regions: true,
    });
  });
});
