/**
 * The CIS monitoring filters as synthesized, compared with the patterns AWS and CIS publish
 * (__tests__/fixtures/cis-filter-patterns.ts, copied from the published text, not from src/):
 * Security Hub passes CloudWatch.1 and .4 to .14 only with the exact pattern, so a typo in the
 * source would pass every other test and the synth-time check, but not this one.
 */
import { loadConfig } from '../../src/config';
import { CIS_MONITORING } from '../../src/catalog/cis-monitoring';
import { PUBLISHED_CIS_FILTER_PATTERNS } from '../fixtures/cis-filter-patterns';
import { stackJson, synthApp, SynthResult } from '../helpers/terraform';

describe('CIS filter patterns of the checked-in config, against the published text', () => {
  let synth: SynthResult;
  beforeAll(() => {
    synth = synthApp(loadConfig());
  });
  afterAll(() => synth?.cleanup());

  test('the fixture: CloudWatch.1 to .14 once each, and CIS 4.15', () => {
    expect(PUBLISHED_CIS_FILTER_PATTERNS.map((p) => p.control ?? `CIS ${p.cis}`)).toEqual([
      ...Array.from({ length: 14 }, (_, i) => `CloudWatch.${i + 1}`),
      'CIS 4.15',
    ]);
  });

  test.each(['security-dev', 'security-staging', 'security-prod'])(
    '%s: its fifteen metric filters have exactly the published patterns, each on the filter of its CIS row',
    (stack) => {
      const filters: Record<string, { pattern: string }> = stackJson(synth, stack).resource.aws_cloudwatch_log_metric_filter;
      expect(
        Object.values(filters)
          .map((f) => f.pattern)
          .sort(),
      ).toEqual(PUBLISHED_CIS_FILTER_PATTERNS.map((p) => p.pattern).sort());
      for (const published of PUBLISHED_CIS_FILTER_PATTERNS) {
        const row = CIS_MONITORING.find((r) => r.cis === published.cis);
        expect([published.cis, row && filters[row.id]?.pattern]).toEqual([published.cis, published.pattern]);
        // The Security Hub control the catalogue counts it as is the one AWS publishes the pattern for (none for 4.1, 4.2, 4.15 in CIS 1.4.0).
        if (row?.securityHubControl !== undefined) expect(row.securityHubControl).toBe(published.control);
      }
    },
  );
});
