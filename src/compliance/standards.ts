/**
 * The Security Hub standards the catalogue maps its controls to, by the ARN path Security Hub
 * names them with (`arn:<partition>:securityhub:<region>::standards/<path>`), each with the
 * number of controls AWS lists for it, so that a report can say "N of the standard's M controls
 * catalogued".
 *
 * Sources (read 2026-11-29):
 * - ARN paths: the hashicorp/aws docs of `aws_securityhub_standards_subscription` (table
 *   "Currently available standards": all five) and, for the CIS versions, the Security Hub
 *   user guide's "CIS AWS Foundations Benchmark" page ("ARNs for CIS AWS Foundations Benchmarks").
 * - Control counts: the control lists of the Security Hub user guide's standard pages, counted
 *   entry by entry: "AWS Foundational Security Best Practices standard" (336), "CIS AWS
 *   Foundations Benchmark" (v3.0.0: 37, v1.4.0: 39), "PCI DSS" (v4.0.1: 142). The NIST SP 800-53
 *   Rev. 5 page's list could not be retrieved, so its count is unknown (undefined).
 *   AWS adds controls to FSBP and NIST often: recount when updating the catalogue.
 */

export const STANDARDS = {
  'aws-foundational-security-best-practices/v/1.0.0': { short: 'FSBP', controls: 336 },
  'cis-aws-foundations-benchmark/v/1.4.0': { short: 'CIS 1.4.0', controls: 39 },
  'cis-aws-foundations-benchmark/v/3.0.0': { short: 'CIS 3.0.0', controls: 37 },
  'nist-800-53/v/5.0.0': { short: 'NIST 800-53 r5', controls: undefined },
  'pci-dss/v/4.0.1': { short: 'PCI DSS 4.0.1', controls: 142 },
} as const satisfies Record<string, { readonly short: string; readonly controls: number | undefined }>;

/** A standard's ARN path, e.g. `cis-aws-foundations-benchmark/v/3.0.0`. */
export type StandardPath = keyof typeof STANDARDS;

const path = <P extends StandardPath>(p: P): P => p;
export const FSBP = path('aws-foundational-security-best-practices/v/1.0.0');
export const CIS_1_4_0 = path('cis-aws-foundations-benchmark/v/1.4.0');
export const CIS_3_0_0 = path('cis-aws-foundations-benchmark/v/3.0.0');
export const NIST_800_53_R5 = path('nist-800-53/v/5.0.0');
export const PCI_DSS_4_0_1 = path('pci-dss/v/4.0.1');

/**
 * The standards a control belongs to, each with the standard's requirement numbers the control
 * checks (as the control's "Related requirements" in the Security Hub user guide give them);
 * an empty list where the standard numbers none (FSBP) or where they were not transcribed.
 */
export type StandardMembership = Readonly<Partial<Record<StandardPath, readonly string[]>>>;

/** `FSBP, CIS 1.4.0, ...`: the short names of the standards a control belongs to, in STANDARDS order. */
export function standardNames(m: StandardMembership): string[] {
  return (Object.keys(STANDARDS) as StandardPath[]).filter((s) => m[s] !== undefined).map((s) => STANDARDS[s].short);
}

/** The CIS 1.4.0 recommendations of a control, e.g. `1.7, 4.3`; undefined outside CIS 1.4.0. */
export function cis140(m: StandardMembership): string | undefined {
  const reqs = m[CIS_1_4_0];
  return reqs && reqs.length ? reqs.join(', ') : undefined;
}
