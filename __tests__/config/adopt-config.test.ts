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
    withAdopt(
      {
        guardDutyDetectorIds: { 'eu-west-1': DETECTOR },
        securityHub: true,
        configRecorderNames: { 'us-east-1': 'aws-controltower-BaselineConfigRecorder' },
        configDeliveryChannelNames: { 'us-east-1': 'default' },
        costAnomalyMonitorArn: MONITOR,
        accessAnalyzerNames: { 'us-east-1': 'ConsoleAnalyzer-0a1b' },
        passwordPolicy: true,
      },
      (c) => (c.environments.prod.awsConfig = { createServiceLinkedRole: false }),
    ),
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

describe('adopting the Config recorder', () => {
  const SLR = (c: Json) => (c.environments.prod.awsConfig = { createServiceLinkedRole: false });

  test('a recorder without its delivery channel in a region, or the reverse, is refused, naming the missing path', () => {
    const problems = problemsOf(
      withAdopt({ configRecorderNames: { 'us-east-1': 'default' }, configDeliveryChannelNames: { 'eu-west-1': 'default' } }, SLR),
    );
    expect(problems).toEqual([
      'environments.prod.adopt.configRecorderNames.us-east-1 = "default": must come with environments.prod.adopt.configDeliveryChannelNames.us-east-1: ' +
        'AWS Config has one recorder and one delivery channel per region, so the delivery channel the baseline would create there fails where one exists. ' +
        "Add the existing delivery channel's name (aws configservice describe-delivery-channels --region us-east-1).",
      expect.stringMatching(
        /^environments\.prod\.adopt\.configDeliveryChannelNames\.eu-west-1 = "default": must come with environments\.prod\.adopt\.configRecorderNames\.eu-west-1: .*describe-configuration-recorders --region eu-west-1\)\.$/,
      ),
    ]);
  });

  test('createServiceLinkedRole left at its default is refused, naming both paths and saying to set it to false', () => {
    const problems = problemsOf(
      withAdopt({ configRecorderNames: { 'eu-west-1': 'default' }, configDeliveryChannelNames: { 'eu-west-1': 'default' } }),
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^environments\.prod\.awsConfig\.createServiceLinkedRole .*must be set with environments\.prod\.adopt\.configRecorderNames: .*AWSServiceRoleForConfig.*Set environments\.prod\.awsConfig\.createServiceLinkedRole to false/,
      ),
    ]);
    // Set either way, it is the user's finding: accepted.
    for (const createServiceLinkedRole of [false, true]) {
      const set = withAdopt(
        { configRecorderNames: { 'eu-west-1': 'default' }, configDeliveryChannelNames: { 'eu-west-1': 'default' } },
        (c) => {
          c.environments.prod.awsConfig = { createServiceLinkedRole };
        },
      );
      expect(problemsOf(set)).toEqual([]);
    }
  });
});

test.each([
  ['passwordPolicy', true, 'passwordPolicy'],
  ['ebsEncryption', true, 'ebsEncryption'],
  ['accessAnalyzerNames', { 'us-east-1': 'ConsoleAnalyzer-0a1b' }, 'accessAnalyzer'],
])('adopt.%s with accountControls.off.%s is refused, naming both paths', (field, value, control) => {
  const problems = problemsOf(
    withAdopt({ [field]: value }, (c) => {
      c.environments.prod.accountControls = { off: { [control]: 'Handled by the organization, not this account' } };
    }),
  );
  expect(problems).toEqual([
    `environments.prod.adopt.${field} = ${JSON.stringify(value)}: must not be set with environments.prod.accountControls.off.${control}: ` +
      'that control is turned off, so there is nothing to take the existing one over into. Remove one of the two.',
  ]);
  // adopt false is no takeover: accepted.
  if (value === true) {
    expect(
      problemsOf(
        withAdopt({ [field]: false }, (c) => (c.environments.prod.accountControls = { off: { [control]: 'Handled by the organization' } })),
      ),
    ).toEqual([]);
  }
});

describe('adopt.findingAggregatorArn', () => {
  const ARN = 'arn:aws:securityhub:us-east-1:123456789012:finding-aggregator/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';

  test("accepted in the home region of the environment's account, with other regions covered; passed on in the plan", () => {
    const config = validateConfig(withAdopt({ securityHub: true, findingAggregatorArn: ARN }));
    expect(resolvePlan(config).environments.find((e) => e.environment === 'prod')!.adopt.findingAggregatorArn).toBe(ARN);
  });

  test.each([
    ['arn:aws:securityhub:us-east-1:123456789012:finding-aggregator/x', /must be a Security Hub finding aggregator ARN such as/],
    [
      ARN.replace('123456789012', '111111111111'),
      /must be an aggregator of this environment's account 123456789012, not of 111111111111\.$/,
    ],
    [
      ARN.replace('us-east-1', 'eu-west-1'),
      /must be in the home region us-east-1, where the baseline aggregates; it is in eu-west-1\. Delete that aggregator/,
    ],
  ])('%s is refused', (arn, rule) => {
    const problems = problemsOf(withAdopt({ findingAggregatorArn: arn }));
    expect(problems).toHaveLength(1);
    expect(problems[0].startsWith(`environments.prod.adopt.findingAggregatorArn = ${JSON.stringify(arn)}: `)).toBe(true);
    expect(problems[0]).toMatch(rule);
  });

  test('refused on an environment covering its home region only: no aggregator is created there', () => {
    const problems = problemsOf(withAdopt({ findingAggregatorArn: ARN }, (c) => delete c.environments.prod.regions));
    expect(problems).toEqual([
      expect.stringMatching(/adopt\.findingAggregatorArn = .*must not be set while prod covers only its home region/),
    ]);
  });
});
