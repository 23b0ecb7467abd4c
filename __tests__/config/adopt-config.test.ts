/**
 * `environments.<env>.adopt` and `awsConfig.managedElsewhere` as the config parser takes them:
 * each value checked for shape, region keys against the covered regions, the monitor against the
 * account, and the rules between the fields; every problem names the field path and the value.
 */
import { validateConfig } from '../../src/config';
import { resolvePlan } from '../../src/config/plan';
import { configWith, Json, problemsOf } from '../helpers/config-edit';

const DETECTOR = '0123456789abcdef0123456789abcdef';
const MONITOR = 'arn:aws:ce::123456789012:anomalymonitor/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';

/** The checked-in config with prod covering us-east-1 and eu-west-1 and `adopt` set. */
function withAdopt(adopt: unknown, more: (c: Json) => void = () => undefined): Json {
  return configWith((c) => {
    c.environments.prod.regions = ['us-east-1', 'eu-west-1'];
    c.environments.prod.adopt = adopt;
    more(c);
  });
}

test('a valid adopt is accepted and resolved per covered region in the plan', () => {
  const config = validateConfig(
    withAdopt({
      guardDutyDetectorIds: { 'eu-west-1': DETECTOR },
      securityHub: true,
      configRecorderNames: { 'us-east-1': 'aws-controltower-BaselineConfigRecorder' },
      configDeliveryChannelNames: { 'us-east-1': 'default' },
      costAnomalyMonitorArn: MONITOR,
      accessAnalyzerNames: { 'us-east-1': 'ConsoleAnalyzer-0a1b' },
      passwordPolicy: true,
    }),
  );
  const prod = resolvePlan(config).environments.find((e) => e.environment === 'prod')!;
  expect(prod.adopt).toEqual({
    regions: {
      'us-east-1': {
        securityHub: true,
        configRecorderName: 'aws-controltower-BaselineConfigRecorder',
        configDeliveryChannelName: 'default',
        accessAnalyzerName: 'ConsoleAnalyzer-0a1b',
        ebsEncryption: false,
      },
      'eu-west-1': { guardDutyDetectorId: DETECTOR, securityHub: true, ebsEncryption: false },
    },
    costAnomalyMonitorArn: MONITOR,
    passwordPolicy: true,
  });
  // Resolved into the plan, not passed on with the settings.
  expect(prod.settings).not.toHaveProperty('adopt');
  const dev = resolvePlan(config).environments.find((e) => e.environment === 'dev')!;
  expect(dev.adopt).toEqual({ regions: { 'us-east-1': { securityHub: false, ebsEncryption: false } }, passwordPolicy: false });
});

test.each([
  ['guardDutyDetectorIds', 'abc', 'be a GuardDuty detector ID: 32 lowercase hexadecimal characters (aws guardduty list-detectors'],
  ['guardDutyDetectorIds', DETECTOR.toUpperCase(), 'be a GuardDuty detector ID: 32 lowercase hexadecimal characters'],
  ['configRecorderNames', ' default', 'be the name of an existing AWS Config recorder (aws configservice describe-configuration-recorders'],
  ['configRecorderNames', 'default ', 'be the name of an existing AWS Config recorder'],
  [
    'configDeliveryChannelNames',
    '',
    'be the name of an existing AWS Config delivery channel (aws configservice describe-delivery-channels',
  ],
  ['accessAnalyzerNames', '1analyzer', 'be an IAM Access Analyzer name: 1-255 letters, digits, ".", "_" or "-", starting with a letter'],
])('adopt.%s.us-east-1 = %j is refused: must %s', (field, value, rule) => {
  expect(problemsOf(withAdopt({ [field]: { 'us-east-1': value } }))).toEqual([
    expect.stringMatching(
      new RegExp(`^environments\\.prod\\.adopt\\.${field}\\.us-east-1 = ${escape(JSON.stringify(value))}: must ${escape(rule)}`),
    ),
  ]);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test.each([
  ['costAnomalyMonitorArn', 'arn:aws:ce::123456789012:anomalymonitor/not-a-uuid', 'be a Cost Explorer anomaly monitor ARN such as'],
  ['costAnomalyMonitorArn', 'arn:aws:sns:us-east-1:123456789012:monitor', 'be a Cost Explorer anomaly monitor ARN such as'],
  ['securityHub', 'yes', 'be true or false'],
  ['passwordPolicy', 1, 'be true or false'],
  ['ebsEncryption', null, 'be true or false'],
  ['guardDutyDetectorIds', DETECTOR, 'be an object from region name to the GuardDuty detector ID'],
])('adopt.%s = %j is refused: must %s', (field, value, rule) => {
  expect(problemsOf(withAdopt({ [field]: value }))).toEqual([
    expect.stringMatching(new RegExp(`^environments\\.prod\\.adopt\\.${field} = ${escape(JSON.stringify(value))}: must ${escape(rule)}`)),
  ]);
});

test('an unknown field of adopt is refused, naming the known ones', () => {
  expect(problemsOf(withAdopt({ guardDutyDetectorId: DETECTOR }))).toEqual([
    expect.stringMatching(
      /^environments\.prod\.adopt\.guardDutyDetectorId = "0123456789abcdef0123456789abcdef": must be one of the known fields \(guardDutyDetectorIds, securityHub,/,
    ),
  ]);
});

test('a region the environment does not cover is refused under its key, saying how to fix it', () => {
  for (const field of ['guardDutyDetectorIds', 'configRecorderNames', 'configDeliveryChannelNames', 'accessAnalyzerNames']) {
    const value = field === 'guardDutyDetectorIds' ? DETECTOR : 'default';
    expect(problemsOf(withAdopt({ [field]: { 'ap-south-1': value } }))).toEqual([
      `environments.prod.adopt.${field}.ap-south-1 = ${JSON.stringify(value)}: must be under a region prod covers (us-east-1, eu-west-1); ap-south-1 is not one. ` +
        'Remove it, or add "ap-south-1" to environments.prod.regions.',
    ]);
  }
  // Without `regions`, the home region alone is covered.
  expect(problemsOf(configWith((c) => (c.environments.dev.adopt = { guardDutyDetectorIds: { 'eu-west-1': DETECTOR } })))).toEqual([
    expect.stringContaining(
      'environments.dev.adopt.guardDutyDetectorIds.eu-west-1 = "0123456789abcdef0123456789abcdef": must be under a region dev covers (us-east-1)',
    ),
  ]);
});

test("the cost monitor must be the environment's account's", () => {
  const other = MONITOR.replace('123456789012', '111111111111');
  expect(problemsOf(withAdopt({ costAnomalyMonitorArn: other }))).toEqual([
    `environments.prod.adopt.costAnomalyMonitorArn = ${JSON.stringify(other)}: must be a monitor of this environment's account 123456789012, not of 111111111111.`,
  ]);
});

test('an environment that leaves its account services to an owner may not adopt: the owner imports them', () => {
  const problems = problemsOf(
    configWith((c) => {
      c.environments.staging.accountId = c.environments.dev.accountId;
      c.environments.staging.accountServicesOwner = 'dev';
      c.environments.staging.adopt = { securityHub: true };
    }),
  );
  expect(problems).toEqual([
    expect.stringMatching(
      /^environments\.staging\.adopt = \{"securityHub":true\}: must not be set on an environment with accountServicesOwner: dev's stack creates .*only its import blocks can take over what exists .*Move it to environments\.dev\.adopt\.$/,
    ),
  ]);
});

describe('awsConfig.managedElsewhere', () => {
  test('a reason is accepted and passed on with the settings', () => {
    const config = validateConfig(
      configWith((c) => (c.environments.prod.awsConfig = { managedElsewhere: 'Control Tower runs the recorder' })),
    );
    const prod = resolvePlan(config).environments.find((e) => e.environment === 'prod')!;
    expect(prod.settings.awsConfig).toEqual({ managedElsewhere: 'Control Tower runs the recorder' });
  });

  test('a reason too short, or not a string, is refused', () => {
    expect(problemsOf(configWith((c) => (c.environments.prod.awsConfig = { managedElsewhere: 'CT' })))).toEqual([
      expect.stringMatching(/^environments\.prod\.awsConfig\.managedElsewhere = "CT": must be the reason another tool runs the recorder/),
    ]);
    expect(problemsOf(configWith((c) => (c.environments.prod.awsConfig = { managedElsewhere: true })))).toEqual([
      expect.stringMatching(/^environments\.prod\.awsConfig\.managedElsewhere = true: must be the reason another tool runs the recorder/),
    ]);
  });

  test('refused with an adopted recorder or channel, and with recorder settings it would ignore', () => {
    const problems = problemsOf(
      withAdopt({ configRecorderNames: { 'us-east-1': 'default' }, configDeliveryChannelNames: { 'us-east-1': 'default' } }, (c) => {
        c.environments.prod.awsConfig = { managedElsewhere: 'Control Tower runs the recorder', includeGlobalResourceTypes: false };
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^environments\.prod\.adopt\.configRecorderNames = \{"us-east-1":"default"\}: must not be set with awsConfig\.managedElsewhere/,
      ),
      expect.stringMatching(
        /^environments\.prod\.adopt\.configDeliveryChannelNames = \{"us-east-1":"default"\}: must not be set with awsConfig\.managedElsewhere/,
      ),
      'environments.prod.awsConfig.includeGlobalResourceTypes = false: must not be set with awsConfig.managedElsewhere: no recorder is created, so it would have no effect. Remove it.',
    ]);
  });
});
