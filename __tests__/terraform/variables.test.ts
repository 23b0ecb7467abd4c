/**
 * The documented variables drive the synthesized stack as they drive the HCL module:
 * `terraform plan -var ...` on the synthesized output changes what is planned, and bad
 * values are refused by the variables' validation.
 *
 * The stack planned is security-prod of a variant config whose logs bucket comes from another
 * configuration's state (read from a local file here): one plan with the defaults, one with
 * every valid override at once (each test asserts its own part of it).
 *
 * The bad values are checked against each stack's own `variable` blocks, copied byte for byte
 * into a configuration of their own: Terraform evaluates the same validation rules there in a
 * tenth of a second, without starting the AWS provider; one plan of a whole stack shows that
 * the stack refuses them the same way.
 */
import * as path from 'path';
import { ENVIRONMENTS, loadConfig, validateConfig } from '../../src/config';
import { brokenRules, SecurityVariableName, VARIABLE_SPECS } from '../../src/config/rules';
import { securityStackName } from '../../src/config/plan';
import {
  describeWithTerraform,
  planJson,
  PlanJson,
  planned,
  localRemoteState,
  prepareOfflineStack,
  RunResult,
  stackJson,
  synthApp,
  SynthResult,
  terraform,
  variablesOnly,
  varArgs,
} from '../helpers/terraform';

/** The bucket the other configuration's state names. */
const STORAGE_BUCKET = 'storage-prod-audit-logs';
/** Valid values other than the prod stack's defaults, passed together in one plan. */
const OVERRIDES = {
  project_name: 'citizen-portal',
  aws_region: 'eu-west-2',
  account_id: '210987654321',
  logs_bucket: 'govtech-prod-logs-123456789012',
};

// Bad values, between them breaking every rule of every variable (checked below).
const INVALID: Record<SecurityVariableName, string[]> = {
  environment: ['qa', 'Prod'],
  account_id: ['12345678901', '12345678901a'],
  aws_region: ['us-east', 'mars-north-1', 'us-east-7'],
  logs_bucket: ['Govtech-Logs', 'govtech..logs', '192.168.10.12', 'xn--govtech-logs', 'ab'],
  project_name: ['GovTech', 'a-project-name-that-is-far-too-long', 'gov--tech'],
};
const CASES = Object.entries(INVALID).flatMap(([name, values]) =>
  values.map((value, round) => ({ name: name as SecurityVariableName, value, round })),
);
/** Round i passes the i-th bad value of each variable at once: Terraform reports every invalid variable of a run. */
const roundVars = (round: number) => Object.fromEntries(CASES.filter((c) => c.round === round).map((c) => [c.name, c.value]));

const plan = (vars: Record<string, string>) => ['plan', '-input=false', '-no-color', '-lock=false', ...varArgs(vars)];

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
  let defaults: PlanJson;
  let overridden: PlanJson;

  beforeAll(async () => {
    const c = JSON.parse(JSON.stringify(loadConfig()));
    c.environments.prod.logsBucket = {
      remoteState: { bucket: 'storage-state-333333333333', key: 'storage/prod.tfstate', region: 'us-east-1', output: 'bucket_id' },
    };
    synth = synthApp(validateConfig(c, 'test config: prod.logsBucket from another state'));
    dir = synth.stackDir(securityStackName('prod'));
    // The storage configuration's state (outputs only).
    const storageState = localRemoteState(path.join(synth.outdir, 'storage.tfstate'), 'logs_bucket_source', {
      bucket_id: { value: STORAGE_BUCKET, type: 'string' },
    });
    await prepareOfflineStack(tool, dir, { data: storageState });
    // Without -var only the trail and the WAF log destination are asserted on: the plan of those
    // (and what they read) is enough, and skips the web ACL, the costliest resource to plan.
    const defaultsAsserted = [
      'aws_cloudtrail.govtech_audit',
      'aws_cloudwatch_log_group.waf',
      'aws_cloudwatch_log_resource_policy.waf_log_delivery',
    ];
    [defaults, overridden] = await Promise.all([planJson(tool, dir, {}, defaultsAsserted), planJson(tool, dir, OVERRIDES)]);
  }, 300_000);
  afterAll(() => synth?.cleanup());

  test("logs_bucket: without -var, the bucket another configuration's state names", () => {
    expect(planned(defaults, 'aws_cloudtrail.govtech_audit')).toMatchObject({
      s3_bucket_name: STORAGE_BUCKET,
      name: 'govtech-audit-trail-prod',
    });
  });

  test('-var logs_bucket overrides it', () => {
    expect(planned(overridden, 'aws_cloudtrail.govtech_audit')).toMatchObject({ s3_bucket_name: OVERRIDES.logs_bucket });
  });

  test('-var logs_bucket does not switch the WAF log destination: it is chosen at synth, from config', () => {
    for (const p of [defaults, overridden]) {
      expect(planned(p, 'aws_cloudwatch_log_group.waf')).toMatchObject({ retention_in_days: 365 });
      expect(p.resource_changes.map((r) => r.address)).toContain('aws_cloudwatch_log_resource_policy.waf_log_delivery');
    }
  });

  test('-var aws_region and -var account_id reach the Security Hub ARNs and the policies', () => {
    const standards = overridden.resource_changes
      .filter((r) => r.type === 'aws_securityhub_standards_subscription')
      .map((r) => r.change.after.standards_arn);
    expect(standards.sort()).toEqual([
      'arn:aws:securityhub:eu-west-2::standards/aws-foundational-security-best-practices/v/1.0.0',
      'arn:aws:securityhub:eu-west-2::standards/cis-aws-foundations-benchmark/v/1.4.0',
    ]);
    const policy = planned(overridden, 'aws_kms_key.govtech_main').policy as string;
    expect(policy).toContain('"Service":"logs.eu-west-2.amazonaws.com"');
    expect(policy).toContain('arn:aws:cloudtrail:eu-west-2:210987654321:trail/citizen-portal-audit-trail-prod');
    expect(policy).not.toContain(validateConfig(loadConfig()).environments.prod?.accountId);
  });

  test('-var project_name renames everything derived from it', () => {
    expect(planned(overridden, 'aws_cloudtrail.govtech_audit')).toMatchObject({ name: 'citizen-portal-audit-trail-prod' });
    expect(planned(overridden, 'aws_cloudwatch_log_group.cloudtrail')).toMatchObject({ name: '/aws/cloudtrail/citizen-portal-prod' });
    expect(planned(overridden, 'aws_cloudwatch_log_group.waf')).toMatchObject({ name: 'aws-waf-logs-citizen-portal-prod' });
    expect(planned(overridden, 'aws_wafv2_web_acl.govtech')).toMatchObject({ name: 'citizen-portal-waf-prod' });
    expect(planned(overridden, 'aws_secretsmanager_secret.db_credentials')).toMatchObject({ name: 'citizen-portal/prod/db-credentials' });
    expect(planned(overridden, 'aws_kms_key.govtech_main')).toMatchObject({ tags_all: { Project: 'citizen-portal', Environment: 'prod' } });
  });

  test('the bad values break every rule of every variable', () => {
    for (const spec of Object.values(VARIABLE_SPECS)) {
      const broken = new Set(INVALID[spec.name].flatMap((v) => brokenRules(spec, v)));
      expect(spec.rules.filter((r) => !broken.has(r))).toEqual([]);
    }
  });

  describe('bad values', () => {
    /** Per environment, a configuration holding only its security stack's `variable` blocks, as synthesized. */
    const variables = {} as Record<(typeof ENVIRONMENTS)[number], string>;
    const rounds = new Map<number, Promise<RunResult>>();
    const runRound = (round: number) => {
      if (!rounds.has(round)) rounds.set(round, terraform(tool, variables.dev, plan(roundVars(round))));
      return rounds.get(round)!;
    };

    beforeAll(() => {
      for (const env of ENVIRONMENTS) variables[env] = variablesOnly(synth, securityStackName(env));
    });

    test('the variables-only configurations hold exactly the five documented variables', () => {
      for (const env of ENVIRONMENTS) {
        expect(Object.keys(stackJson(synth, securityStackName(env)).variable).sort()).toEqual(Object.keys(VARIABLE_SPECS).sort());
      }
    });

    test.each(CASES)('-var $name=$value is refused by the variable validation', async ({ name, value, round }) => {
      expectRefused(await runRound(round), name, value);
    });

    test.each(ENVIRONMENTS)('%s: -var environment=<another> is refused, naming the stack to use', async (env) => {
      const other = ENVIRONMENTS.find((e) => e !== env)!;
      const r = await terraform(tool, variables[env], plan({ environment: other }));
      expect(r.code).toBe(1);
      const err = r.stderr.replace(/\s+/g, ' ');
      expect(err).toContain(`Invalid environment "${other}": the stack ${securityStackName(env)} deploys only ${env}`);
      expect(err).toContain(`For ${other}, use the stack ${securityStackName(other)}`);
    });

    test('the whole stack refuses them the same way, before planning anything', async () => {
      const r = await terraform(tool, dir, plan({ ...roundVars(0), environment: 'dev' }));
      for (const c of CASES.filter((x) => x.round === 0 && x.name !== 'environment')) expectRefused(r, c.name, c.value);
      expect(r.stderr.replace(/\s+/g, ' ')).toContain('Invalid environment "dev": the stack security-prod deploys only prod');
      expect(r.stdout).not.toContain('Terraform will perform the following actions');
    });
  });
});
