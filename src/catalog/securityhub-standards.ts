/**
 * The Security Hub standards this project can subscribe to and maps its controls to, by the
 * ARN path Security Hub names them with, each with its name, the form of its ARN, the Terraform
 * name of its subscription, and the number of controls AWS lists for it, so that a report can
 * say "N of the standard's M controls catalogued".
 *
 * Sources (read 2026-11-29):
 * - ARN paths and forms: the hashicorp/aws docs of `aws_securityhub_standards_subscription` (table
 *   "Currently available standards": all five, each `arn:<partition>:securityhub:<region>::standards/<path>`)
 *   and, for the CIS versions, the Security Hub user guide's "CIS AWS Foundations Benchmark" page.
 *   Only CIS 1.2.0 has the older, region-less form `arn:<partition>:securityhub:::ruleset/<path>`; it
 *   is not offered here (superseded by 1.4.0, and its controls are not catalogued).
 * - CIS 5.0.0 is left out: the Security Hub user guide says Security Hub supports it, but neither
 *   it (as far as it could be retrieved) nor the provider's docs (5.100.0 and later) give its ARN,
 *   and third-party texts disagree on its form (`standards/` or `ruleset/`); the catalogue has no
 *   CIS 5.0.0 requirement numbers either. Add it here once its ARN is verified.
 * - Control counts: the control lists of the Security Hub user guide's standard pages, counted
 *   entry by entry: "AWS Foundational Security Best Practices standard" (336), "CIS AWS
 *   Foundations Benchmark" (v3.0.0: 37, v1.4.0: 39), "PCI DSS" (v4.0.1: 142). NIST SP 800-53
 *   Rev. 5: the live page's list could not be retrieved (searched 2026-11-29: the stored copies give
 *   its introduction only); the last version of the guide's GitHub source (awsdocs/aws-security-hub-user-guide,
 *   doc_source/nist-standard.md, commit bda5bf7, archived in 2023) lists 222, so that count is
 *   recorded with `controlsAsOf` and the report says how old it is. It predates controls the
 *   catalogue has in NIST (S3.20), so it is neither today's total nor a bound of it.
 *   AWS adds controls to FSBP and NIST often: recount when updating the catalogue.
 */

/** How a standard's ARN is formed: `standards` (regional, the current form) or `ruleset` (CIS 1.2.0's, no region). */
export type StandardArnForm = 'standards' | 'ruleset';

export interface SecurityHubStandard {
  /** Short name in reports. */
  readonly short: string;
  /** The name Security Hub gives it. */
  readonly name: string;
  /** The form of its ARN. */
  readonly arnForm: StandardArnForm;
  /** Terraform name of its `aws_securityhub_standards_subscription` (a region other than the home one appends `_<region>`). */
  readonly resourceName: string;
  /** The number of controls AWS lists for it; undefined where it was not retrieved. */
  readonly controls: number | undefined;
  /** Where `controls` is not today's count: which list it is from (reports add it). @default today's */
  readonly controlsAsOf?: string;
}

export const STANDARDS = {
  'aws-foundational-security-best-practices/v/1.0.0': {
    short: 'FSBP',
    name: 'AWS Foundational Security Best Practices v1.0.0',
    arnForm: 'standards',
    resourceName: 'aws_foundational',
    controls: 336,
  },
  'cis-aws-foundations-benchmark/v/1.4.0': {
    short: 'CIS 1.4.0',
    name: 'CIS AWS Foundations Benchmark v1.4.0',
    arnForm: 'standards',
    resourceName: 'cis_1_4_0',
    controls: 39,
  },
  'cis-aws-foundations-benchmark/v/3.0.0': {
    short: 'CIS 3.0.0',
    name: 'CIS AWS Foundations Benchmark v3.0.0',
    arnForm: 'standards',
    resourceName: 'cis_3_0_0',
    controls: 37,
  },
  'nist-800-53/v/5.0.0': {
    short: 'NIST 800-53 r5',
    name: 'NIST SP 800-53 Rev. 5',
    arnForm: 'standards',
    resourceName: 'nist_800_53_rev_5',
    controls: 222,
    controlsAsOf: "the Security Hub guide's 2023 list; AWS has changed it since",
  },
  'pci-dss/v/4.0.1': { short: 'PCI DSS 4.0.1', name: 'PCI DSS v4.0.1', arnForm: 'standards', resourceName: 'pci_dss_4_0_1', controls: 142 },
} as const satisfies Record<string, SecurityHubStandard>;

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

/** The standards' ARN paths, in STANDARDS order. */
export const STANDARD_PATHS = Object.keys(STANDARDS) as StandardPath[];

/** Whether `path` is a standard of STANDARDS. */
export function isStandardPath(path: string): path is StandardPath {
  return Object.prototype.hasOwnProperty.call(STANDARDS, path);
}

/** The standards subscribed unless the config chooses: the two the Terraform module documents, in its order. */
export const DEFAULT_STANDARDS: readonly StandardPath[] = [CIS_1_4_0, FSBP];

/**
 * The ARN of `path` in `region` and `partition`: `arn:<partition>:securityhub:<region>::standards/<path>`,
 * or for the ruleset form `arn:<partition>:securityhub:::ruleset/<path>` (no region). Standards ARNs have no account.
 */
export function standardArn(path: StandardPath, partition: string, region: string): string {
  const standard: SecurityHubStandard = STANDARDS[path];
  const form = standard.arnForm;
  return form === 'ruleset'
    ? `arn:${partition}:securityhub:::ruleset/${path}`
    : `arn:${partition}:securityhub:${region}::standards/${path}`;
}
