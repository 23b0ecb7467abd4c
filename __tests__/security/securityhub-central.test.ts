import { SecurityhubConfigurationPolicy } from '@cdktf/provider-aws/lib/securityhub-configuration-policy';
import { SecurityhubConfigurationPolicyAssociation } from '@cdktf/provider-aws/lib/securityhub-configuration-policy-association';
import { SecurityhubFindingAggregator } from '@cdktf/provider-aws/lib/securityhub-finding-aggregator';
import { SecurityhubOrganizationConfiguration } from '@cdktf/provider-aws/lib/securityhub-organization-configuration';
import { SecurityhubAccount } from '@cdktf/provider-aws/lib/securityhub-account';
import { SecurityhubStandardsSubscription } from '@cdktf/provider-aws/lib/securityhub-standards-subscription';
import { CIS_1_4_0, FSBP, NIST_800_53_R5 } from '../../src/catalog/securityhub-standards';
import { regionsOf } from '../../src/config/regions';
import type { DisabledControlConfig } from '../../src/config';
import { centralLinking, SecurityHubCentral, SecurityHubCentralProps } from '../../src/security/securityhub-central';
import { PARTITION, ref, synth } from '../helpers/unit';

type Props = Omit<SecurityHubCentralProps, 'context'>;
const BASE: Props = { linkedRegions: ['eu-west-1'], targetId: 'r-ab12', policyName: 'govtech-organization' };

function synthCentral(props: Partial<Props> = {}) {
  return synth((scope, context) => new SecurityHubCentral(scope, 'securityhub', { context, ...BASE, ...props }), {
    awsRegion: 'us-east-1',
  });
}

describe('SecurityHubCentral', () => {
  const s = synthCentral();

  test('the aggregator links exactly the other covered regions', () => {
    expect(s.resource(SecurityhubFindingAggregator, 'organization')).toEqual({
      linking_mode: 'SPECIFIED_REGIONS',
      specified_regions: ['eu-west-1'],
    });
  });

  test('CENTRAL, auto-enable off, standards NONE, after the aggregator', () => {
    expect(s.resource(SecurityhubOrganizationConfiguration, 'organization')).toEqual({
      auto_enable: false,
      auto_enable_standards: 'NONE',
      organization_configuration: { configuration_type: 'CENTRAL' },
      depends_on: ['aws_securityhub_finding_aggregator.organization'],
    });
  });

  test("the policy enables Security Hub with the chosen standards' home-region ARNs and disables nothing by default", () => {
    const policy = s.resource(SecurityhubConfigurationPolicy, 'organization');
    expect(policy.name).toBe('govtech-organization');
    expect(policy.configuration_policy).toEqual({
      service_enabled: true,
      enabled_standard_arns: [
        `arn:${PARTITION}:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/1.4.0`,
        `arn:${PARTITION}:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0`,
      ],
      security_controls_configuration: { disabled_control_identifiers: [] },
    });
    expect(policy.depends_on).toEqual(['aws_securityhub_organization_configuration.organization']);
    expect(policy.description).toMatch(/^Standards: CIS 1.4.0, FSBP; no control disabled/);
  });

  test('the policy is associated with the root', () => {
    expect(s.resource(SecurityhubConfigurationPolicyAssociation, 'root')).toEqual({
      target_id: 'r-ab12',
      policy_id: ref(SecurityhubConfigurationPolicy, 'organization', 'id'),
    });
  });

  test('no Security Hub account or standards subscription: designating the administrator enabled it, the policy enables the standards', () => {
    expect(s.resources(SecurityhubAccount)).toEqual({});
    expect(s.resources(SecurityhubStandardsSubscription)).toEqual({});
  });

  test('disabled controls become disabled_control_identifiers, once each and sorted; their reasons stay out', () => {
    const disabled: DisabledControlConfig[] = [
      { control: 'IAM.6', reason: 'Hardware MFA for root is handled by the organization owner' },
      { control: 'CloudTrail.1', reason: 'The organization trail records every account' },
      { control: 'IAM.6', reason: 'again, with another reason' },
    ];
    const policy = synthCentral({ disabledControls: disabled }).resource(SecurityhubConfigurationPolicy, 'organization');
    expect(policy.configuration_policy.security_controls_configuration).toEqual({
      disabled_control_identifiers: ['CloudTrail.1', 'IAM.6'],
    });
    expect(JSON.stringify(policy)).not.toContain('Hardware MFA');
    expect(policy.description).toContain('2 controls disabled');
  });

  test('other standards: their ARNs', () => {
    const policy = synthCentral({ standards: [FSBP, NIST_800_53_R5] }).resource(SecurityhubConfigurationPolicy, 'organization');
    expect(policy.configuration_policy.enabled_standard_arns).toEqual([
      `arn:${PARTITION}:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0`,
      `arn:${PARTITION}:securityhub:us-east-1::standards/nist-800-53/v/5.0.0`,
    ]);
  });

  test.each([
    [{ control: 'IAM.6', regions: ['us-east-1'], reason: 'only at home, say' }, /IAM.6: regions = \[us-east-1\]: .*every region alike/],
    [
      { control: 'IAM.6', standard: CIS_1_4_0, reason: 'only in CIS, say' },
      /IAM.6: standard = "cis-aws-foundations-benchmark\/v\/1.4.0": .*every standard alike/,
    ],
    [{ control: 'Nope.1', reason: 'not a control at all' }, /Nope.1 is not a control of the catalogue/],
  ])('a disabled control the policy cannot express is refused: %j', (d, message) => {
    expect(() => synthCentral({ disabledControls: [d as DisabledControlConfig] })).toThrow(message);
  });

  test('no standard is refused', () => {
    expect(() => synthCentral({ standards: [] })).toThrow(/standards = \[\]: list at least one standard/);
  });

  test('the home region alone: an aggregator without linked regions (central configuration needs one)', () => {
    expect(synthCentral({ linkedRegions: [] }).resource(SecurityhubFindingAggregator, 'organization')).toEqual({
      linking_mode: 'NO_REGIONS',
    });
  });

  test('ALL_REGIONS only when every region of the partition is covered', () => {
    const all = regionsOf('aws')
      .map((r) => r.name)
      .filter((r) => r !== 'us-east-1');
    expect(centralLinking(all)).toEqual({ mode: 'ALL_REGIONS' });
    expect(centralLinking(all.slice(1))).toEqual({ mode: 'SPECIFIED_REGIONS', regions: all.slice(1) });
  });
});
