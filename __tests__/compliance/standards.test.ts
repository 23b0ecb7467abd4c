/**
 * The catalogue's standards, as data: every control has its entry, the facts the audit against
 * AWS's documentation corrected stay corrected, and the per-standard totals bound what the
 * catalogue covers.
 */
import { CONTROL_STANDARDS, standardsOf } from '../../src/catalog/control-standards';
import { CONTROLS } from '../../src/compliance/controls';
import {
  CIS_1_4_0,
  CIS_3_0_0,
  FSBP,
  NIST_800_53_R5,
  PCI_DSS_4_0_1,
  STANDARDS,
  StandardPath,
  standardNames,
} from '../../src/catalog/securityhub-standards';

const of = (id: string) => CONTROLS.find((c) => c.id === id)!;
const catalogued = (s: StandardPath) => CONTROLS.filter((c) => c.standards[s] !== undefined).map((c) => c.id);

test('every control has exactly its entry in CONTROL_STANDARDS, in at least one standard; a control without one is refused', () => {
  expect(Object.keys(CONTROL_STANDARDS).sort()).toEqual(CONTROLS.map((c) => c.id).sort());
  for (const c of CONTROLS) expect([c.id, standardNames(c.standards).length > 0]).toEqual([c.id, true]);
  expect(() => standardsOf('EC2.99')).toThrow(/control EC2\.99 has no entry in CONTROL_STANDARDS/);
});

test('ARN paths as Security Hub names the standards; the catalogue never counts more controls than a standard has', () => {
  for (const [path, s] of Object.entries(STANDARDS)) {
    expect(path).toMatch(/^[a-z0-9-]+\/v\/\d+\.\d+\.\d+$/);
    if (s.controls !== undefined) expect(catalogued(path as StandardPath).length).toBeLessThanOrEqual(s.controls);
  }
  // CIS 1.4.0: Security Hub has 39 controls, all of them in the catalogue.
  expect(catalogued(CIS_1_4_0)).toHaveLength(STANDARDS[CIS_1_4_0].controls);
});

test('IAM.28 is CIS 3.0.0 requirement 1.20, not CIS 1.4.0; CloudWatch.1 is CIS 1.4.0 1.7 and 4.3', () => {
  expect(of('IAM.28').standards).toEqual({ [CIS_3_0_0]: ['1.20'] });
  expect(of('CloudWatch.1').standards[CIS_1_4_0]).toEqual(['1.7', '4.3']);
  // CIS 3.0.0 dropped the monitoring section and CloudTrail.5 and .6 (the CIS page's mapping table).
  for (const id of ['CloudWatch.1', 'CloudWatch.4', 'CloudWatch.14', 'CloudTrail.5', 'CloudTrail.6'])
    expect(of(id).standards[CIS_3_0_0]).toBeUndefined();
});

test('titles in Security Hub words: CloudWatch.4 to .14 "Ensure a log metric filter and alarm exist for ...", GuardDuty.5 to .13 FSBP', () => {
  for (let n = 4; n <= 14; n++) expect(of(`CloudWatch.${n}`).title).toMatch(/^Ensure a log metric filter and alarm exist for /);
  expect(of('CloudWatch.1').title).toBe('A log metric filter and alarm should exist for usage of the "root" user');
  expect(of('CloudWatch.11').title).toBe('Ensure a log metric filter and alarm exist for changes to Network Access Control Lists (NACL)');
  expect(of('IAM.28').title).toBe('IAM Access Analyzer external access analyzer should be enabled');
  expect(of('S3.1').title).toBe('S3 general purpose buckets should have block public access settings enabled');
  expect(Array.from({ length: 9 }, (_, i) => [of(`GuardDuty.${i + 5}`).title, of(`GuardDuty.${i + 5}`).standards[FSBP]])).toEqual([
    ['GuardDuty EKS Audit Log Monitoring should be enabled', []],
    ['GuardDuty Lambda Protection should be enabled', []],
    ['GuardDuty EKS Runtime Monitoring should be enabled', []],
    ['GuardDuty Malware Protection for EC2 should be enabled', []],
    ['GuardDuty RDS Protection should be enabled', []],
    ['GuardDuty S3 Protection should be enabled', []],
    ['GuardDuty Runtime Monitoring should be enabled', []],
    ['GuardDuty ECS Runtime Monitoring should be enabled', []],
    ['GuardDuty EC2 Runtime Monitoring should be enabled', []],
  ]);
  expect(of('GuardDuty.9').standards[PCI_DSS_4_0_1]).toEqual(['11.5.1']);
});

test('CloudTrail.1, .2, .4 and .5 are NIST SP 800-53 r5 controls (their related requirements); .6 and .7 are not', () => {
  const nist = (id: string) => of(id).standards[NIST_800_53_R5];
  expect(catalogued(NIST_800_53_R5).filter((id) => id.startsWith('CloudTrail.'))).toEqual([
    'CloudTrail.1',
    'CloudTrail.2',
    'CloudTrail.4',
    'CloudTrail.5',
  ]);
  expect(nist('CloudTrail.4')).toEqual(['AU-9', 'SI-4', 'SI-7(1)', 'SI-7(3)', 'SI-7(7)']);
  // Spot checks of the longer lists (16 and 19 numbers): the first, one particular to each, the last.
  expect([nist('CloudTrail.1')!.length, nist('CloudTrail.1')![0], nist('CloudTrail.1')!.at(-1)]).toEqual([16, 'AC-2(4)', 'SA-8(22)']);
  expect([nist('CloudTrail.5')!.length, nist('CloudTrail.5')!.includes('AU-7(1)'), nist('CloudTrail.5')!.at(-1)]).toEqual([
    19,
    true,
    'SI-7(8)',
  ]);
});
