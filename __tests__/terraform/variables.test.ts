/**
 * The documented variables drive the synthesized stack as they drive the HCL module:
 * `terraform plan -var ...` on the synthesized output changes what is planned, and bad
 * values are refused by the variables' validation.
 *
 * One plan carries every valid override at once (each test asserts its own part of it).
 * The bad values are checked against the stack's own `variable` blocks, copied byte for byte
 * into a configuration of their own: Terraform evaluates the same validation rules there in
 * a tenth of a second, without starting the AWS provider; one plan of the whole stack shows
 * that the stack refuses them the same way.
 */
import { mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { brokenRules, SecurityVariableName, VARIABLE_SPECS } from '../../src/config/rules';
import { securityStackName } from '../../src/stacks/security-stack';
import {
  describeWithTerraform,
  planJson,
  PlanJson,
  planned,
  prepareOfflineStack,
  RunResult,
  stackJson,
  synthApp,
  SynthResult,
  terraform,
  varArgs,
} from '../helpers/terraform';

/** Valid values other than the dev stack's defaults, passed together in one plan. */
const OVERRIDES = { environment: 'prod', project_name: 'citizen-portal', aws_region: 'eu-west-2', account_id: '210987654321' };

// Bad values, between them breaking every rule of every variable (checked below).
const INVALID: Record<SecurityVariableName, string[]> = {
  environment: ['qa', 'Prod'],
  account_id: ['12345678901', '12345678901a'],
  aws_region: ['us-east', 'mars-north-1'],
  logs_bucket: ['Govtech-Logs', 'govtech..logs', '192.168.10.12', 'xn--govtech-logs', 'ab'],
  project_name: ['GovTech', 'a-project-name-that-is-far-too-long', 'gov--tech'],
};
const CASES = Object.entries(INVALID).flatMap(([name, values]) =>
  values.map((value, round) => ({ name: name as SecurityVariableName, value, round })),
);
/** Round i passes the i-th bad value of each variable at once: Terraform reports every invalid variable of a run. */
const roundVars = (round: number) => Object.fromEntries(CASES.filter((c) => c.round === round).map((c) => [c.name, c.value]));

/** What Terraform must say for `-var name=value`: the message the config check gives at synth, for the first rule broken. */
function expectRefused(r: RunResult, name: SecurityVariableName, value: string): void {
  expect(r.code).toBe(1);
  const err = r.stderr.replace(/\s+/g, ' ');
  expect(err).toContain('Invalid value for variable');
  const [rule] = brokenRules(VARIABLE_SPECS[name], value);
  expect(err).toContain(`Invalid ${name} "${value}": it must ${rule.rule}.`.replace(/\s+/g, ' '));
}

describeWithTerraform('security stack variables at plan time', (tool) => {
  let synth: SynthResult;
  let dir: string;
  let plan: PlanJson;

  beforeAll(async () => {
    synth = synthApp();
    dir = synth.stackDir(securityStackName('dev'));
    await prepareOfflineStack(tool, dir);
    plan = await planJson(tool, dir, OVERRIDES);
  }, 300_000);
  afterAll(() => synth?.cleanup());

  test('-var environment=prod on the dev stack keeps logs 365 days and tags prod', () => {
    expect(planned(plan, 'aws_cloudwatch_log_group.cloudtrail')).toMatchObject({ name: '/aws/cloudtrail/citizen-portal-prod', retention_in_days: 365 });
    expect(planned(plan, 'aws_cloudwatch_log_group.waf[0]')).toMatchObject({ retention_in_days: 365 });
    expect(planned(plan, 'aws_kms_key.govtech_main')).toMatchObject({ tags_all: { Environment: 'prod' } });
  });

  test('-var aws_region and -var account_id reach the Security Hub ARNs and the policies', () => {
    const standards = plan.resource_changes.filter((r) => r.type === 'aws_securityhub_standards_subscription').map((r) => r.change.after.standards_arn);
    expect(standards.sort()).toEqual([
      'arn:aws:securityhub:eu-west-2::standards/aws-foundational-security-best-practices/v/1.0.0',
      'arn:aws:securityhub:eu-west-2::standards/cis-aws-foundations-benchmark/v/1.4.0',
    ]);
    const policy = planned(plan, 'aws_kms_key.govtech_main').policy as string;
    expect(policy).toContain('"Service":"logs.eu-west-2.amazonaws.com"');
    expect(policy).toContain('arn:aws:cloudtrail:eu-west-2:210987654321:trail/citizen-portal-audit-trail-prod');
    expect(policy).not.toContain('111111111111');
  });

  test('-var project_name renames everything derived from it', () => {
    expect(planned(plan, 'aws_cloudtrail.govtech_audit')).toMatchObject({ name: 'citizen-portal-audit-trail-prod' });
    expect(planned(plan, 'aws_wafv2_web_acl.govtech')).toMatchObject({ name: 'citizen-portal-waf-prod' });
    expect(planned(plan, 'aws_secretsmanager_secret.db_credentials')).toMatchObject({ name: 'citizen-portal/prod/db-credentials' });
  });

  test('the bad values break every rule of every variable', () => {
    for (const spec of Object.values(VARIABLE_SPECS)) {
      const broken = new Set(INVALID[spec.name].flatMap((v) => brokenRules(spec, v)));
      expect(spec.rules.filter((r) => !broken.has(r))).toEqual([]);
    }
  });

  describe('bad values', () => {
    /** A configuration holding only the stack's own `variable` blocks, as synthesized. */
    let variablesOnly: string;
    const rounds = new Map<number, Promise<RunResult>>();
    const runRound = (round: number) => {
      if (!rounds.has(round)) rounds.set(round, terraform(tool, variablesOnly, ['plan', '-input=false', '-no-color', '-lock=false', ...varArgs(roundVars(round))]));
      return rounds.get(round)!;
    };

    beforeAll(() => {
      variablesOnly = path.join(synth.outdir, 'variables-only');
      mkdirSync(variablesOnly);
      writeFileSync(path.join(variablesOnly, 'variables.tf.json'), JSON.stringify({ variable: stackJson(synth, securityStackName('dev')).variable }));
    });

    test('the variables-only configuration holds exactly the five documented variables', () => {
      expect(Object.keys(stackJson(synth, securityStackName('dev')).variable).sort()).toEqual(Object.keys(VARIABLE_SPECS).sort());
    });

    test.each(CASES)('-var $name=$value is refused by the variable validation', async ({ name, value, round }) => {
      expectRefused(await runRound(round), name, value);
    });

    test('the whole stack refuses them the same way, before planning anything', async () => {
      const r = await terraform(tool, dir, ['plan', '-input=false', '-no-color', '-lock=false', ...varArgs(roundVars(0))]);
      for (const c of CASES.filter((x) => x.round === 0)) expectRefused(r, c.name, c.value);
      expect(r.stdout).not.toContain('Terraform will perform the following actions');
    });
  });
});
