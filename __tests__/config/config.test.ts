import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import {
  ConfigError,
  configuredEnvironments,
  DEFAULT_CONFIG_PATH,
  EnvironmentName,
  ENVIRONMENTS,
  loadConfig,
  validateConfig,
} from '../../src/config';
import { AWS_REGION_NAMES, AWS_REGIONS, regionInfo, regionsOf } from '../../src/config/regions';
import {
  AWS_REGION_RULES,
  brokenRules,
  LONGEST_ENVIRONMENT,
  MAX_PROJECT_NAME_LENGTH,
  PROJECT_NAME_BOUND,
  SecurityVariableName,
  VARIABLE_SPECS,
} from '../../src/config/rules';
import { overlongNames } from '../../src/security/context';
import { CHECKED_IN, configWith, Json, problemsOf } from '../helpers/config-edit';

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

    test('a file that is not JSON is a ConfigError naming the file, the line and column, and showing the line', () => {
      const text = JSON.stringify(CHECKED_IN, null, 2).replace('"keyPrefix": "govtech",', '"keyPrefix": "govtech",,');
      const lines = text.split('\n');
      const line = lines.findIndex((l) => l.includes(',,')) + 1;
      const column = lines[line - 1].indexOf(',,') + 2;
      const f = file('broken.json', text);
      let error: ConfigError | undefined;
      try {
        loadConfig(f);
      } catch (e) {
        error = e as ConfigError;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect(error!.problems).toEqual([
        `invalid JSON at line ${line}, column ${column}: Expected double-quoted property name\n` +
          `      ${line} | ${lines[line - 1]}\n` +
          `      ${' '.repeat(String(line).length)} | ${' '.repeat(column - 1)}^`,
      ]);
      expect(error!.message).toContain('broken.json');
      expect(error!.message).not.toMatch(/position \d+/);
    });

    test('JSON cut short points at the end of the file', () => {
      const f = file('short.json', '{\n  "projectName": ');
      expect(() => loadConfig(f)).toThrow(/invalid JSON at line 2, column 18: Unexpected end of JSON input/);
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
    [
      'an 11-digit account',
      (c) => (c.environments.prod.accountId = '12345678901'),
      'environments.prod.accountId',
      '12345678901',
      'be exactly 12 digits',
    ],
    [
      'an account as a number',
      (c) => (c.environments.prod.accountId = 123456789012),
      'environments.prod.accountId',
      123456789012,
      'be a string',
    ],
    ['a bad region', (c) => (c.environments.dev.awsRegion = 'us-east'), 'environments.dev.awsRegion', 'us-east', 'be an AWS region name'],
    [
      'a region shaped right that AWS does not have',
      (c) => (c.environments.prod.awsRegion = 'us-east-7'),
      'environments.prod.awsRegion',
      'us-east-7',
      'be an AWS region name that exists',
    ],
    [
      'a state bucket left out',
      (c) => delete c.stateBackend.bucket,
      'stateBackend.bucket',
      undefined,
      'be set (required). The S3 bucket holding the Terraform state.',
    ],
    [
      'a state region that does not exist',
      (c) => (c.stateBackend.region = 'eu-east-1'),
      'stateBackend.region',
      'eu-east-1',
      'be an AWS region name that exists, such as us-east-1, eu-west-2 or us-gov-west-1 (the list is in src/config/regions.ts). (the region of the state bucket)',
    ],
    ['no environment at all', (c) => (c.environments = {}), 'environments', {}, 'name at least one of dev, staging, prod'],
    [
      'an owner missing from the config',
      (c) => {
        delete c.environments.dev;
        c.environments.staging.accountServicesOwner = 'dev';
      },
      'environments.staging.accountServicesOwner',
      'dev',
      'be one of the environments of this config (staging, prod)',
    ],
    [
      'a bucket with two dots in a row',
      (c) => (c.environments.dev.logsBucket = 'a..b'),
      'environments.dev.logsBucket',
      'a..b',
      'not contain two dots in a row',
    ],
    [
      'a bucket named like an IP',
      (c) => (c.environments.dev.logsBucket = '192.168.1.1'),
      'environments.dev.logsBucket',
      '192.168.1.1',
      'not be formatted as an IP address',
    ],
    [
      'an uppercase bucket',
      (c) => (c.environments.staging.logsBucket = 'Govtech-Logs'),
      'environments.staging.logsBucket',
      'Govtech-Logs',
      'be a valid S3 bucket name',
    ],
    [
      'a reserved bucket prefix',
      (c) => (c.environments.dev.logsBucket = 'xn--logs'),
      'environments.dev.logsBucket',
      'xn--logs',
      'not use a prefix or suffix S3 reserves',
    ],
    [
      'a bad state bucket',
      (c) => (c.stateBackend.bucket = 'State_Bucket'),
      'stateBackend.bucket',
      'State_Bucket',
      'be a valid S3 bucket name',
    ],
    [
      'a too-long project name for the EventBridge rule',
      (c) => (c.projectName = 'a'.repeat(33)),
      'projectName',
      'a'.repeat(33),
      'be 2-32 characters of lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen (every resource name starts with it; the longest, the EventBridge rule name <project>-staging-guardduty-high-severity, may have at most 64 characters)',
    ],
    ['a project name with --', (c) => (c.projectName = 'gov--tech'), 'projectName', 'gov--tech', 'not contain two hyphens in a row'],
    [
      'prod keeping logs under a year',
      (c) => (c.environments.prod.logsRetentionDays = 364),
      'environments.prod.logsRetentionDays',
      364,
      'be a whole number from 365 to 3650 (prod keeps audit logs for at least a year)',
    ],
    [
      'a fractional retention',
      (c) => (c.environments.dev.logsRetentionDays = 90.5),
      'environments.dev.logsRetentionDays',
      90.5,
      'be a whole number from 1 to 3650',
    ],
    [
      'archiving after expiry',
      (c) => (c.environments.dev.logsArchiveAfterDays = 90),
      'environments.dev.logsArchiveAfterDays',
      90,
      'be a whole number from 1 to 89 (archive before the logs expire after logsRetentionDays = 90)',
    ],
    [
      'a bad alert email',
      (c) => (c.environments.dev.alertEmails = ['secops@example.gov', 'not-an-email']),
      'environments.dev.alertEmails[1]',
      'not-an-email',
      'be an email address',
    ],
    [
      'alert emails as a string',
      (c) => (c.environments.dev.alertEmails = 'secops@example.gov'),
      'environments.dev.alertEmails',
      'secops@example.gov',
      'be a list of email addresses',
    ],
    [
      'a bad cost email',
      (c) => (c.environments.prod.costAnomaly.emails = ['finops at example.gov']),
      'environments.prod.costAnomaly.emails[0]',
      'finops at example.gov',
      'be an email address',
    ],
    [
      'a negative cost threshold',
      (c) => (c.environments.prod.costAnomaly.thresholdUsd = -5),
      'environments.prod.costAnomaly.thresholdUsd',
      -5,
      'be a positive number',
    ],
    [
      'an IMMEDIATE email digest',
      (c) => (c.environments.prod.costAnomaly.emailFrequency = 'IMMEDIATE'),
      'environments.prod.costAnomaly.emailFrequency',
      'IMMEDIATE',
      'be DAILY or WEEKLY',
    ],
    [
      'a non-boolean GuardDuty option',
      (c) => (c.environments.prod.guardDuty.runtimeMonitoring = 'yes'),
      'environments.prod.guardDuty.runtimeMonitoring',
      'yes',
      'be true or false',
    ],
    [
      'a misspelt environment field',
      (c) => (c.environments.prod.guardduty = { runtimeMonitoring: true }),
      'environments.prod.guardduty',
      { runtimeMonitoring: true },
      'be one of the known fields',
    ],
    [
      'a misspelt backend field',
      (c) => (c.stateBackend.dynamoTable = 'locks'),
      'stateBackend.dynamoTable',
      'locks',
      'be one of the known fields',
    ],
    [
      'costAnomaly as null',
      (c) => (c.environments.prod.costAnomaly = null),
      'environments.prod.costAnomaly',
      null,
      'be an object with thresholdUsd',
    ],
    [
      'guardDuty as a boolean',
      (c) => (c.environments.prod.guardDuty = true),
      'environments.prod.guardDuty',
      true,
      'be an object with rdsLoginEvents',
    ],
    [
      'a repeated alert email',
      (c) => (c.environments.dev.alertEmails = ['secops@example.gov', 'SecOps@example.gov']),
      'environments.dev.alertEmails[1]',
      'SecOps@example.gov',
      'not repeat an address',
    ],
    [
      'a Multi-Region Access Point suffix',
      (c) => (c.environments.dev.logsBucket = 'govtech-logs.mrap'),
      'environments.dev.logsBucket',
      'govtech-logs.mrap',
      'not use a prefix or suffix S3 reserves',
    ],
    ['a non-boolean use_lockfile', (c) => (c.stateBackend.useLockfile = 'true'), 'stateBackend.useLockfile', 'true', 'be true or false'],
    [
      'no state lock at all',
      (c) => delete c.stateBackend.dynamodbTable,
      'stateBackend.dynamodbTable',
      undefined,
      'be set unless useLockfile is true',
    ],
    ['a bad lock table', (c) => (c.stateBackend.dynamodbTable = 'ab'), 'stateBackend.dynamodbTable', 'ab', 'be a DynamoDB table name'],
    [
      'a key prefix with a leading slash',
      (c) => (c.stateBackend.keyPrefix = '/govtech'),
      'stateBackend.keyPrefix',
      '/govtech',
      'be an S3 key prefix',
    ],
    [
      'the retired single state role',
      (c) => (c.stateBackend.roleArn = 'arn:aws:iam::999999999999:role/terraform-state'),
      'stateBackend.roleArn',
      'arn:aws:iam::999999999999:role/terraform-state',
      'not be used: it gave every environment the same role',
    ],
    [
      'a state role that is not a role ARN',
      (c) => (c.stateBackend.roleArns.dev = 'terraform-state'),
      'stateBackend.roleArns.dev',
      'terraform-state',
      'be an IAM role ARN',
    ],
    [
      'a state role outside the state account',
      (c) => (c.stateBackend.roleArns.prod = 'arn:aws:iam::123456789012:role/state'),
      'stateBackend.roleArns.prod',
      'arn:aws:iam::123456789012:role/state',
      'be a role in the state account stateBackend.accountId (999999999999)',
    ],
    [
      'state roles without the state account',
      (c) => delete c.stateBackend.accountId,
      'stateBackend.accountId',
      undefined,
      'be set when roleArns is',
    ],
    [
      'an environment in another account without a state role',
      (c) => delete c.stateBackend.roleArns.staging,
      'stateBackend.roleArns.staging',
      undefined,
      'be set, because environments.staging.accountId (222222222222) is not the state account',
    ],
    [
      'a trusted principal of another account',
      (c) => (c.stateBackend.rolePrincipals = { prod: ['arn:aws:iam::111111111111:role/deployer'] }),
      'stateBackend.rolePrincipals.prod[0]',
      'arn:aws:iam::111111111111:role/deployer',
      'be a principal of environments.prod.accountId (123456789012)',
    ],
    [
      'state roles keyed by an unknown environment',
      (c) => (c.stateBackend.roleArns.qa = 'arn:aws:iam::999999999999:role/qa-state'),
      'stateBackend.roleArns.qa',
      'arn:aws:iam::999999999999:role/qa-state',
      'be keyed by one of dev, staging, prod, management, security, logArchive',
    ],
    [
      'a remote-state bucket in a bad region',
      (c) =>
        (c.environments.dev.logsBucket = {
          remoteState: { bucket: 'other-state', key: 'logs.tfstate', region: 'moon-1', output: 'bucket_id' },
        }),
      'environments.dev.logsBucket.remoteState.region',
      'moon-1',
      'be an AWS region name',
    ],
    [
      'a remote state bucket that is no bucket name',
      (c) =>
        (c.environments.dev.logsBucket = {
          remoteState: { bucket: 'Other_State', key: 'logs.tfstate', region: 'us-east-1', output: 'bucket_id' },
        }),
      'environments.dev.logsBucket.remoteState.bucket',
      'Other_State',
      'be a valid S3 bucket name',
    ],
    [
      'a remote state without its output',
      (c) => (c.environments.dev.logsBucket = { remoteState: { bucket: 'other-state', key: 'logs.tfstate', region: 'us-east-1' } }),
      'environments.dev.logsBucket.remoteState.output',
      undefined,
      "be set (required). The output's name in that state",
    ],
    [
      'a logs bucket of another shape',
      (c) => (c.environments.dev.logsBucket = { fromLogsStack: 'yes' }),
      'environments.dev.logsBucket.fromLogsStack',
      'yes',
      'be true (the logs stack names the bucket). Or give a bucket name instead of the object.',
    ],
    [
      'a logs bucket of no known shape',
      (c) => (c.environments.dev.logsBucket = { bucket: 'govtech-dev-logs' }),
      'environments.dev.logsBucket',
      { bucket: 'govtech-dev-logs' },
      'be a bucket name, { "fromLogsStack": true } or { "remoteState": { bucket, key, region, output } }',
    ],
    [
      'a logs bucket left out',
      (c) => delete c.environments.dev.logsBucket,
      'environments.dev.logsBucket',
      undefined,
      'be a bucket name, { "fromLogsStack": true } or { "remoteState": { bucket, key, region, output } }',
    ],
    [
      'an unknown account services owner',
      (c) => (c.environments.staging.accountServicesOwner = 'qa'),
      'environments.staging.accountServicesOwner',
      'qa',
      'be one of the environments of this config (dev, staging, prod)',
    ],
  ])('refuses %s, naming the field, the value and the rule, once', (_what, change, field, value, rule) => {
    const problems = problemsOf(configWith(change));
    expect(problems).toHaveLength(1);
    // A field left out is named as missing, never as `= undefined`.
    expect(problems[0]).toContain(
      value === undefined ? `${field} is missing: must ${rule}` : `${field} = ${JSON.stringify(value)}: must ${rule}`,
    );
  });

  test('state backend fields are named for what they are, not for a variable they do not set', () => {
    const problems = problemsOf(
      configWith((c) => {
        c.stateBackend.bucket = 'State_Bucket';
        c.stateBackend.region = 'us-east-7';
        c.environments.dev.logsBucket = {
          remoteState: { bucket: 'Other_State', key: 'logs.tfstate', region: 'us-east-9', output: 'bucket_id' },
        };
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^stateBackend\.bucket = "State_Bucket": .*\(the S3 bucket holding the Terraform state\)$/),
      expect.stringMatching(/^stateBackend\.region = "us-east-7": .*\(the region of the state bucket\)$/),
      expect.stringMatching(/^environments\.dev\.logsBucket\.remoteState\.bucket = "Other_State": .*\(the S3 bucket holding that state\)$/),
      expect.stringMatching(/^environments\.dev\.logsBucket\.remoteState\.region = "us-east-9": .*\(the region of that state bucket\)$/),
    ]);
    for (const p of problems) expect(p).not.toContain('variable');
  });

  test.each<[string, EnvironmentName[]]>([
    ['only prod', ['prod']],
    ['only dev', ['dev']],
    ['staging and prod', ['staging', 'prod']],
  ])('accepts %s, and has only those environments', (_what, keep) => {
    const config = validateConfig(
      configWith((c) => {
        for (const env of ENVIRONMENTS) if (!keep.includes(env)) delete c.environments[env];
      }),
    );
    expect(configuredEnvironments(config)).toEqual(keep);
  });

  test('state layouts: an environment in the state account needs no role; a single-account layout needs neither', () => {
    expect(
      problemsOf(
        configWith((c) => {
          delete c.stateBackend.roleArns.dev;
          c.environments.dev.accountId = c.stateBackend.accountId;
          c.environments.dev.logsBucket = 'govtech-dev-logs-999999999999';
        }),
      ),
    ).toEqual([]);
    expect(
      problemsOf(
        configWith((c) => {
          delete c.stateBackend.roleArns;
          delete c.stateBackend.accountId;
        }),
      ),
    ).toEqual([]);
    expect(
      problemsOf(configWith((c) => (c.stateBackend.rolePrincipals = { prod: ['arn:aws:iam::123456789012:role/govtech-deployer'] }))),
    ).toEqual([]);
  });

  test('S3 lock files may replace the lock table', () => {
    expect(
      problemsOf(
        configWith((c) => {
          delete c.stateBackend.dynamodbTable;
          c.stateBackend.useLockfile = true;
        }),
      ),
    ).toEqual([]);
  });

  test('a logs bucket from the logs stack: its derived name is checked too', () => {
    const fromLogsStack = (c: Json) => (c.environments.staging.logsBucket = { fromLogsStack: true });
    expect(problemsOf(configWith(fromLogsStack))).toEqual([]);
    const problems = problemsOf(
      configWith((c) => {
        fromLogsStack(c);
        c.environments.staging.accountId = 'ABCDEFGHIJKL';
      }),
    );
    expect(problems).toEqual([
      expect.stringContaining('environments.staging.accountId = "ABCDEFGHIJKL": must be exactly 12 digits'),
      expect.stringContaining(
        'environments.staging.logsBucket (derived) = "govtech-staging-logs-ABCDEFGHIJKL": must be a valid S3 bucket name',
      ),
    ]);
  });

  test('reports every problem at once', () => {
    const problems = problemsOf(
      configWith((c) => {
        c.projectName = 'Govtech';
        c.environments.dev.accountId = '1234';
        c.environments.staging.awsRegion = 'mars-north-1';
        c.environments.prod.logsBucket = 'a..b';
        c.environments.prod.logsRetentionDays = 90;
      }),
    );
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
  test('without accountServicesOwner: refused naming both environments, the account, and the fix', () => {
    const problems = problemsOf(configWith((c) => (c.environments.staging.accountId = c.environments.dev.accountId)));
    expect(problems).toEqual([
      'environments.dev.accountId and environments.staging.accountId = "111111111111": must not be one account while dev and staging ' +
        'each create the account services (GuardDuty, Security Hub, AWS Config, the account controls, the SERVICE cost monitor), which exist once per account. Give each environment its own ' +
        'account (as AWS recommends), or let staging own them: set "accountServicesOwner": "staging" on environments.dev, so that dev ' +
        "reads guardduty_detector_id and cost_monitor_arn from staging's state.",
    ]);
  });

  test('prod sharing an account with another environment is suggested as the owner', () => {
    const problems = problemsOf(configWith((c) => (c.environments.dev.accountId = c.environments.prod.accountId)));
    expect(problems).toEqual([expect.stringContaining('environments.dev.accountId and environments.prod.accountId = "123456789012"')]);
    expect(problems[0]).toContain('let prod own them: set "accountServicesOwner": "prod" on environments.dev');
  });

  test('three environments in one account: one problem, prod suggested as owner of the other two', () => {
    expect(problemsOf(sharedAccount({}))).toEqual([
      expect.stringContaining(
        'environments.dev.accountId and environments.staging.accountId and environments.prod.accountId = "123456789012": must not be one account while dev and staging and prod',
      ),
    ]);
    expect(problemsOf(sharedAccount({}))[0]).toContain(
      'set "accountServicesOwner": "prod" on environments.dev and environments.staging, so that dev and staging read',
    );
  });

  test('an environment already owning the account services (another names it) is the one suggested', () => {
    // staging already reads from dev: dev's services exist, so prod should use them too.
    expect(problemsOf(sharedAccount({ staging: 'dev' }))).toEqual([
      expect.stringContaining('environments.dev.accountId and environments.prod.accountId = "123456789012"'),
    ]);
    expect(problemsOf(sharedAccount({ staging: 'dev' }))[0]).toContain(
      'let dev own them: set "accountServicesOwner": "dev" on environments.prod',
    );
  });

  test('accepted once every other environment names the owner', () => {
    expect(problemsOf(sharedAccount({ staging: 'dev' }))).toEqual([
      expect.stringContaining('"accountServicesOwner": "dev" on environments.prod'),
    ]);
    expect(problemsOf(sharedAccount({ staging: 'dev', prod: 'dev' }))).toEqual([]);
    expect(validateConfig(sharedAccount({ staging: 'dev', prod: 'dev' })).environments.prod?.accountServicesOwner).toBe('dev');
  });

  test.each<[string, (c: Json) => void, string]>([
    [
      'itself',
      (c) => (c.environments.staging.accountServicesOwner = 'staging'),
      'environments.staging.accountServicesOwner = "staging": must name another environment',
    ],
    [
      'an environment in another account',
      (c) => (c.environments.staging.accountServicesOwner = 'dev'),
      'environments.staging.accountServicesOwner = "dev": must name an environment in the same account',
    ],
    [
      'an environment in another region',
      (c) =>
        Object.assign(c.environments.staging, {
          accountId: c.environments.dev.accountId,
          awsRegion: 'us-west-2',
          accountServicesOwner: 'dev',
        }),
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
    aws_region: [
      'us-east-1',
      'eu-west-2',
      'ap-southeast-2',
      'il-central-1',
      'us-gov-west-1',
      'us-isob-east-1',
      'ap-southeast-7',
      'mx-central-1',
      'cn-northwest-1',
    ],
    logs_bucket: ['govtech-prod-logs-123456789012', 'abc', 'a.b-c', 'aws-waf-logs-govtech', 'a'.repeat(63)],
  };

  // [variable, a rule, values that break it]
  const INVALID: [SecurityVariableName, string, string[]][] = [
    ['project_name', 'be 2-32 characters', ['', 'a', 'Govtech', '1govtech', 'govtech-', 'gov_tech', 'a'.repeat(33)]],
    ['project_name', 'not contain two hyphens in a row', ['gov--tech']],
    ['environment', 'be one of dev, staging, prod', ['production', 'Prod', 'dev ']],
    ['account_id', 'be exactly 12 digits', ['12345678901', '1234567890123', '12345678901a']],
    [
      'aws_region',
      'be an AWS region name that exists',
      ['us-east', 'US-EAST-1', 'us-east-0', 'us-middle-1', 'useast1', 'us-east-7', 'eu-south-9', 'us-gov-north-1'],
    ],
    ['logs_bucket', 'be a valid S3 bucket name', ['ab', 'a'.repeat(64), 'Logs', 'logs_bucket', '-logs', 'logs.']],
    ['logs_bucket', 'not contain two dots in a row', ['a..b']],
    ['logs_bucket', 'not be formatted as an IP address', ['192.168.1.1']],
    [
      'logs_bucket',
      'not use a prefix or suffix S3 reserves',
      ['xn--logs', 'sthree-logs', 'amzn-s3-demo-logs', 'logs-s3alias', 'logs--ol-s3', 'logs--x-s3', 'logs--table-s3'],
    ],
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
        expect({ variable: spec.name, rule: rule.rule, broken: breaking.length > 0 }).toEqual({
          variable: spec.name,
          rule: rule.rule,
          broken: true,
        });
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

  test.each(INVALID_CASES.filter(([name]) => name !== 'environment'))(
    'the config check refuses %s %p with the same rule',
    (name, value, rule) => {
      const [field, set] = CONFIG_FIELDS[name as keyof typeof CONFIG_FIELDS];
      const problems = problemsOf(configWith((c) => set(c, value)));
      expect(problems).toContainEqual(expect.stringContaining(`${field} = ${JSON.stringify(value)}: must ${rule}`));
      expect(problems).toContainEqual(expect.stringContaining(`(variable ${name})`));
    },
  );
});

describe('AWS_REGIONS', () => {
  test('one entry per region, each in a partition, the default-enabled commercial set flagged', () => {
    expect(new Set(AWS_REGION_NAMES).size).toBe(AWS_REGIONS.length);
    expect(
      regionsOf('aws')
        .filter((r) => !r.optIn)
        .map((r) => r.name)
        .sort(),
    ).toEqual([
      'ap-northeast-1',
      'ap-northeast-2',
      'ap-northeast-3',
      'ap-south-1',
      'ap-southeast-1',
      'ap-southeast-2',
      'ca-central-1',
      'eu-central-1',
      'eu-north-1',
      'eu-west-1',
      'eu-west-2',
      'eu-west-3',
      'sa-east-1',
      'us-east-1',
      'us-east-2',
      'us-west-1',
      'us-west-2',
    ]);
    expect(regionInfo('af-south-1')).toEqual({ name: 'af-south-1', partition: 'aws', optIn: true });
    expect(regionInfo('us-gov-west-1')?.partition).toBe('aws-us-gov');
    expect(regionInfo('cn-north-1')?.partition).toBe('aws-cn');
    expect(regionInfo('us-east-7')).toBeUndefined();
    // Only commercial regions are opt-in.
    expect(AWS_REGIONS.filter((r) => r.optIn && r.partition !== 'aws')).toEqual([]);
  });

  test('the aws_region rule accepts exactly the listed regions', () => {
    for (const name of AWS_REGION_NAMES) expect(brokenRules(VARIABLE_SPECS.aws_region, name)).toEqual([]);
    expect(VARIABLE_SPECS.aws_region.rules).toBe(AWS_REGION_RULES);
  });
});

describe('MAX_PROJECT_NAME_LENGTH', () => {
  test('is derived from the name limits: the longest project name fits every name in the longest environment, one more does not', () => {
    const longest = 'a'.repeat(MAX_PROJECT_NAME_LENGTH);
    expect(overlongNames({ projectName: longest, environment: LONGEST_ENVIRONMENT })).toEqual([]);
    expect(overlongNames({ projectName: `${longest}a`, environment: LONGEST_ENVIRONMENT })).toEqual([
      `the EventBridge rule name "${longest}a-staging-guardduty-high-severity" has 65 characters; AWS allows at most 64`,
    ]);
    expect(PROJECT_NAME_BOUND).toEqual({
      maxLength: 32,
      resource: 'EventBridge rule name',
      example: '<project>-staging-guardduty-high-severity',
      limit: 64,
    });
    expect(LONGEST_ENVIRONMENT).toBe('staging');
  });

  test('the project_name rule (config and Terraform validation) uses it', () => {
    expect(brokenRules(VARIABLE_SPECS.project_name, 'a'.repeat(MAX_PROJECT_NAME_LENGTH))).toEqual([]);
    expect(brokenRules(VARIABLE_SPECS.project_name, 'a'.repeat(MAX_PROJECT_NAME_LENGTH + 1))).toHaveLength(1);
  });
});

describe('messages of the zod-parsed config', () => {
  test('"$schema" (for editors) is accepted at the top level, and a typo there is named with the known fields', () => {
    expect(problemsOf(configWith((c) => (c.$schema = './environments.schema.json')))).toEqual([]);
    expect(problemsOf(configWith((c) => (c.projectname = 'govtech')))).toEqual([
      'projectname = "govtech": must be one of the known fields (projectName, stateBackend, environments, organization). Check the spelling.',
    ]);
  });

  test('a missing section says it is missing and required, and never lists a retired field', () => {
    const problems = problemsOf(configWith((c) => delete c.stateBackend));
    expect(problems).toEqual([expect.stringMatching(/^stateBackend is missing: must be set \(required\)\. /)]);
    const typo = problemsOf(configWith((c) => (c.stateBackend.roleArnz = 'x')));
    expect(typo).toEqual([expect.stringContaining('stateBackend.roleArnz = "x": must be one of the known fields (bucket, region,')]);
    expect(typo[0]).not.toMatch(/\broleArn\b/);
    expect(problemsOf(configWith((c) => (c.stateBackend = 5)))[0]).not.toMatch(/\broleArn\b/);
  });

  test('no problem says "= undefined"', () => {
    const problems = problemsOf(
      configWith((c) => {
        delete c.projectName;
        delete c.stateBackend.keyPrefix;
        delete c.environments.prod.accountId;
        delete c.environments.dev.logsRetentionDays;
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^projectName is missing: must be set \(required\)\. Project name/),
      expect.stringMatching(/^stateBackend\.keyPrefix is missing: must be set \(required\)\. State keys are/),
      expect.stringMatching(/^environments\.dev\.logsRetentionDays is missing: must be set \(required\)\. Days the logs bucket keeps/),
      expect.stringMatching(/^environments\.prod\.accountId is missing: must be set \(required\)\. The AWS account ID/),
    ]);
  });

  test('a wrong type is reported once, not again by the rules of the field', () => {
    expect(problemsOf(configWith((c) => (c.environments.dev.regions = 3)))).toHaveLength(1);
    expect(problemsOf(configWith((c) => (c.environments.dev.logsArchiveAfterDays = 'ninety')))).toEqual([
      'environments.dev.logsArchiveAfterDays = "ninety": must be a whole number from 1 to 3649 (archive before the logs expire).',
    ]);
  });
});
