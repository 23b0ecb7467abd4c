import { AccessanalyzerAnalyzer } from '@cdktf/provider-aws/lib/accessanalyzer-analyzer';
import { OrganizationAccessAnalyzer } from '../../src/security/organization-access-analyzer';
import { synth } from '../helpers/unit';

describe('OrganizationAccessAnalyzer', () => {
  test('an analyzer with the organization as zone of trust', () => {
    const s = synth((scope) => new OrganizationAccessAnalyzer(scope, 'access_analyzer', { analyzerName: 'govtech-organization' }));
    expect(s.resource(AccessanalyzerAnalyzer, 'organization')).toEqual({ analyzer_name: 'govtech-organization', type: 'ORGANIZATION' });
  });

  test('a name Access Analyzer refuses is refused at synth', () => {
    expect(() => synth((scope) => new OrganizationAccessAnalyzer(scope, 'access_analyzer', { analyzerName: '1-organization' }))).toThrow(
      /analyzerName = "1-organization": must be 1-255 letters/,
    );
  });
});
