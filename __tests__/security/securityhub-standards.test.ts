/**
 * `securityHub.standards` and `securityHub.disabledControls`: the subscriptions and control
 * associations synthesized per covered region, the config's refusals (field path, value, rule),
 * and the compliance report per chosen standard ("N of the standard's M controls catalogued").
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { validateConfig } from '../../src/config';
import { resolvePlan } from '../../src/config/plan';
import { assertCompliant, checkedStackNames, ComplianceError, evaluate, readStacks, StackReport } from '../../src/compliance/check';
import { CONTROLS, StackJson } from '../../src/compliance/controls';
import { formatReport, reportJson, reportSarif } from '../../src/compliance/report';
import { standardArn, STANDARD_PATHS, STANDARDS } from '../../src/catalog/securityhub-standards';
import { disabledIn } from '../../src/security/securityhub';
import { configWith, Json, problemsOf } from '../helpers/config-edit';
import { stackJson, synthApp, SynthResult } from '../helpers/terraform';

const FSBP = 'aws-foundational-security-best-practices/v/1.0.0';
const CIS3 = 'cis-aws-foundations-benchmark/v/3.0.0';
const NIST = 'nist-800-53/v/5.0.0';
const PCI = 'pci-dss/v/4.0.1';
const PARTITION = '${data.aws_partition.current.partition}';
const GLOBAL_REASON = 'IAM is global: Security Hub checks it in the home region only';
const PCI_REASON = 'CloudTrail encryption is reviewed by the PCI assessor directly';

/** prod alone (a faster synth), covering us-east-1 (home) and eu-west-1, with `hub` as its securityHub. */
function prodWith(hub: Json | undefined, change: (c: Json) => void = () => undefined): Json {
  return configWith((c) => {
    delete c.environments.dev;
    delete c.environments.staging;
    delete c.stateBackend.roleArns.dev;
    delete c.stateBackend.roleArns.staging;
    c.environments.prod.regions = ['us-east-1', 'eu-west-1'];
    if (hub !== undefined) c.environments.prod.securityHub = hub;
    change(c);
  });
}

const CHOSEN = {
  standards: [FSBP, CIS3, NIST, PCI],
  disabledControls: [
    // IAM.1 is in FSBP, CIS 1.4.0 and NIST: disabled in the two chosen ones, outside the home region.
    { control: 'IAM.1', regions: ['eu-west-1'], reason: GLOBAL_REASON },
    { control: 'CloudTrail.2', standard: PCI, reason: PCI_REASON },
  ],
};

describe('prod with FSBP, CIS 3.0.0, NIST 800-53 r5 and PCI DSS 4.0.1 over us-east-1 and eu-west-1', () => {
  const config = validateConfig(prodWith(CHOSEN));
  let synth: SynthResult;
  let tf: Record<string, any>;
  /** eu-west-1's stack (security-prod-eu-west-1): its resources under plain names, on its only provider. */
  let eu: Record<string, any>;
  let reports: StackReport[];
  beforeAll(() => {
    synth = synthApp(config);
    // Without cdktf's "//" metadata blocks: the tests compare arguments.
    const withoutMetadata = (stack: string) => JSON.parse(JSON.stringify(stackJson(synth, stack), (k, v) => (k === '//' ? undefined : v)));
    tf = withoutMetadata('security-prod');
    eu = withoutMetadata('security-prod-eu-west-1');
    const plan = resolvePlan(config);
    reports = evaluate(plan, readStacks(synth.outdir, checkedStackNames(plan)));
  });
  afterAll(() => synth.cleanup());

  test('one subscription per chosen standard and region: regional ARNs of the partition, the home one on var.aws_region', () => {
    const expected: Record<string, unknown> = {};
    const expectedEu: Record<string, unknown> = {};
    for (const [path, name] of [
      [FSBP, 'aws_foundational'],
      [CIS3, 'cis_3_0_0'],
      [NIST, 'nist_800_53_rev_5'],
      [PCI, 'pci_dss_4_0_1'],
    ]) {
      expected[name] = {
        standards_arn: `arn:${PARTITION}:securityhub:\${var.aws_region}::standards/${path}`,
        depends_on: ['aws_securityhub_account.main'],
      };
      expectedEu[name] = {
        standards_arn: `arn:${PARTITION}:securityhub:eu-west-1::standards/${path}`,
        depends_on: ['aws_securityhub_account.main'],
      };
    }
    expect(tf.resource.aws_securityhub_standards_subscription).toEqual(expected);
    expect(eu.resource.aws_securityhub_standards_subscription).toEqual(expectedEu);
  });

  test('disabled controls: one association per region and standard, DISABLED with the reason, after its subscription', () => {
    const association = (standard: string, sub: string, control: string, reason: string, region?: string) => ({
      security_control_id: control,
      standards_arn: `arn:${PARTITION}:securityhub:${region ?? '${var.aws_region}'}::standards/${standard}`,
      association_status: 'DISABLED',
      updated_reason: reason,
      depends_on: [`aws_securityhub_standards_subscription.${sub}`],
    });
    // CloudTrail.2: PCI only, every covered region; IAM.1: eu-west-1 only, in the chosen standards that have it (FSBP, NIST; not CIS 3.0.0, PCI).
    expect(tf.resource.aws_securityhub_standards_control_association).toEqual({
      pci_dss_4_0_1_disable_cloudtrail_2: association(PCI, 'pci_dss_4_0_1', 'CloudTrail.2', PCI_REASON),
    });
    expect(eu.resource.aws_securityhub_standards_control_association).toEqual({
      aws_foundational_disable_iam_1: association(FSBP, 'aws_foundational', 'IAM.1', GLOBAL_REASON, 'eu-west-1'),
      nist_800_53_rev_5_disable_iam_1: association(NIST, 'nist_800_53_rev_5', 'IAM.1', GLOBAL_REASON, 'eu-west-1'),
      pci_dss_4_0_1_disable_cloudtrail_2: association(PCI, 'pci_dss_4_0_1', 'CloudTrail.2', PCI_REASON, 'eu-west-1'),
    });
  });

  test('the report counts per chosen standard, "N of the standard\'s M controls catalogued" where the catalogue covers it in part', () => {
    const catalogued = (s: string) => CONTROLS.filter((c) => (c.standards as Record<string, unknown>)[s] !== undefined).length;
    const text = formatReport(reports);
    const prod = text.slice(text.indexOf('security-prod:'));
    // Hand-checked against CONTROL_STANDARDS: PCI 4.0.1 has 21 of its 142 there, CIS 3.0.0 25 of its 37.
    expect([catalogued(PCI), catalogued(CIS3)]).toEqual([21, 25]);
    expect(prod).toContain(`\n  PCI DSS 4.0.1: ${catalogued(PCI)} of the standard's 142 controls catalogued; in this stack: `);
    expect(prod).toContain(`\n  CIS 3.0.0: ${catalogued(CIS3)} of the standard's 37 controls catalogued; in this stack: `);
    expect(prod).toContain(`\n  FSBP: ${catalogued(FSBP)} of the standard's 336 controls catalogued; in this stack: `);
    // NIST's total is an older count (the guide's 2023 list): the report says so beside it.
    expect(prod).toContain(
      `\n  NIST 800-53 r5: ${catalogued(NIST)} of the standard's 222 controls catalogued (222: the Security Hub guide's 2023 list; AWS has changed it since); in this stack: `,
    );
    expect(prod).not.toMatch(/\n {2}CIS 1\.4\.0:/);
    // The requirement column is the chosen CIS version's (IAM.28 is CIS 3.0.0 1.20).
    expect(prod).toMatch(/\ncontrol +CIS 3\.0\.0 +status +detail\n/);
    expect(prod).toMatch(/\nIAM\.28 +1\.20 +satisfied\n/);
  });

  test('disabled controls appear with their reason: everywhere it applies as "disabled", in part as a note', () => {
    const prod = reports.find((r) => r.stack === 'security-prod')!;
    const trail = reports.find((r) => r.stack === 'security-prod')!.results.find((x) => x.control.id === 'CloudTrail.2')!;
    // CloudTrail.2 is also in FSBP, CIS 3.0.0 and NIST, where it stays enabled: a note on its status.
    expect(trail).toMatchObject({ status: 'satisfied', detail: `disabled in Security Hub (PCI DSS 4.0.1): ${PCI_REASON}` });
    const iam1 = prod.results.find((x) => x.control.id === 'IAM.1')!;
    expect(iam1).toMatchObject({ status: 'action' });
    expect(iam1.detail).toContain(`; disabled in Security Hub (FSBP, NIST 800-53 r5 in eu-west-1): ${GLOBAL_REASON}`);
    expect(prod.standards).toEqual([FSBP, CIS3, NIST, PCI]);
  });

  test('JSON and SARIF carry the chosen standards: coverage and counts per stack, the standards of each result', () => {
    const json = reportJson(reports) as { stacks: { stack: string; standards: any[]; controls: any[] }[] };
    const prod = json.stacks.find((s) => s.stack === 'security-prod')!;
    expect(prod.standards.map((s) => [s.standard, s.name, s.total])).toEqual([
      [FSBP, 'AWS Foundational Security Best Practices v1.0.0', 336],
      [CIS3, 'CIS AWS Foundations Benchmark v3.0.0', 37],
      [NIST, 'NIST SP 800-53 Rev. 5', 222],
      [PCI, 'PCI DSS v4.0.1', 142],
    ]);
    expect(prod.standards.map((s) => s.totalAsOf)).toEqual([
      undefined,
      undefined,
      "the Security Hub guide's 2023 list; AWS has changed it since",
      undefined,
    ]);
    expect(prod.controls.find((c) => c.id === 'IAM.28').chosenStandards).toEqual([CIS3]);
    const sarif = reportSarif(reports) as { runs: { properties: { stacks: any[] }; results: { ruleId: string; properties: any }[] }[] };
    const [run] = sarif.runs;
    expect(run.properties.stacks.find((s) => s.stack === 'security-prod').standards).toEqual(prod.standards);
    expect(run.results.find((r) => r.ruleId === 'GuardDuty.9')!.properties.standards).toEqual([FSBP, PCI]);
  });

  test('the synth-time check fails on a regressed control of a chosen standard; disabled everywhere, it is reported instead', () => {
    const plan = resolvePlan(config);
    const stacks = readStacks(synth.outdir, checkedStackNames(plan));
    const broken: StackJson = JSON.parse(JSON.stringify(stacks['security-prod']));
    delete (broken as any).resource.aws_cloudtrail.govtech_audit.kms_key_id;
    const regressed = { ...stacks, 'security-prod': broken };
    expect(() => assertCompliant(plan, regressed)).toThrow(ComplianceError);
    expect(() => assertCompliant(plan, regressed)).toThrow(/security-prod: CloudTrail\.2 .*kms_key_id is not set/);

    // The same regression with CloudTrail.2 disabled in every chosen standard that has it, everywhere.
    const disabledEverywhere = validateConfig(
      prodWith({ standards: [PCI], disabledControls: [{ control: 'CloudTrail.2', reason: PCI_REASON }] }),
    );
    const result = evaluate(resolvePlan(disabledEverywhere), regressed)
      .find((r) => r.stack === 'security-prod')!
      .results.find((x) => x.control.id === 'CloudTrail.2');
    expect(result).toMatchObject({ status: 'disabled', detail: `disabled in Security Hub (PCI DSS 4.0.1): ${PCI_REASON}` });
  });
});

describe('refusals, each naming the field path, the value and the rule', () => {
  const only = (hub: Json, change?: (c: Json) => void) => problemsOf(prodWith(hub, change));
  const known = STANDARD_PATHS.join(', ');

  test('an unknown standard, listing the known ones (CIS 5.0.0: its ARN is not verified)', () => {
    expect(only({ standards: [FSBP, 'cis-aws-foundations-benchmark/v/5.0.0'] })).toEqual([
      `environments.prod.securityHub.standards[1] = "cis-aws-foundations-benchmark/v/5.0.0": must be one of the standards this project knows (${known}). ` +
        'The ARN path is the part after "standards/" of the standard ARN.',
    ]);
  });

  test('a repeated standard, and an empty list', () => {
    expect(only({ standards: [FSBP, NIST, FSBP] })).toEqual([
      `environments.prod.securityHub.standards[2] = "${FSBP}": must not repeat a standard already in the list. Remove the repeat.`,
    ]);
    expect(only({ standards: [] })).toEqual([
      'environments.prod.securityHub.standards = []: must list at least one standard (Security Hub without a standard checks no control). ' +
        'Leave "standards" out for the default (cis-aws-foundations-benchmark/v/1.4.0, aws-foundational-security-best-practices/v/1.0.0).',
    ]);
  });

  test.each([
    // An inherited property of the catalogue's table is no control either; nor is anything else of another shape.
    [{ control: 'toString', reason: GLOBAL_REASON }, 'control', '"toString"', /must be a Security Hub control ID such as IAM\.1/],
    [{ control: 'IAM-21', standard: FSBP, reason: GLOBAL_REASON }, 'control', '"IAM-21"', /must be a Security Hub control ID/],
    [
      { control: 'IAM.1', regions: ['eu-west-1', 'eu-west-1'], reason: GLOBAL_REASON },
      'regions[1]',
      '"eu-west-1"',
      /must not repeat a region already in the list/,
    ],
    [
      { control: 'IAM.99', reason: GLOBAL_REASON },
      'control',
      '"IAM.99"',
      /must be a control of the compliance catalogue \(CloudTrail\.1, .*S3\.20\) when "standard" is left out: .*Name the standard to disable it in \("standard": one of cis-aws/,
    ],
    // Outside the catalogue, with a standard that is not chosen.
    [{ control: 'IAM.21', standard: NIST, reason: GLOBAL_REASON }, 'standard', `"${NIST}"`, /must be one of the chosen standards \(/],
    // IAM.28 is a CIS 3.0.0 control only: not in the default standards.
    [
      { control: 'IAM.28', reason: GLOBAL_REASON },
      'control',
      '"IAM.28"',
      /must be a control of a chosen standard \(.*\); IAM\.28 is in none of them/,
    ],
    [{ control: 'IAM.1', standard: NIST, reason: GLOBAL_REASON }, 'standard', `"${NIST}"`, /must be one of the chosen standards \(/],
    [
      { control: 'IAM.9', standard: FSBP, reason: GLOBAL_REASON },
      'standard',
      `"${FSBP}"`,
      /must be a standard that has IAM\.9 \(it is in CIS 1\.4\.0, CIS 3\.0\.0/,
    ],
    [
      { control: 'IAM.1', standard: 'pci-dss/v/3.2.1', reason: GLOBAL_REASON },
      'standard',
      '"pci-dss/v/3.2.1"',
      /must be one of the standards this project knows/,
    ],
    [
      { control: 'IAM.1', regions: ['ap-south-1'], reason: GLOBAL_REASON },
      'regions[0]',
      '"ap-south-1"',
      /must be a covered region of this environment \(us-east-1, eu-west-1\)/,
    ],
    [{ control: 'IAM.1', reason: 'global' }, 'reason', '"global"', /must be the reason, a sentence of at least 10 characters/],
    [{ control: 'IAM.1', reason: '          ' }, 'reason', '"          "', /must be the reason/],
  ])('disabledControls[0] %j: refused at .%s', (entry, field, value, rule) => {
    const problems = only({ disabledControls: [entry] });
    expect(problems).toHaveLength(1);
    expect(problems[0].startsWith(`environments.prod.securityHub.disabledControls[0].${field} = ${value}: `)).toBe(true);
    expect(problems[0]).toMatch(rule);
  });

  test('the standards list refused: no disabledControls message built on an empty list of chosen standards', () => {
    const problems = only({ standards: ['pci-dss/v/3.2.1'], disabledControls: [{ control: 'IAM.1', reason: GLOBAL_REASON }] });
    expect(problems).toEqual([
      expect.stringMatching(/^environments\.prod\.securityHub\.standards\[0\] = "pci-dss\/v\/3\.2\.1": must be one of/),
    ]);
  });

  test('a missing reason, and the same control disabled twice in one standard and region', () => {
    expect(only({ disabledControls: [{ control: 'IAM.1' }] })).toEqual([
      expect.stringMatching(/^environments\.prod\.securityHub\.disabledControls\[0\]\.reason is missing: must be set \(required\)\./),
    ]);
    const twice = only({
      disabledControls: [
        { control: 'IAM.1', regions: ['eu-west-1'], reason: GLOBAL_REASON },
        { control: 'IAM.1', standard: FSBP, reason: GLOBAL_REASON },
      ],
    });
    expect(twice).toEqual([expect.stringContaining('environments.prod.securityHub.disabledControls[1] = {')]);
    expect(twice[0]).toContain('must not disable IAM.1 in FSBP in eu-west-1 again (an entry above does). Merge the entries.');
  });

  test('securityHub on an environment that leaves its account services to another', () => {
    const problems = problemsOf(
      configWith((c) => {
        Object.assign(c.environments.staging, { accountId: c.environments.prod.accountId, accountServicesOwner: 'prod' });
        c.environments.staging.securityHub = { standards: [NIST] };
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^environments\.staging\.securityHub = .*must not be set on an environment with accountServicesOwner/),
    ]);
  });
});

describe('a control outside the catalogue, named with its standard (global-resource controls outside the home region)', () => {
  const hub = {
    disabledControls: [
      { control: 'IAM.21', standard: FSBP, regions: ['eu-west-1'], reason: GLOBAL_REASON },
      { control: 'Account.1', standard: FSBP, regions: ['eu-west-1'], reason: GLOBAL_REASON },
    ],
  };

  test('is accepted by the config and synthesized as an association in the named standard and regions', () => {
    expect(problemsOf(prodWith(hub))).toEqual([]);
    const synth = synthApp(validateConfig(prodWith(hub)));
    try {
      // Only in eu-west-1, i.e. in its regional stack; none at home.
      expect(stackJson(synth, 'security-prod').resource.aws_securityhub_standards_control_association).toBeUndefined();
      const associations = stackJson(synth, 'security-prod-eu-west-1').resource.aws_securityhub_standards_control_association;
      expect(Object.keys(associations).sort()).toEqual(['aws_foundational_disable_account_1', 'aws_foundational_disable_iam_21']);
      expect(associations.aws_foundational_disable_iam_21).toMatchObject({
        security_control_id: 'IAM.21',
        standards_arn: `arn:${PARTITION}:securityhub:eu-west-1::standards/${FSBP}`,
        association_status: 'DISABLED',
        updated_reason: GLOBAL_REASON,
      });
    } finally {
      synth.cleanup();
    }
  });

  test('the construct takes it with its standard and refuses it without one', () => {
    const refuse = (problem: string): never => {
      throw new Error(problem);
    };
    expect(disabledIn({ control: 'IAM.21', standard: FSBP, reason: GLOBAL_REASON }, [FSBP], refuse)).toEqual([FSBP]);
    expect(() => disabledIn({ control: 'IAM.21', reason: GLOBAL_REASON }, [FSBP], refuse)).toThrow(
      /IAM\.21 is not a control of the catalogue .*: name its standard/,
    );
    expect(() => disabledIn({ control: 'IAM.21', standard: NIST, reason: GLOBAL_REASON }, [FSBP], refuse)).toThrow(
      /the standard must be subscribed/,
    );
  });
});

test('standard ARNs: the regional form with partition and region; the table names each one', () => {
  expect(standardArn(PCI, 'aws-us-gov', 'us-gov-west-1')).toBe('arn:aws-us-gov:securityhub:us-gov-west-1::standards/pci-dss/v/4.0.1');
  expect(standardArn(CIS3, 'aws-cn', 'cn-north-1')).toBe(
    'arn:aws-cn:securityhub:cn-north-1::standards/cis-aws-foundations-benchmark/v/3.0.0',
  );
  for (const s of Object.values(STANDARDS)) expect(s.arnForm).toBe('standards');
  expect(new Set(Object.values(STANDARDS).map((s) => s.resourceName)).size).toBe(STANDARD_PATHS.length);
});

test("README's securityHub example is a valid config for an environment covering its regions", () => {
  const readme = readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
  const block = /### Security Hub standards[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)![1];
  const example = JSON.parse(`{${block}}`) as { securityHub: Json };
  const config = prodWith(example.securityHub, (c) => (c.environments.prod.regions = ['us-east-1', 'eu-west-1', 'eu-central-1']));
  expect(problemsOf(config)).toEqual([]);
});
