/**
 * Construct props checked as aws-cdk-lib checks them: at construction, the message naming
 * the construct's path, the prop, the value and the rule; unresolved tokens pass (AWS checks
 * those at apply).
 */
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecurityAlerting } from '../../src/security/alerting';
import { CisMonitoring, isAlarmPeriod } from '../../src/security/cis-monitoring';
import { CIS_MONITORING, CisMonitoringControl } from '../../src/catalog/cis-monitoring';
import { AuditTrail } from '../../src/security/cloudtrail';
import { SecurityContext } from '../../src/security/context';
import { CostAnomaly } from '../../src/security/cost';
import { SecurityKey } from '../../src/security/kms';
import { ApplicationSecrets } from '../../src/security/secrets';
import { SecurityModule, SecurityModuleProps } from '../../src/security/security-module';
import { ConstructPropsError, RETENTION_DAYS_VALUES, RetentionDays } from '../../src/security/validation';
import { RateLimitWindowSeconds, WebApplicationFirewall } from '../../src/security/waf';
import { ACCOUNT, LOGS_BUCKET, PROJECT, REGION, testContext } from '../helpers/unit';

const KEY_ARN = 'arn:aws:kms:eu-west-2:123456789012:key/test-key';

/** A stack `test` with an AWS provider; `build` adds constructs to it. */
function inStack(build: (stack: TerraformStack, ctx: SecurityContext) => void): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(stack, 'aws', { region: REGION });
  build(stack, testContext(stack));
  return stack;
}

/** The error `build` throws, which must be a ConstructPropsError. */
function refusal(build: (stack: TerraformStack, ctx: SecurityContext) => void): ConstructPropsError {
  try {
    inStack(build);
  } catch (e) {
    expect(e).toBeInstanceOf(ConstructPropsError);
    return e as ConstructPropsError;
  }
  throw new Error('the construct accepted the props');
}

/** A number Terraform only knows at plan. */
const planTimeNumber = (scope: Construct) => new TerraformVariable(scope, 'n', { type: 'number' }).numberValue;

const key = (deletionWindowInDays?: number) => (scope: Construct, context: SecurityContext) =>
  new SecurityKey(scope, 'kms', { context, deletionWindowInDays });
const waf =
  (props: { rateLimit?: number; rateLimitWindowSeconds?: number; logGroupRetentionDays?: RetentionDays }) =>
  (scope: Construct, context: SecurityContext) =>
    new WebApplicationFirewall(scope, 'waf', {
      context,
      logsBucket: LOGS_BUCKET,
      key: new SecurityKey(scope, 'kms', { context }),
      logGroupRetentionDays: props.logGroupRetentionDays ?? 90,
      rateLimit: props.rateLimit,
      rateLimitWindowSeconds: props.rateLimitWindowSeconds as RateLimitWindowSeconds | undefined,
    });
const trail = (logGroupRetentionDays: RetentionDays) => (scope: Construct, context: SecurityContext) =>
  new AuditTrail(scope, 'cloudtrail', {
    context,
    logsBucket: LOGS_BUCKET,
    key: new SecurityKey(scope, 'kms', { context }),
    logGroupRetentionDays,
  });
const ROOT_USAGE = CIS_MONITORING.find((c) => c.id === 'root_account_usage')!;
const alarm = (change: Partial<CisMonitoringControl>) => (scope: Construct, context: SecurityContext) =>
  new CisMonitoring(scope, 'cis', {
    context,
    trailLogGroupName: '/aws/cloudtrail/x',
    alerts: new SecurityAlerting(scope, 'alerting', { context, key: new SecurityKey(scope, 'kms', { context }) }),
    controls: [{ ...ROOT_USAGE, ...change }],
  });
const secrets = (recoveryWindowInDays: number) => (scope: Construct, context: SecurityContext) =>
  new ApplicationSecrets(scope, 'secrets', { context, kmsKeyArn: KEY_ARN, recoveryWindowInDays });
const cost = (thresholdUsd: number) => (scope: Construct, context: SecurityContext) =>
  new CostAnomaly(scope, 'cost', { context, thresholdUsd });
const moduleProps = (overrides: Partial<SecurityModuleProps> = {}): SecurityModuleProps => ({
  projectName: PROJECT,
  environment: 'prod',
  accountId: ACCOUNT,
  awsRegion: REGION,
  logsBucket: LOGS_BUCKET,
  ...overrides,
});

describe('refused props name the construct path, the prop, the value and the rule', () => {
  test.each<[string, (stack: TerraformStack, ctx: SecurityContext) => unknown, string]>([
    ['a 6-day KMS deletion window', key(6), 'test/kms: deletionWindowInDays = 6: must be a whole number of days from 7 to 30'],
    ['a 31-day KMS deletion window', key(31), 'test/kms: deletionWindowInDays = 31: must be a whole number of days from 7 to 30'],
    ['a fractional KMS deletion window', key(7.5), 'test/kms: deletionWindowInDays = 7.5: must be'],
    [
      'a WAF rate limit below 10',
      waf({ rateLimit: 9 }),
      'test/waf: rateLimit = 9: must be a whole number of requests from 10 to 2,000,000,000',
    ],
    [
      'a WAF rate limit above 2,000,000,000',
      waf({ rateLimit: 2_000_000_001 }),
      'test/waf: rateLimit = 2000000001: must be a whole number of requests from 10',
    ],
    [
      'a WAF evaluation window of 90 s',
      waf({ rateLimitWindowSeconds: 90 }),
      'test/waf: rateLimitWindowSeconds = 90: must be one of the evaluation windows AWS WAF accepts: 60, 120, 300, 600 seconds',
    ],
    [
      'a WAF log retention CloudWatch Logs does not offer',
      waf({ logGroupRetentionDays: 366 as RetentionDays }),
      'test/waf: logGroupRetentionDays = 366: must be one of the retention periods CloudWatch Logs accepts (RetentionDays): 1, 3, 5,',
    ],
    [
      'a trail log retention CloudWatch Logs does not offer',
      trail(100 as RetentionDays),
      'test/cloudtrail: logGroupRetentionDays = 100: must be one of the retention periods',
    ],
    [
      'an alarm period of 45 s',
      alarm({ periodSeconds: 45 }),
      'test/cis: controls[root_account_usage].periodSeconds = 45: must be 10, 20, 30 or a multiple of 60 seconds',
    ],
    [
      'an alarm period over seven days',
      alarm({ periodSeconds: 604_860 }),
      'test/cis: controls[root_account_usage].periodSeconds = 604860: must be at most 604800 seconds',
    ],
    [
      'an alarm threshold of 0',
      alarm({ threshold: 0 }),
      'test/cis: controls[root_account_usage].threshold = 0: must be a positive number of events per period',
    ],
    [
      'an alarm threshold that is not a number',
      alarm({ threshold: NaN }),
      'test/cis: controls[root_account_usage].threshold = NaN: must be a positive number',
    ],
    [
      'a 3-day secret recovery window',
      secrets(3),
      'test/secrets: recoveryWindowInDays = 3: must be a whole number of days from 7 to 30, or 0',
    ],
    ['a cost threshold of 0 USD', cost(0), 'test/cost: thresholdUsd = 0: must be a positive number of US dollars'],
    [
      'a module log retention CloudWatch Logs does not offer',
      (s) => new SecurityModule(s, 'security', moduleProps({ logGroupRetentionDays: 1000 as RetentionDays })),
      'test/security: logGroupRetentionDays = 1000: must be one of the retention periods',
    ],
  ])('%s', (_what, build, message) => {
    expect(refusal(build).message).toContain(message);
  });
});

describe('values AWS accepts pass', () => {
  test.each<[string, (stack: TerraformStack, ctx: SecurityContext) => unknown]>([
    ['KMS deletion windows of 7 and 30 days', (s, c) => [key(7)(s, c), key(30)(new Construct(s, 'other'), c)]],
    [
      'the WAF rate limit bounds',
      (s, c) => [waf({ rateLimit: 10 })(s, c), waf({ rateLimit: 2_000_000_000 })(new Construct(s, 'other'), c)],
    ],
    [
      'every WAF evaluation window',
      (s, c) => [60, 120, 300, 600].map((w) => waf({ rateLimitWindowSeconds: w })(new Construct(s, `w${w}`), c)),
    ],
    ['every RetentionDays value', (s, c) => RETENTION_DAYS_VALUES.map((d) => trail(d)(new Construct(s, `r${d}`), c))],
    [
      'alarm periods of 10, 20, 30, 60, 3600 and 604800 s',
      (s, c) => [10, 20, 30, 60, 3600, 604_800].map((p) => alarm({ periodSeconds: p })(new Construct(s, `p${p}`), c)),
    ],
    ['a secret deleted at once', (s, c) => secrets(0)(s, c)],
    [
      'plan-time numbers, which only AWS can check',
      (s, c) => {
        const n = planTimeNumber(s);
        return [
          key(n)(s, c),
          waf({ rateLimit: n, logGroupRetentionDays: n })(new Construct(s, 'w'), c),
          trail(n)(new Construct(s, 't'), c),
        ];
      },
    ],
  ])('%s', (_what, build) => {
    expect(() => inStack(build)).not.toThrow();
  });

  test('RetentionDays is the set CloudWatch Logs accepts', () => {
    expect(RETENTION_DAYS_VALUES).toEqual([
      0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
    ]);
    expect(RetentionDays.ONE_YEAR).toBe(365);
  });

  test.each([
    [10, true],
    [20, true],
    [30, true],
    [60, true],
    [300, true],
    [40, false],
    [90, false],
    [0, false],
    [-60, false],
  ])('isAlarmPeriod(%p) is %p', (p, ok) => {
    expect(isAlarmPeriod(p)).toBe(ok);
  });
});

describe('SecurityModule', () => {
  test('a second module in the same stack is refused, naming both', () => {
    const e = refusal((s) => {
      new SecurityModule(s, 'security', moduleProps());
      new SecurityModule(s, 'security_two', moduleProps({ environment: 'dev' }));
    });
    expect(e.message).toMatch(/^test\/security_two: stack test already holds the SecurityModule test\/security; a stack holds one/);
    expect(e.message).toContain('Put each module in a stack of its own.');
  });

  test('modules in separate stacks are fine', () => {
    const app = Testing.app();
    for (const env of ['dev', 'prod']) {
      const stack = new TerraformStack(app, env);
      new AwsProvider(stack, 'aws', { region: REGION });
      expect(() => new SecurityModule(stack, 'security', moduleProps({ environment: env }))).not.toThrow();
    }
  });

  test('names over an AWS limit are refused, naming each resource and its limit', () => {
    const environment = 'e'.repeat(40);
    const e = refusal((s) => new SecurityModule(s, 'security', moduleProps({ environment })));
    expect(e.message).toMatch(/^test\/security: /);
    expect(e.message).toContain(`the IAM role name "govtech-${environment}-cloudtrail-to-logs" has 67 characters; AWS allows at most 64`);
    expect(e.message).toContain(
      `the EventBridge rule name "govtech-${environment}-guardduty-high-severity" has 72 characters; AWS allows at most 64`,
    );
    expect(e.message).not.toContain('log group');
  });

  test('the longest project name fits; with an environment name longer than staging the EventBridge rule name does not', () => {
    const longest = 'a'.repeat(32);
    expect(() =>
      inStack((s) => new SecurityModule(s, 'security', moduleProps({ projectName: longest, environment: 'staging' }))),
    ).not.toThrow();
    const e = refusal((s) => new SecurityModule(s, 'security', moduleProps({ projectName: longest, environment: 'stagings' })));
    expect(e.message).toBe(
      `test/security: the EventBridge rule name "${longest}-stagings-guardduty-high-severity" has 65 characters; AWS allows at most 64. ` +
        'Shorten the project name or the environment name.',
    );
  });

  test('names made of Terraform variables are left to the variable rules', () => {
    expect(() =>
      inStack((s) => {
        const v = (name: string) => new TerraformVariable(s, name, { type: 'string' }).stringValue;
        new SecurityModule(s, 'security', moduleProps({ projectName: v('project_name'), environment: v('environment') }));
      }),
    ).not.toThrow();
  });
});
