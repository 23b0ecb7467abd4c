/**
 * The catalogue in organization mode, over a member's synthesized stacks: each control is
 * reported with the account that satisfies it (the management account's organization trail and
 * CIS alarms, the log archive bucket, the security account's GuardDuty), the rest are checked on
 * the member's own stacks as before, and the check still refuses a member stack that lost what it
 * must keep.
 */
import { validateConfig } from '../../src/config';
import { assertCompliant, checkedStackNames, ComplianceError, evaluate, readStacks, StackReport } from '../../src/compliance/check';
import { CONTROLS, StackJson } from '../../src/compliance/controls';
import { formatReport, organizationTableMarkdown, reportJson } from '../../src/compliance/report';
import { ORGANIZATION_SATISFIED } from '../../src/catalog/controls';
import { resolvePlan } from '../../src/config/plan';
import { ORGANIZATION_ACCOUNTS, ORGANIZATION_CONFIG, standaloneConfigJson } from '../fixtures/organization-config';
import { synthApp, SynthResult } from '../helpers/terraform';

const ORG = {
  managementAccountId: ORGANIZATION_ACCOUNTS.management,
  securityAccountId: ORGANIZATION_ACCOUNTS.security,
  logArchiveAccountId: ORGANIZATION_ACCOUNTS.logArchive,
};
const result = (reports: readonly StackReport[], stack: string, id: string) => {
  const found = reports.find((r) => r.stack === stack)?.results.find((x) => x.control.id === id);
  if (found === undefined) throw new Error(`no ${id} in the report of ${stack}`);
  return found;
};

describe('compliance in organization mode: per account, who satisfies each control', () => {
  let member: SynthResult;
  let stacks: Record<string, StackJson>;
  let reports: StackReport[];

  beforeAll(() => {
    // The organization fixture: dev, staging and prod members, each over the organization's two regions.
    member = synthApp(ORGANIZATION_CONFIG);
    stacks = readStacks(member.outdir, checkedStackNames(member.app.plan));
    expect(Object.keys(stacks)).toContain('security-dev-eu-west-1');
    reports = assertCompliant(member.app.plan, stacks);
  });
  afterAll(() => member?.cleanup());

  test('the member stacks are compliant: no control fails although they hold no trail, alarm or detector', () => {
    expect(reports.flatMap((r) => r.results.filter((x) => x.status === 'failed'))).toEqual([]);
    expect(stacks['security-dev'].resource?.aws_cloudtrail).toBeUndefined();
    expect(stacks['security-dev'].resource?.aws_guardduty_detector).toBeUndefined();
  });

  test.each([
    [
      'CloudTrail.1',
      ORG.managementAccountId,
      /^the management account 100000000001: the organization trail .*generated in the management account/,
    ],
    ['CloudTrail.5', ORG.managementAccountId, /the organization trail/],
    ['CloudWatch.1', ORG.managementAccountId, /CIS 4\.3 metric filter and alarm on the organization trail's log group.*NO_DATA/],
    ['GuardDuty.1', ORG.securityAccountId, /^the security account 444444444444 \(org-security\): GuardDuty's delegated administrator/],
    ['GuardDuty.9', ORG.securityAccountId, /organization configuration's features/],
  ])("security-dev: %s is satisfied by the organization's account %s", (id, account, detail) => {
    const r = result(reports, 'security-dev', id);
    expect(r).toMatchObject({ status: 'elsewhere', account });
    expect(r.detail).toMatch(detail);
  });

  test('the trail bucket controls: satisfied by the log archive bucket (logs-<env> report)', () => {
    for (const id of ['CloudTrail.6', 'CloudTrail.7']) {
      const r = result(reports, 'logs-prod', id);
      expect(r.status).toBe('elsewhere');
      expect(r.detail).toContain(`the log archive account (bucket govtech-org-logs-${ORG.logArchiveAccountId})`);
    }
  });

  test.each(['Config.1', 'EC2.7', 'IAM.28', 'KMS.4', 'S3.1', 'IAM.7'])(
    "%s stays the member's own: satisfied by its stack, its account",
    (id) => {
      const r = result(reports, 'security-dev', id);
      expect(r.status).toBe('satisfied');
      expect(r.account).toBeUndefined();
      const json = reportJson(reports) as { stacks: { stack: string; account: string; controls: { id: string; account: string }[] }[] };
      const dev = json.stacks.find((s) => s.stack === 'security-dev')!;
      expect(dev.account).toBe(member.app.plan.environments.find((e) => e.environment === 'dev')!.accountId);
      expect(dev.controls.find((c) => c.id === id)!.account).toBe(dev.account);
    },
  );

  test('a member that lost what it must keep fails synth: its Config recorders (Config.1), its password policy (IAM.7, .15, .16)', () => {
    const broken: Record<string, any> = JSON.parse(JSON.stringify(stacks));
    delete broken['security-dev'].resource.aws_config_configuration_recorder;
    delete broken['security-dev-eu-west-1'].resource.aws_config_configuration_recorder;
    delete broken['security-dev'].resource.aws_iam_account_password_policy;
    let error: unknown;
    try {
      assertCompliant(member.app.plan, broken);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ComplianceError);
    const problems = (error as ComplianceError).problems;
    expect(problems.map((p) => /^(\S+): (\S+)/.exec(p)!.slice(1).join(' '))).toEqual([
      'security-dev Config.1',
      'security-dev IAM.7',
      'security-dev IAM.15',
      'security-dev IAM.16',
    ]);
    expect(problems[0]).toContain('aws_config_configuration_recorder no recorder');
  });

  test('the same stacks checked as standalone fail the trail, alarm and GuardDuty controls: the organization rows are what passes them', () => {
    const standalone = resolvePlan(validateConfig(standaloneConfigJson(), 'standalone counterpart'));
    const failed = evaluate(standalone, stacks)
      .filter((r) => r.stack === 'security-dev')
      .flatMap((r) => r.results.filter((x) => x.status === 'failed').map((x) => x.control.id));
    expect(failed).toEqual(expect.arrayContaining(['CloudTrail.1', 'CloudWatch.1', 'GuardDuty.1']));
    expect(failed.every((id) => ORGANIZATION_SATISFIED[id] !== undefined)).toBe(true);
  });

  test("the text report names the configuration policy for Security Hub and the organization's accounts", () => {
    const text = formatReport(reports);
    expect(text).toContain(
      "Security Hub and the chosen standards: enabled in the account in every covered region by the security account's configuration policy",
    );
    expect(text).toMatch(/CloudTrail\.1 +3\.1 +satisfied by +the management account 100000000001/);
  });

  test('the organization table: a row per catalogue control, with the account that satisfies it for a member', () => {
    const rows = organizationTableMarkdown().split('\n').slice(2);
    expect(rows).toHaveLength(CONTROLS.length);
    expect(rows.find((r) => r.startsWith('| Config.1 |'))).toContain('the member account');
    expect(rows.find((r) => r.startsWith('| CloudWatch.4 |'))).toContain('the management account');
    expect(rows.find((r) => r.startsWith('| GuardDuty.1 |'))).toContain('the security account');
  });
});
