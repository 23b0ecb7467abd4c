import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { ConfigError, DEFAULT_CONFIG_PATH, EnvironmentName, ENVIRONMENTS, loadConfig, validateConfig } from '../../src/config';
import { CHECKED_IN, configWith, Json, problemsOf } from '../helpers/config-edit';
import { brokenRules, SecurityVariableName, VARIABLE_SPECS } from '../../src/config/rules';

/** Put dev, staging and prod in one account and region; `owners` sets accountServicesOwner. */
function sharedAccount(owners: Partial<Record<EnvironmentName, EnvironmentName>>): Json {
  return configWith((c) => {
    for (const env of ENVIRONMENTS) {
      Object.assign(c.environments[env], { accountId: '123456789012', awsRegion: 'us-east-1' });
      if (owners[env]) c.environments[env].accountServicesOwner = owners[env];
    }
  });
}

describe('loadConfig', () => {
  test('the checked-in config/environments.json loads', () => {
    expect(DEFAULT_CONFIG_PATH.endsWith(path.join('config', 'environments.json'))).toBe(true);
    expect(existsSync(DEFAULT_CONFIG_PATH)).toBe(true);
    expect(CHECKED_IN.projectName).toBe('govtech');
    expect(Object.keys(CHECKED_IN.environments).sort()).toEqual(['dev', 'prod', 'staging']);
  });

  describe('with files of its own', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'govtech-config-'));
    const file = (name: string, text: string) => {
      const f = path.join(dir, name);
      writeFileSync(f, text);
      return f;
    };
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    test('GOVTECH_CONFIG names the file to load', () => {
      const f = file('other.json', JSON.stringify(configWith((c) => (c.projectName = 'other'))));
      const before = process.env.GOVTECH_CONFIG;
      process.env.GOVTECH_CONFIG = f;
      try {
        expect(loadConfig().projectName).toBe('other');
      } finally {
        if (before === undefined) delete process.env.GOVTECH_CONFIG;
        else process.env.GOVTECH_CONFIG = before;
      }
    });

    test('a file that is not JSON is a ConfigError naming the file', () => {
      const f = file('broken.json', '{ "projectName": ');
      expect(() => loadConfig(f)).toThrow(ConfigError);
      expect(() => loadConfig(f)).toThrow(/broken\.json[\s\S]*cannot read the file as JSON/);
    });

    test('a missing file is a ConfigError', () => {
      expect(() => loadConfig(path.join(dir, 'missing.json'))).toThrow(ConfigError);
    });
  });
});

describe('validateConfig', () => {
  test('accepts the checked-in config as it is', () => {
    expect(problemsOf(CHECKED_IN)).toEqual([]);
  });

  test.each([null, [], 'govtech', 42])('refuses %p as a whole', (raw) => {
    expect(problemsOf(raw)).toEqual([expect.stringContaining('must hold a JSON object')]);
  });

  // [what, change, field path, bad value, rule it names]
  test.each<[string, (c: Json) => void, string, unknown, string]>([
    ['an unknown environment', (c) => (c.environments.qa = c.environments.dev), 'environments.qa', 'qa', 'be one of dev, staging, prod'],
    ['an 11-digit account', (c) => (c.environments.prod.accountId = '12345678901'), 'environments.prod.accountId', '12345678901', 'be exactly 12 digits'],
    ['an account as a number', (c) => (c.environments.prod.accountId = 123456789012), 'environments.prod.accountId', 123456789012, 'be a string'],
    ['a bad region', (c) => (c.environments.dev.awsRegion = 'us-east'), 'environments.dev.awsRegion', 'us-east', 'be an AWS region name'],
    ['a bucket with two dots in a row', (c) => (c.environments.dev.logsBucket = 'a..b'), 'environments.dev.logsBucket', 'a..b', 'not contain two dots in a row'],
    ['a bucket named like an IP', (c) => (c.environments.dev.logsBucket = '192.168.1.1'), 'environments.dev.logsBucket', '192.168.1.1', 'not be formatted as an IP address'],
    ['an uppercase bucket', (c) => (c.environments.staging.logsBucket = 'Govtech-Logs'), 'environments.staging.logsBucket', 'Govtech-Logs', 'be a valid S3 bucket name'],
    ['a reserved bucket prefix', (c) => (c.environments.dev.logsBucket = 'xn--logs'), 'environments.dev.logsBucket', 'xn--logs', 'not use a prefix or suffix S3 reserves'],
    ['a bad state bucket', (c) => (c.stateBackend.bucket = 'State_Bucket'), 'stateBackend.bucket', 'State_Bucket', 'be a valid S3 bucket name'],
    ['a too-long project name', (c) => (c.projectName = 'a'.repeat(33)), 'projectName', 'a'.repeat(33), 'be 2-32 characters'],
    ['a project name with --', (c) => (c.projectName = 'gov--tech'), 'projectName', 'gov--tech', 'not contain two hyphens in a row'],
    ['prod keeping logs under a year', (c) => (c.environments.prod.logsRetentionDays = 364), 'environments.prod.logsRetentionDays', 364, 'be a whole number from 365 to 3650 (prod keeps audit logs for at least a year)'],
    ['a fractional retention', (c) => (c.environments.dev.logsRetentionDays = 90.5), 'environments.dev.logsRetentionDays', 90.5, 'be a whole number from 1 to 3650'],
    ['archiving after expiry', (c) => (c.environments.dev.logsArchiveAfterDays = 90), 'environments.dev.logsArchiveAfterDays', 90, 'be a whole number from 1 to 89 (archive before the logs expire)'],
    ['a bad alert email', (c) => (c.environments.dev.alertEmails = ['secops@example.gov', 'not-an-email']), 'environments.dev.alertEmails[1]', 'not-an-email', 'be an email address'],
    ['alert emails as a string', (c) => (c.environments.dev.alertEmails = 'secops@example.gov'), 'environments.dev.alertEmails', 'secops@example.gov', 'be a list of email addresses'],
    ['a bad cost email', (c) => (c.environments.prod.costAnomaly.emails = ['finops at example.gov']), 'environments.prod.costAnomaly.emails[0]', 'finops at example.gov', 'be an email address'],
    ['a negative cost threshold', (c) => (c.environments.prod.costAnomaly.thresholdUsd = -5), 'environments.prod.costAnomaly.thresholdUsd', -5, 'be a positive number'],
    ['an IMMEDIATE email digest', (c) => (c.environments.prod.costAnomaly.emailFrequency = 'IMMEDIATE'), 'environments.prod.costAnomaly.emailFrequency', 'IMMEDIATE', 'be DAILY or WEEKLY'],
    ['a non-boolean GuardDuty option', (c) => (c.environments.prod.guardDuty.runtimeMonitoring = 'yes'), 'environments.prod.guardDuty.runtimeMonitoring', 'yes', 'be true or false'],
    ['a misspelt environment field', (c) => (c.environments.prod.guardduty = { runtimeMonitoring: true }), 'environments.prod.guardduty', { runtimeMonitoring: true }, 'be one of the known fields'],
    ['a misspelt backend field', (c) => (c.stateBackend.dynamoTable = 'locks'), 'stateBackend.dynamoTable', 'locks', 'be one of the known fields'],
    ['costAnomaly as null', (c) => (c.environments.prod.costAnomaly = null), 'environments.prod.costAnomaly', null, 'be an object with thresholdUsd'],
    ['guardDuty as a boolean', (c) => (c.environments.prod.guardDuty = true), 'environments.prod.guardDuty', true, 'be an object with rdsLoginEvents'],
    ['a repeated alert email', (c) => (c.environments.dev.alertEmails = ['secops@example.gov', 'SecOps@example.gov']), 'environments.dev.alertEmails[1]', 'SecOps@example.gov', 'not repeat an address'],
    ['a Multi-Region Access Point suffix', (c) => (c.environments.dev.logsBucket = 'govtech-logs.mrap'), 'environments.dev.logsBucket', 'govtech-logs.mrap', 'not use a prefix or suffix S3 reserves'],
    ['a non-boolean use_lockfile', (c) => (c.stateBackend.useLockfile = 'true'), 'stateBackend.useLockfile', 'true', 'be true or false'],
    ['no state lock at all', (c) => delete c.stateBackend.dynamodbTable, 'stateBackend.dynamodbTable', undefined, 'be set unless useLockfile is true'],
    ['a bad lock table', (c) => (c.stateBackend.dynamodbTable = 'ab'), 'stateBackend.dynamodbTable', 'ab', 'be a DynamoDB table name'],
    ['a key prefix with a leading slash', (c) => (c.stateBackend.keyPrefix = '/govtech'), 'stateBackend.keyPrefix', '/govtech', 'be an S3 key prefix'],
    ['a state role that is not a role ARN', (c) => (c.stateBackend.roleArn = 'terraform-state'), 'stateBackend.roleArn', 'terraform-state', 'be an IAM role ARN'],
    ['a remote-state bucket in a bad region', (c) => (c.environments.dev.logsBucket = { remoteState: { bucket: 'other-state', key: 'logs.tfstate', region: 'moon-1', output: 'bucket_id' } }), 'environments.dev.logsBucket.remoteState.region', 'moon-1', 'be an AWS region name'],
    ['a remote state without its output', (c) => (c.environments.dev.logsBucket = { remoteState: { bucket: 'other-state', key: 'logs.tfstate', region: 'us-east-1' } }), 'environments.dev.logsBucket.remoteState.output', undefined, 'be a non-empty string'],
    ['a logs bucket of another shape', (c) => (c.environments.dev.logsBucket = { fromLogsStack: 'yes' }), 'environments.dev.logsBucket', { fromLogsStack: 'yes' }, 'be a bucket name, { "fromLogsStack": true }'],
    ['an unknown account services owner', (c) => (c.environments.staging.accountServicesOwner = 'qa'), 'environments.staging.accountServicesOwner', 'qa', 'be one of dev, staging, prod'],
  ])('refuses %s, naming the field, the value and the rule', (_what, change, field, value, rule) => {
    const problems = problemsOf(configWith(change));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`${field} = ${JSON.stringify(value)}: must ${rule}`);
  });

  test('S3 lock files may replace the lock table', () => {
    expect(problemsOf(configWith((c) => {
      delete c.stateBackend.dynamodbTable;
      c.stateBackend.useLockfile = true;
    }))).toEqual([]);
  });

  test('a logs bucket from the logs stack: its derived name is checked too', () => {
    const fromLogsStack = (c: Json) => (c.environments.staging.logsBucket = { fromLogsStack: true });
    expect(problemsOf(configWith(fromLogsStack))).toEqual([]);
    const problems = problemsOf(configWith((c) => {
      fromLogsStack(c);
      c.environments.staging.accountId = 'ABCDEFGHIJKL';
    }));
    expect(problems).toEqual([
      expect.stringContaining('environments.staging.accountId = "ABCDEFGHIJKL": must be exactly 12 digits'),
      expect.stringContaining('environments.staging.logsBucket (derived) = "govtech-staging-logs-ABCDEFGHIJKL": must be a valid S3 bucket name'),
    ]);
  });

  test('reports every problem at once', () => {
    const problems = problemsOf(configWith((c) => {
      c.projectName = 'Govtech';
      c.environments.dev.accountId = '1234';
      c.environments.staging.awsRegion = 'mars-north-1';
      c.environments.prod.logsBucket = 'a..b';
      c.environments.prod.logsRetentionDays = 90;
    }));
    expect(problems.map((p) => p.split(' = ')[0])).toEqual([
      'projectName',
      'environments.dev.accountId',
      'environments.staging.awsRegion',
      'environments.prod.logsBucket',
      'environments.prod.logsRetentionDays',
    ]);
  });
});

describe('environments sharing an account', () => {
  test('without accountServicesOwner: refused, with the way to fix it', () => {
    const problems = problemsOf(configWith((c) => (c.environments.staging.accountId = c.environments.dev.accountId)));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('environments.staging.accountId = "111111111111"');
    expect(problems[0]).toContain('environments.dev');
    expect(problems[0]).toContain('"accountServicesOwner": "dev" on environments.staging');
  });

  test('three environments in one account: one problem per extra owner', () => {
    expect(problemsOf(sharedAccount({}))).toEqual([
      expect.stringContaining('"accountServicesOwner": "dev" on environments.staging'),
      expect.stringContaining('"accountServicesOwner": "dev" on environments.prod'),
      expect.stringContaining('"accountServicesOwner": "staging" on environments.prod'),
    ]);
  });

  test('accepted once every other environment names the owner', () => {
    expect(problemsOf(sharedAccount({ staging: 'dev' }))).toEqual([expect.stringContaining('"accountServicesOwner": "dev" on environments.prod')]);
    expect(problemsOf(sharedAccount({ staging: 'dev', prod: 'dev' }))).toEqual([]);
    expect(validateConfig(sharedAccount({ staging: 'dev', prod: 'dev' })).environments.prod.accountServicesOwner).toBe('dev');
  });

  test.each<[string, (c: Json) => void, string]>([
    ['itself', (c) => (c.environments.staging.accountServicesOwner = 'staging'), 'environments.staging.accountServicesOwner = "staging": must name another environment'],
    ['an environment in another account', (c) => (c.environments.staging.accountServicesOwner = 'dev'), 'environments.staging.accountServicesOwner = "dev": must name an environment in the same account'],
    [
      'an environment in another region',
      (c) => Object.assign(c.environments.staging, { accountId: c.environments.dev.accountId, awsRegion: 'us-west-2', accountServicesOwner: 'dev' }),
      'environments.staging.accountServicesOwner = "dev": must name an environment in the same region',
    ],
    [
      'an environment that does not own them either',
      (c) => {
        for (const env of ['staging', 'prod']) c.environments[env].accountId = c.environments.dev.accountId;
        c.environments.staging.accountServicesOwner = 'dev';
        c.environments.prod.accountServicesOwner = 'staging';
      },
      'environments.prod.accountServicesOwner = "staging": must name an environment that owns the account services itself',
    ],
  ])('accountServicesOwner naming %s is refused', (_what, change, problem) => {
    expect(problemsOf(configWith(change))).toEqual([expect.stringContaining(problem)]);
  });
});

describe('VARIABLE_SPECS and brokenRules', () => {
  const VALID: Record<SecurityVariableName, string[]> = {
    project_name: ['govtech', 'ab', 'a1', 'gov-tech-2', 'a'.repeat(32)],
    environment: ['dev', 'staging', 'prod'],
    account_id: ['123456789012', '000000000000'],
    aws_region: ['us-east-1', 'eu-west-2', 'ap-southeast-2', 'il-central-1', 'us-gov-west-1', 'us-isob-east-1'],
    logs_bucket: ['govtech-prod-logs-123456789012', 'abc', 'a.b-c', 'aws-waf-logs-govtech', 'a'.repeat(63)],
  };

  // [variable, a rule, values that break it]
  const INVALID: [SecurityVariableName, string, string[]][] = [
    ['project_name', 'be 2-32 characters', ['', 'a', 'Govtech', '1govtech', 'govtech-', 'gov_tech', 'a'.repeat(33)]],
    ['project_name', 'not contain two hyphens in a row', ['gov--tech']],
    ['environment', 'be one of dev, staging, prod', ['production', 'Prod', 'dev ']],
    ['account_id', 'be exactly 12 digits', ['12345678901', '1234567890123', '12345678901a']],
    ['aws_region', 'be an AWS region name', ['us-east', 'US-EAST-1', 'us-east-0', 'us-middle-1', 'useast1']],
    ['logs_bucket', 'be a valid S3 bucket name', ['ab', 'a'.repeat(64), 'Logs', 'logs_bucket', '-logs', 'logs.']],
    ['logs_bucket', 'not contain two dots in a row', ['a..b']],
    ['logs_bucket', 'not be formatted as an IP address', ['192.168.1.1']],
    ['logs_bucket', 'not use a prefix or suffix S3 reserves',
      ['xn--logs', 'sthree-logs', 'amzn-s3-demo-logs', 'logs-s3alias', 'logs--ol-s3', 'logs--x-s3', 'logs--table-s3']],
  ];
  const INVALID_CASES = INVALID.flatMap(([name, rule, values]) => values.map((value) => [name, value, rule] as const));

  const VALID_CASES = Object.entries(VALID).flatMap(([name, values]) => values.map((v) => [name as SecurityVariableName, v] as const));

  test.each(VALID_CASES)('%s accepts %p', (name, value) => {
    expect(brokenRules(VARIABLE_SPECS[name], value)).toEqual([]);
  });

  test.each(INVALID_CASES)('%s refuses %p: must %s', (name, value, rule) => {
    expect(brokenRules(VARIABLE_SPECS[name], value).map((r) => r.rule)).toContainEqual(expect.stringContaining(rule));
  });

  test('the tables cover every variable and every rule', () => {
    const names = Object.keys(VARIABLE_SPECS).sort();
    expect(Object.keys(VALID).sort()).toEqual(names);
    for (const spec of Object.values(VARIABLE_SPECS)) {
      for (const rule of spec.rules) {
        const breaking = INVALID_CASES.filter(([n, v]) => n === spec.name && brokenRules(spec, v).includes(rule));
        expect({ variable: spec.name, rule: rule.rule, broken: breaking.length > 0 }).toEqual({ variable: spec.name, rule: rule.rule, broken: true });
      }
    }
  });

  test('patterns stay in the JavaScript/RE2 subset Terraform validation can use: no backslash, no look-around', () => {
    const patterns = Object.values(VARIABLE_SPECS).flatMap((s) => s.rules.map((r) => r.pattern));
    expect(patterns.filter((p) => p.includes('\\') || p.includes('(?'))).toEqual([]);
  });

  /** The config field each variable's value comes from (environment: the keys of `environments`). */
  const CONFIG_FIELDS: Record<Exclude<SecurityVariableName, 'environment'>, [string, (c: Json, value: string) => void]> = {
    project_name: ['projectName', (c, v) => (c.projectName = v)],
    account_id: ['environments.dev.accountId', (c, v) => (c.environments.dev.accountId = v)],
    aws_region: ['environments.dev.awsRegion', (c, v) => (c.environments.dev.awsRegion = v)],
    logs_bucket: ['environments.dev.logsBucket', (c, v) => (c.environments.dev.logsBucket = v)],
  };

  test.each(INVALID_CASES.filter(([name]) => name !== 'environment'))('the config check refuses %s %p with the same rule', (name, value, rule) => {
    const [field, set] = CONFIG_FIELDS[name as keyof typeof CONFIG_FIELDS];
    const problems = problemsOf(configWith((c) => set(c, value)));
    expect(problems).toContainEqual(expect.stringContaining(`${field} = ${JSON.stringify(value)}: must ${rule}`));
    expect(problems).toContainEqual(expect.stringContaining(`(variable ${name})`));
  });
});
