import { SecurityhubAccount } from '@cdktf/provider-aws/lib/securityhub-account';
import { SecurityhubFindingAggregator } from '@cdktf/provider-aws/lib/securityhub-finding-aggregator';
import { SecurityhubStandardsSubscription } from '@cdktf/provider-aws/lib/securityhub-standards-subscription';
import { REGION_PRESETS } from '../../src/config';
import { regionsOf } from '../../src/config/regions';
import { findingLinking, SecurityHub } from '../../src/security/securityhub';
import { PARTITION, synth } from '../helpers/unit';

function synthHub(awsRegion?: string) {
  return synth((scope, context) => new SecurityHub(scope, 'securityhub', { context }), awsRegion ? { awsRegion } : {});
}

describe('SecurityHub', () => {
  const s = synthHub();

  test('aws_securityhub_account.main without AWS default standards', () => {
    expect(s.resource(SecurityhubAccount, 'main')).toMatchObject({ enable_default_standards: false });
  });

  test('subscribes exactly the two documented standards', () => {
    expect(Object.keys(s.resources(SecurityhubStandardsSubscription)).sort()).toEqual(['aws_foundational', 'cis_1_4_0']);
  });

  test.each([
    ['cis_1_4_0', 'standards/cis-aws-foundations-benchmark/v/1.4.0'],
    ['aws_foundational', 'standards/aws-foundational-security-best-practices/v/1.0.0'],
  ])('%s: standard ARN in the deployment region, after the account', (name, standard) => {
    expect(s.resource(SecurityhubStandardsSubscription, name)).toEqual({
      standards_arn: `arn:${PARTITION}:securityhub:eu-west-2::${standard}`,
      depends_on: ['aws_securityhub_account.main'],
    });
  });

  test('the standards ARNs follow the region passed in', () => {
    const gov = synthHub('us-gov-west-1');
    expect(gov.resource(SecurityhubStandardsSubscription, 'cis_1_4_0').standards_arn).toBe(
      `arn:${PARTITION}:securityhub:us-gov-west-1::standards/cis-aws-foundations-benchmark/v/1.4.0`,
    );
  });

  test('no finding aggregator of its own (the home region aggregates, FindingAggregation)', () => {
    expect(s.resources(SecurityhubFindingAggregator)).toEqual({});
  });
});

describe('findingLinking: the home aggregator links exactly the other covered regions', () => {
  test('no other region: no aggregator (nothing to link; ALL_REGIONS would take in regions the baseline does not manage)', () => {
    expect(findingLinking([])).toBeUndefined();
  });

  test('some regions of the partition: SPECIFIED_REGIONS with exactly them', () => {
    expect(findingLinking(['eu-west-1', 'ap-southeast-2'])).toEqual({
      mode: 'SPECIFIED_REGIONS',
      regions: ['eu-west-1', 'ap-southeast-2'],
    });
    // The 16 other default-enabled regions are not the commercial partition (opt-in regions exist).
    const others = REGION_PRESETS['default-enabled'].filter((r) => r !== 'us-east-1');
    expect(findingLinking(others)).toEqual({ mode: 'SPECIFIED_REGIONS', regions: others });
  });

  test('every region of the partition covered: ALL_REGIONS', () => {
    expect(findingLinking(['us-gov-east-1'])).toEqual({ mode: 'ALL_REGIONS' });
    const commercial = regionsOf('aws')
      .map((r) => r.name)
      .filter((r) => r !== 'eu-west-2');
    expect(findingLinking(commercial)).toEqual({ mode: 'ALL_REGIONS' });
    expect(findingLinking(commercial.slice(1))).toMatchObject({ mode: 'SPECIFIED_REGIONS' });
  });
});
