/**
 * The documented variables drive the synthesized stack as they drive the HCL module:
 * `terraform plan -var ...` on the synthesized output changes what is planned, and bad
 * values are refused by the variables' validation.
 */
import { brokenRules, SecurityVariableName, VARIABLE_SPECS } from '../../src/config/rules';
import { securityStackName } from '../../src/stacks/security-stack';
import {
  describeWithTerraform,
  planJson,
  planned,
  prepareOfflineStack,
  RunResult,
  synthApp,
  SynthResult,
  terraform,
  varArgs,
} from '../helpers/terraform';

describeWithTerraform('security stack variables at plan time', (tool) => {
  let synth: SynthResult;
  let dir: string;

  beforeAll(async () => {
    synth = synthApp();
    dir = synth.stackDir(securityStackName('dev'));
    await prepareOfflineStack(tool, dir);
  }, 300_000);
  afterAll(() => synth?.cleanup());

  test('-var environment=prod on the dev stack keeps logs 365 days and tags prod', async () => {
    const plan = await planJson(tool, dir, { environment: 'prod' });
    expect(planned(plan, 'aws_cloudwatch_log_group.cloudtrail')).toMatchObject({ name: '/aws/cloudtrail/govtech-prod', retention_in_days: 365 });
    expect(planned(plan, 'aws_cloudwatch_log_group.waf[0]')).toMatchObject({ retention_in_days: 365 });
    expect(planned(plan, 'aws_kms_key.govtech_main')).toMatchObject({ tags_all: { Environment: 'prod' } });
  });

  test('-var aws_region and -var account_id reach the Security Hub ARNs and the policies', async () => {
    const plan = await planJson(tool, dir, { aws_region: 'eu-west-2', account_id: '210987654321' });
    const standards = plan.resource_changes.filter((r) => r.type === 'aws_securityhub_standards_subscription').map((r) => r.change.after.standards_arn);
    expect(standards.sort()).toEqual([
      'arn:aws:securityhub:eu-west-2::standards/aws-foundational-security-best-practices/v/1.0.0',
      'arn:aws:securityhub:eu-west-2::standards/cis-aws-foundations-benchmark/v/1.4.0',
    ]);
    const policy = planned(plan, 'aws_kms_key.govtech_main').policy as string;
    expect(policy).toContain('"Service":"logs.eu-west-2.amazonaws.com"');
    expect(policy).toContain('arn:aws:cloudtrail:eu-west-2:210987654321:trail/govtech-audit-trail-dev');
    expect(policy).not.toContain('111111111111');
  });

  test('-var project_name renames everything derived from it', async () => {
    const plan = await planJson(tool, dir, { project_name: 'citizen-portal' });
    expect(planned(plan, 'aws_cloudtrail.govtech_audit')).toMatchObject({ name: 'citizen-portal-audit-trail-dev' });
    expect(planned(plan, 'aws_wafv2_web_acl.govtech')).toMatchObject({ name: 'citizen-portal-waf-dev' });
    expect(planned(plan, 'aws_secretsmanager_secret.db_credentials')).toMatchObject({ name: 'citizen-portal/dev/db-credentials' });
  });

  test('a logs bucket named aws-waf-logs-* receives the WAF logs itself: no WAF log group', async () => {
    const plan = await planJson(tool, dir, { logs_bucket: 'aws-waf-logs-govtech-dev-111111111111' });
    const addresses = plan.resource_changes.map((r) => r.address);
    expect(addresses).not.toContain('aws_cloudwatch_log_group.waf[0]');
    expect(addresses).not.toContain('aws_cloudwatch_log_resource_policy.waf_log_delivery[0]');
    expect(planned(plan, 'aws_wafv2_web_acl_logging_configuration.govtech')).toMatchObject({
      log_destination_configs: ['arn:aws:s3:::aws-waf-logs-govtech-dev-111111111111'],
    });
    expect(planned(plan, 'aws_cloudtrail.govtech_audit')).toMatchObject({ s3_bucket_name: 'aws-waf-logs-govtech-dev-111111111111' });
  });

  // Bad values, between them breaking every rule of every variable (checked below).
  const invalid: Record<SecurityVariableName, string[]> = {
    environment: ['qa', 'Prod'],
    account_id: ['12345678901', '12345678901a'],
    aws_region: ['us-east', 'mars-north-1'],
    logs_bucket: ['Govtech-Logs', 'govtech..logs', '192.168.10.12', 'xn--govtech-logs', 'ab'],
    project_name: ['GovTech', 'a-project-name-that-is-far-too-long', 'gov--tech'],
  };
  const cases = Object.entries(invalid).flatMap(([name, values]) =>
    values.map((value, round) => ({ name: name as SecurityVariableName, value, round })),
  );

  test('the bad values break every rule of every variable', () => {
    for (const spec of Object.values(VARIABLE_SPECS)) {
      const broken = new Set(invalid[spec.name].flatMap((v) => brokenRules(spec, v)));
      expect(spec.rules.filter((r) => !broken.has(r))).toEqual([]);
    }
  });

  // Terraform reports every invalid variable of a run, so round i passes the i-th bad value of each variable at once.
  const rounds = new Map<number, Promise<RunResult>>();
  const runRound = (round: number) => {
    if (!rounds.has(round)) {
      const vars = Object.fromEntries(cases.filter((c) => c.round === round).map((c) => [c.name, c.value]));
      rounds.set(round, terraform(tool, dir, ['plan', '-input=false', '-no-color', '-lock=false', ...varArgs(vars)]));
    }
    return rounds.get(round)!;
  };

  test.each(cases)('-var $name=$value is refused by the variable validation', async ({ name, value, round }) => {
    const r = await runRound(round);
    expect(r.code).toBe(1);
    const err = r.stderr.replace(/\s+/g, ' ');
    expect(err).toContain('Invalid value for variable');
    // The message Terraform shows is the one the config check shows at synth: the first rule broken.
    const [rule] = brokenRules(VARIABLE_SPECS[name], value);
    expect(err).toContain(`Invalid ${name} "${value}": it must ${rule.rule}.`.replace(/\s+/g, ' '));
  });
});
