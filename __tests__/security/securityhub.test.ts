import { SecurityhubAccount } from '@cdktf/provider-aws/lib/securityhub-account';
import { SecurityhubFindingAggregator } from '@cdktf/provider-aws/lib/securityhub-finding-aggregator';
import { SecurityhubStandardsSubscription } from '@cdktf/provider-aws/lib/securityhub-standards-subscription';
import { SecurityHub } from '../../src/security/securityhub';
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

  test('finding aggregator over all regions', () => {
    expect(s.resource(SecurityhubFindingAggregator, 'all_regions')).toEqual({
      linking_mode: 'ALL_REGIONS',
      depends_on: ['aws_securityhub_account.main'],
    });
  });
});
