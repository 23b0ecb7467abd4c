import { ENVIRONMENTS } from '../../src/config';
import { CHECKED_IN, configWith, problemsOf } from '../helpers/config-edit';
import { alertSubscribers } from '../../src/config';

describe('alert subscribers', () => {
  test('the checked-in config subscribes an example address in every environment', () => {
    for (const env of ENVIRONMENTS) expect(CHECKED_IN.environments[env]?.alertEmails).toEqual([expect.stringMatching(/@example\.gov$/)]);
  });

  test('an environment whose alerts topic would have no subscriber is refused, named, with how to add one', () => {
    const problems = problemsOf(configWith((c) => (c.environments.staging.alertEmails = [])));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^environments\.staging\.alertEmails = \[\]: must list at least one subscriber: the staging security alerts topic would have none/,
    );
    expect(problems[0]).toContain('"alertEmails": ["secops@example.gov"]');
    expect(problems[0]).toContain('"alertsUnsubscribedReason"');
    expect(problemsOf(configWith((c) => delete c.environments.dev.alertEmails))[0]).toMatch(
      /^environments\.dev\.alertEmails is missing: must list at least one subscriber/,
    );
  });

  test('accepted without a subscriber when the config says why', () => {
    expect(
      problemsOf(
        configWith((c) =>
          Object.assign(c.environments.dev, { alertEmails: [], alertsUnsubscribedReason: 'sandbox account, nobody is on call' }),
        ),
      ),
    ).toEqual([]);
    expect(problemsOf(configWith((c) => Object.assign(c.environments.dev, { alertEmails: [], alertsUnsubscribedReason: 'no' })))).toEqual([
      expect.stringMatching(/^environments\.dev\.alertsUnsubscribedReason = "no": must be a sentence of at least 10 characters/),
    ]);
  });

  test('an SQS, Lambda or HTTPS subscriber alone is enough', () => {
    for (const subs of [
      { sqs: ['arn:aws:sqs:us-east-1:111111111111:security-alerts'] },
      { lambda: ['arn:aws:lambda:us-east-1:111111111111:function:page-oncall'] },
      { lambda: ['arn:aws:lambda:us-east-1:111111111111:function:page-oncall:live'] },
      { https: ['https://hooks.example.gov/services/T000/B000'] },
    ]) {
      expect(problemsOf(configWith((c) => Object.assign(c.environments.dev, { alertEmails: [], alertSubscribers: subs })))).toEqual([]);
    }
  });

  test.each([
    ['sqs', 'arn:aws:sqs:us-east-1:111111111111:alerts.fifo', 'not be a FIFO queue'],
    ['sqs', 'arn:aws:sns:us-east-1:111111111111:alerts', 'be an SQS queue ARN'],
    ['sqs', 'security-alerts', 'be an SQS queue ARN'],
    ['lambda', 'arn:aws:lambda:us-east-1:111111111111:layer:x', 'be a Lambda function ARN'],
    ['https', 'http://hooks.example.gov/x', 'be an https:// URL'],
    ['https', 'https://user:secret@hooks.example.gov/x', 'be an https:// URL'],
  ])('%s subscriber %s is refused: must %s', (kind, endpoint, rule) => {
    const problems = problemsOf(configWith((c) => (c.environments.prod.alertSubscribers = { [kind]: [endpoint] })));
    expect(problems).toEqual([
      expect.stringContaining(`environments.prod.alertSubscribers.${kind}[0] = ${JSON.stringify(endpoint)}: must ${rule}`),
    ]);
  });

  test('unknown kinds, non-lists and repeats are refused', () => {
    expect(problemsOf(configWith((c) => (c.environments.prod.alertSubscribers = { email: ['a@example.gov'] })))).toEqual([
      expect.stringMatching(/alertSubscribers\.email = .*email addresses go in alertEmails/),
    ]);
    expect(problemsOf(configWith((c) => (c.environments.prod.alertSubscribers = { https: 'https://x.example.gov' })))).toEqual([
      expect.stringMatching(/alertSubscribers\.https = "https:\/\/x\.example\.gov": must be a list/),
    ]);
    const q = 'arn:aws:sqs:us-east-1:123456789012:q';
    expect(problemsOf(configWith((c) => (c.environments.prod.alertSubscribers = { sqs: [q, q] })))).toEqual([
      expect.stringMatching(/alertSubscribers\.sqs\[1\] = .*: must not repeat/),
    ]);
  });

  test('alertSubscribers lists emails first, then SQS, Lambda and HTTPS endpoints', () => {
    expect(
      alertSubscribers({
        alertEmails: ['a@example.gov'],
        alertSubscribers: { https: ['https://h.example.gov'], sqs: ['arn:aws:sqs:us-east-1:123456789012:q'] },
      }),
    ).toEqual([
      { protocol: 'email', endpoint: 'a@example.gov' },
      { protocol: 'sqs', endpoint: 'arn:aws:sqs:us-east-1:123456789012:q' },
      { protocol: 'https', endpoint: 'https://h.example.gov' },
    ]);
  });
});

describe('CIS monitoring rows turned off', () => {
  test('a row may be turned off with a reason', () => {
    expect(
      problemsOf(configWith((c) => (c.environments.dev.cisMonitoringOff = { '4.15': 'not the Organizations management account' }))),
    ).toEqual([]);
  });

  test.each([
    ['4.16', 'some reason here', /must name a CIS 1\.4\.0 monitoring row \(4\.1, 4\.2/],
    [
      '4.3',
      'root is never used here',
      /must not turn off 4\.3 \(Usage of the root user\): its alarm is one of the module's documented resources/,
    ],
    ['4.1', 'too noisy for us really', /must not turn off 4\.1/],
    ['4.12', '', /must be the reason/],
  ])('%s off (%p) is refused', (cis, reason, message) => {
    const problems = problemsOf(configWith((c) => (c.environments.dev.cisMonitoringOff = { [cis]: reason })));
    expect(problems).toEqual([expect.stringMatching(message)]);
    expect(problems[0]).toContain(`environments.dev.cisMonitoringOff["${cis}"] = `);
  });
});

describe('AWS Config options', () => {
  test('accepted with every field', () => {
    expect(
      problemsOf(
        configWith(
          (c) =>
            (c.environments.prod.awsConfig = {
              createServiceLinkedRole: false,
              snapshotDeliveryFrequency: 'Six_Hours',
              includeGlobalResourceTypes: false,
            }),
        ),
      ),
    ).toEqual([]);
  });

  test('bad values and unknown fields are refused', () => {
    const problems = problemsOf(
      configWith(
        (c) => (c.environments.prod.awsConfig = { snapshotDeliveryFrequency: 'Daily', createServiceLinkedRole: 'yes', recorder: 1 }),
      ),
    );
    expect(problems).toEqual([
      // In the order of the schema's fields.
      expect.stringMatching(/^environments\.prod\.awsConfig\.createServiceLinkedRole = "yes": must be true or false/),
      expect.stringMatching(
        /^environments\.prod\.awsConfig\.snapshotDeliveryFrequency = "Daily": must be one of One_Hour, Three_Hours, Six_Hours, Twelve_Hours, TwentyFour_Hours/,
      ),
      expect.stringMatching(/^environments\.prod\.awsConfig\.recorder = 1: must be one of the known fields/),
    ]);
  });

  test('refused on an environment whose account services another environment owns', () => {
    const cfg = configWith((c) => {
      for (const env of ENVIRONMENTS) Object.assign(c.environments[env], { accountId: '123456789012', awsRegion: 'us-east-1' });
      c.environments.dev.accountServicesOwner = 'prod';
      c.environments.staging.accountServicesOwner = 'prod';
      c.environments.dev.awsConfig = { snapshotDeliveryFrequency: 'One_Hour' };
    });
    expect(problemsOf(cfg)).toEqual([
      expect.stringMatching(
        /^environments\.dev\.awsConfig = .*must not be set on an environment with accountServicesOwner.*Move it to environments\.prod\./,
      ),
    ]);
  });
});
