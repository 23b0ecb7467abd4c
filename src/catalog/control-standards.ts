/**
 * Which Security Hub standards each catalogued control belongs to, with the requirement numbers
 * it checks there: the catalogue's standards, as data, keyed by control ID.
 *
 * Sources (Security Hub user guide, read 2026-11-29):
 * - FSBP, CIS 1.4.0, CIS 3.0.0 and PCI DSS 4.0.1 membership: the "Controls that apply to ..."
 *   lists of the standards' pages (securityhub-standards-fsbp, cis-aws-foundations-benchmark, pci-dss).
 * - CIS requirement numbers: the CIS page's "Mapping of controls to CIS requirements in each version".
 * - NIST SP 800-53 Rev. 5 and PCI DSS 4.0.1 requirement numbers: each control's "Related
 *   requirements" on its service's controls page (cloudwatch-, config-, ec2-, guardduty-, iam-,
 *   kms-, rds-, s3-controls). CloudTrail.1, .4 and .5's NIST numbers: the "AWS CloudTrail controls"
 *   page as the guide's GitHub source has it (awsdocs/aws-security-hub-user-guide,
 *   doc_source/cloudtrail-controls.md, commit bda5bf7, read 2026-11-29), which gives CloudTrail.6 and
 *   .7 none and CloudTrail.2 the NIST numbers below too; the live page could not be retrieved. The
 *   CloudTrail controls' PCI DSS 4.0.1 numbers are not transcribed (that copy predates PCI 4.0.1;
 *   membership from the PCI page's list); CloudTrail.2's come from AWS's Security Hub automated
 *   response playbook, which quotes the control's related requirements.
 * - CloudWatch.1 counts for CIS 1.4.0 1.7 and 4.3 (its related requirements); the CIS page's
 *   mapping table names 4.3 only.
 */
import { CIS_1_4_0, CIS_3_0_0, FSBP, NIST_800_53_R5, PCI_DSS_4_0_1, StandardMembership } from './securityhub-standards';

interface Membership {
  readonly fsbp?: true;
  readonly cis140?: readonly string[];
  readonly cis300?: readonly string[];
  readonly nist?: readonly string[];
  /** PCI DSS 4.0.1; an empty list: a member whose requirement numbers were not retrieved. */
  readonly pci?: readonly string[];
}

function member(m: Membership): StandardMembership {
  return {
    ...(m.fsbp ? { [FSBP]: [] } : {}),
    ...(m.cis140 ? { [CIS_1_4_0]: m.cis140 } : {}),
    ...(m.cis300 ? { [CIS_3_0_0]: m.cis300 } : {}),
    ...(m.nist ? { [NIST_800_53_R5]: m.nist } : {}),
    ...(m.pci ? { [PCI_DSS_4_0_1]: m.pci } : {}),
  };
}

const NIST_ENCRYPTION_AT_REST = ['CA-9(1)', 'CM-3(6)', 'SC-13', 'SC-28', 'SC-28(1)', 'SC-7(10)', 'SI-7(6)'];
const NIST_MFA = ['AC-2(1)', 'AC-3(15)', 'IA-2(1)', 'IA-2(2)', 'IA-2(6)', 'IA-2(8)'];
const NIST_PUBLIC_ACCESS = [
  ...['AC-21', 'AC-3', 'AC-3(7)', 'AC-4', 'AC-4(21)', 'AC-6'],
  ...['SC-7', 'SC-7(11)', 'SC-7(16)', 'SC-7(20)', 'SC-7(21)', 'SC-7(3)', 'SC-7(4)', 'SC-7(9)'],
];
const NIST_GUARDDUTY_1 = [
  ...['AC-2(12)', 'AU-6(1)', 'AU-6(5)', 'CA-7', 'CM-8(3)', 'RA-3(4)', 'SA-11(1)', 'SA-11(6)', 'SA-15(2)', 'SA-15(8)'],
  ...['SA-8(19)', 'SA-8(21)', 'SA-8(25)', 'SC-5', 'SC-5(1)', 'SC-5(3)', 'SI-20', 'SI-3(8)', 'SI-4', 'SI-4(1)'],
  ...['SI-4(13)', 'SI-4(2)', 'SI-4(22)', 'SI-4(25)', 'SI-4(4)', 'SI-4(5)'],
];

const NIST_CLOUDTRAIL_1 = [
  ...['AC-2(4)', 'AC-4(26)', 'AC-6(9)', 'AU-10', 'AU-12', 'AU-2', 'AU-3', 'AU-6(3)'],
  ...['AU-6(4)', 'AU-14(1)', 'CA-7', 'SC-7(9)', 'SI-3(8)', 'SI-4(20)', 'SI-7(8)', 'SA-8(22)'],
];
const NIST_CLOUDTRAIL_5 = [
  ...['AC-2(4)', 'AC-4(26)', 'AC-6(9)', 'AU-10', 'AU-12', 'AU-2', 'AU-3', 'AU-6(1)', 'AU-6(3)', 'AU-6(4)'],
  ...['AU-6(5)', 'AU-7(1)', 'CA-7', 'SC-7(9)', 'SI-20', 'SI-3(8)', 'SI-4(20)', 'SI-4(5)', 'SI-7(8)'],
];

/** CloudWatch.4 to .14 are CIS 1.4.0 4.4 to 4.14 and in no other of the standards. */
const CLOUDWATCH_4_TO_14 = Object.fromEntries(
  Array.from({ length: 11 }, (_, i) => [`CloudWatch.${i + 4}`, member({ cis140: [`4.${i + 4}`] })]),
);

export const CONTROL_STANDARDS: Readonly<Record<string, StandardMembership>> = {
  'CloudTrail.1': member({ fsbp: true, cis140: ['3.1'], cis300: ['3.1'], nist: NIST_CLOUDTRAIL_1 }),
  'CloudTrail.2': member({
    fsbp: true,
    cis140: ['3.7'],
    cis300: ['3.5'],
    nist: ['AU-9', ...NIST_ENCRYPTION_AT_REST],
    pci: [],
  }),
  'CloudTrail.4': member({
    fsbp: true,
    cis140: ['3.2'],
    cis300: ['3.2'],
    nist: ['AU-9', 'SI-4', 'SI-7(1)', 'SI-7(3)', 'SI-7(7)'],
    pci: [],
  }),
  'CloudTrail.5': member({ fsbp: true, cis140: ['3.4'], nist: NIST_CLOUDTRAIL_5 }),
  'CloudTrail.6': member({ cis140: ['3.3'], pci: [] }),
  'CloudTrail.7': member({ cis140: ['3.6'], cis300: ['3.4'], pci: [] }),
  'CloudWatch.1': member({ cis140: ['1.7', '4.3'] }),
  ...CLOUDWATCH_4_TO_14,
  'Config.1': member({ fsbp: true, cis140: ['3.5'], cis300: ['3.3'], nist: ['CM-3', 'CM-6(1)', 'CM-8', 'CM-8(2)'] }),
  'EC2.2': member({
    fsbp: true,
    cis140: ['5.3'],
    cis300: ['5.4'],
    nist: ['AC-4', 'AC-4(21)', 'SC-7', 'SC-7(11)', 'SC-7(16)', 'SC-7(21)', 'SC-7(4)', 'SC-7(5)'],
  }),
  'EC2.6': member({
    fsbp: true,
    cis140: ['3.9'],
    cis300: ['3.7'],
    nist: ['AC-4(26)', 'AU-12', 'AU-2', 'AU-3', 'AU-6(3)', 'AU-6(4)', 'CA-7', 'SI-7(8)'],
  }),
  'EC2.7': member({ fsbp: true, cis140: ['2.2.1'], cis300: ['2.2.1'], nist: NIST_ENCRYPTION_AT_REST }),
  'EC2.21': member({
    fsbp: true,
    cis140: ['5.1'],
    cis300: ['5.1'],
    nist: ['AC-4(21)', 'CA-9(1)', 'CM-2', 'CM-2(2)', 'CM-7', 'SC-7', 'SC-7(21)', 'SC-7(5)'],
    pci: ['1.3.1'],
  }),
  'GuardDuty.1': member({ fsbp: true, nist: NIST_GUARDDUTY_1, pci: ['11.5.1'] }),
  'GuardDuty.5': member({ fsbp: true }),
  'GuardDuty.6': member({ fsbp: true, pci: ['11.5.1'] }),
  'GuardDuty.7': member({ fsbp: true, pci: ['11.5.1'] }),
  'GuardDuty.8': member({ fsbp: true }),
  'GuardDuty.9': member({ fsbp: true, pci: ['11.5.1'] }),
  'GuardDuty.10': member({ fsbp: true, pci: ['11.5.1'] }),
  'GuardDuty.11': member({ fsbp: true }),
  'GuardDuty.12': member({ fsbp: true }),
  'GuardDuty.13': member({ fsbp: true }),
  'IAM.1': member({
    fsbp: true,
    cis140: ['1.16'],
    nist: ['AC-2', 'AC-2(1)', 'AC-3', 'AC-3(15)', 'AC-3(7)', 'AC-5', 'AC-6', 'AC-6(10)', 'AC-6(2)', 'AC-6(3)'],
  }),
  'IAM.3': member({ fsbp: true, cis140: ['1.14'], cis300: ['1.14'], nist: ['AC-2(1)', 'AC-2(3)', 'AC-3(15)'], pci: ['8.3.9', '8.6.3'] }),
  'IAM.4': member({
    fsbp: true,
    cis140: ['1.4'],
    cis300: ['1.4'],
    nist: ['AC-2(1)', 'AC-3(15)', 'AC-3(7)', 'AC-6', 'AC-6(10)', 'AC-6(2)'],
  }),
  'IAM.5': member({ fsbp: true, cis140: ['1.10'], cis300: ['1.10'], nist: NIST_MFA, pci: ['8.4.2'] }),
  'IAM.6': member({ fsbp: true, cis140: ['1.6'], cis300: ['1.6'], nist: NIST_MFA, pci: ['8.4.2'] }),
  'IAM.7': member({
    fsbp: true,
    nist: ['AC-2(1)', 'AC-2(3)', 'AC-3(15)', 'IA-5(1)'],
    pci: ['8.3.6', '8.3.7', '8.3.9', '8.3.10.1', '8.6.3'],
  }),
  'IAM.9': member({ cis140: ['1.5'], cis300: ['1.5'], nist: NIST_MFA, pci: ['8.4.2'] }),
  'IAM.15': member({ cis140: ['1.8'], cis300: ['1.8'] }),
  'IAM.16': member({ cis140: ['1.9'], cis300: ['1.9'], pci: ['8.3.7'] }),
  'IAM.18': member({ cis140: ['1.17'], cis300: ['1.17'], pci: ['12.10.3'] }),
  'IAM.22': member({ cis140: ['1.12'], cis300: ['1.12'] }),
  // CIS 3.0.0 1.20 (and 5.0.0 1.19); not a CIS 1.4.0 control in Security Hub.
  'IAM.28': member({ cis300: ['1.20'] }),
  'KMS.4': member({ cis140: ['3.8'], cis300: ['3.6'], nist: ['SC-12', 'SC-12(2)', 'SC-28(3)'], pci: ['3.7.4'] }),
  'RDS.3': member({ fsbp: true, cis140: ['2.3.1'], cis300: ['2.3.1'], nist: NIST_ENCRYPTION_AT_REST }),
  'S3.1': member({ fsbp: true, cis140: ['2.1.5'], cis300: ['2.1.4'], nist: NIST_PUBLIC_ACCESS, pci: ['1.4.4'] }),
  'S3.5': member({
    fsbp: true,
    cis140: ['2.1.2'],
    cis300: ['2.1.1'],
    nist: ['AC-17(2)', 'AC-4', 'IA-5(1)', 'SC-12(3)', 'SC-13', 'SC-23', 'SC-23(3)', 'SC-7(4)', 'SC-8', 'SC-8(1)', 'SC-8(2)', 'SI-7(6)'],
    pci: ['4.2.1'],
  }),
  'S3.8': member({ fsbp: true, cis140: ['2.1.5'], cis300: ['2.1.4'], nist: NIST_PUBLIC_ACCESS, pci: ['1.4.4'] }),
  'S3.20': member({ cis140: ['2.1.3'], cis300: ['2.1.2'], nist: ['CA-9(1)', 'CM-2', 'CM-2(2)', 'CM-3', 'SC-5(2)'] }),
};

/** The standards of control `id`, or undefined when the catalogue does not know it (never an inherited property such as `toString`). */
export function membershipOf(id: string): StandardMembership | undefined {
  return Object.prototype.hasOwnProperty.call(CONTROL_STANDARDS, id) ? CONTROL_STANDARDS[id] : undefined;
}

/** The standards of control `id`; a control the table lacks is a catalogue error. */
export function standardsOf(id: string): StandardMembership {
  const m = CONTROL_STANDARDS[id];
  if (m === undefined) {
    throw new Error(
      `compliance catalogue: control ${id} has no entry in CONTROL_STANDARDS (src/catalog/control-standards.ts): add its standards.`,
    );
  }
  return m;
}
