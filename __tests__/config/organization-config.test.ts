/**
 * `organization` (issue 18) as the config parser takes it and the plan resolves it: every
 * refusal once, with its field path and value; the fixture resolves to the organization's
 * accounts, stacks, trail and each member's part; deploy roles and the organization accounts'
 * state roles and principals.
 */
import { configWarnings, validateConfig } from '../../src/config';
import { resolvePlan } from '../../src/config/plan';
import { configWith, Json, problemsOf } from '../helpers/config-edit';
import {
  deployRoleArn,
  ORGANIZATION_ACCOUNTS,
  ORGANIZATION_BLOCK,
  ORGANIZATION_CONFIG,
  organizationConfigJson,
  PIPELINE_ROLE_ARN,
} from '../fixtures/organization-config';

const DETECTOR = '0123456789abcdef0123456789abcdef';
const STATE_BACKEND = {
  bucket: 'govtech-terraform-state-999999999999',
  region: 'us-east-1',
  dynamodbTable: 'govtech-terraform-locks',
  keyPrefix: 'govtech',
  useLockfile: false,
  noncurrentVersionExpirationDays: 90,
  accountId: '999999999999',
};

/** The fixture with `change` applied. */
function orgWith(change: (c: Json) => void): Json {
  const c = organizationConfigJson();
  change(c);
  return c;
}

test('the fixture is valid and resolves to the organization plan: accounts, stacks in deploy order, trail, policy, alerts', () => {
  const plan = resolvePlan(ORGANIZATION_CONFIG);
  const account = (role: 'management' | 'security' | 'logArchive', stack: string, regional: boolean) => ({
    role,
    accountId: ORGANIZATION_ACCOUNTS[role],
    deployRoleArn: deployRoleArn(ORGANIZATION_ACCOUNTS[role]),
    state: {
      backend: STATE_BACKEND,
      roleArn: `arn:aws:iam::999999999999:role/govtech-${role === 'logArchive' ? 'log-archive' : role}-terraform-state`,
      rolePrincipals: [PIPELINE_ROLE_ARN],
    },
    stack,
    regionalStacks: regional ? [{ region: 'eu-west-1', stack: `${stack}-eu-west-1` }] : [],
  });
  const trail = {
    name: 'govtech-organization-trail',
    arn: 'arn:aws:cloudtrail:us-east-1:100000000001:trail/govtech-organization-trail',
    bucket: 'govtech-org-logs-555555555555',
    configPrefix: 'config',
    retentionDays: 365,
    archiveAfterDays: 90,
    // dev, staging, prod, then management, security, log archive: each may deliver AWS Config under its own prefix.
    configAccountIds: ['111111111111', '222222222222', '123456789012', '100000000001', '444444444444', '555555555555'],
  };
  expect(plan.organization).toEqual({
    projectName: 'govtech',
    id: 'o-a1b2c3d4e5',
    rootId: 'r-ab12',
    awsRegion: 'us-east-1',
    partition: 'aws',
    regions: ['us-east-1', 'eu-west-1'],
    management: account('management', 'org-management', true),
    security: account('security', 'org-security', true),
    logArchive: account('logArchive', 'org-log-archive', false),
    trail,
    alertSubscribers: [{ protocol: 'email', endpoint: 'security-team@example.gov' }],
    securityHubStandards: ['cis-aws-foundations-benchmark/v/1.4.0', 'aws-foundational-security-best-practices/v/1.0.0'],
    securityHubDisabledControls: [],
    guardDuty: { rdsLoginEvents: true, lambdaNetworkLogs: true, runtimeMonitoring: false },
    stacks: ['org-log-archive', 'org-management', 'org-management-eu-west-1', 'org-security', 'org-security-eu-west-1'],
  });
  for (const env of plan.environments) {
    expect(env.organization).toEqual({
      id: 'o-a1b2c3d4e5',
      managementAccountId: '100000000001',
      securityAccountId: '444444444444',
      trail,
      securityHubDisabledControls: [],
      securityStack: 'org-security',
    });
    expect(env.deployRoleArn).toBe(deployRoleArn(env.accountId));
    // Resolved, not passed on with the settings.
    expect(env.settings).not.toHaveProperty('deployRoleArn');
    // Without regions of its own, a member covers the organization's regions, home first.
    expect(env.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(env.regionalStacks).toEqual([{ region: 'eu-west-1', stack: `security-${env.environment}-eu-west-1` }]);
    expect(env.state.rolePrincipals).toEqual([PIPELINE_ROLE_ARN]);
  }
});

test('without organization the plan has no organization part, and members no organization or deploy role', () => {
  const plan = resolvePlan(validateConfig(configWith(() => undefined)));
  expect(plan).not.toHaveProperty('organization');
  for (const env of plan.environments) {
    expect(env).not.toHaveProperty('organization');
    expect(env).not.toHaveProperty('deployRoleArn');
    expect(env.regions).toEqual(['us-east-1']);
  }
});

test('the organization settings reach the plan: default-enabled regions, policy, GuardDuty, retention, subscribers', () => {
  const resolvedWithPolicy = resolvePlan(
    validateConfig(
      orgWith((c) => {
        c.organization.regions = 'default-enabled';
        c.organization.securityHub = {
          standards: ['aws-foundational-security-best-practices/v/1.0.0'],
          disabledControls: [{ control: 'IAM.6', reason: 'hardware MFA for root is held by the management account only' }],
        };
        c.organization.guardDuty = { runtimeMonitoring: true };
        c.organization.logsRetentionDays = 2555;
        c.organization.logsArchiveAfterDays = 30;
        c.organization.alertSubscribers = { https: ['https://hooks.example.gov/security'] };
        c.environments.prod.regions = ['us-east-1', 'eu-west-2'];
        c.environments.staging.awsRegion = 'eu-west-1';
      }),
    ),
  );
  const plan = resolvedWithPolicy.organization!;
  expect(plan.regions).toHaveLength(17);
  expect(plan.regions[0]).toBe('us-east-1');
  expect(plan.management.regionalStacks).toHaveLength(16);
  expect(plan.stacks).toHaveLength(1 + 17 + 17);
  expect(plan.securityHubStandards).toEqual(['aws-foundational-security-best-practices/v/1.0.0']);
  expect(plan.securityHubDisabledControls).toEqual([
    { control: 'IAM.6', reason: 'hardware MFA for root is held by the management account only' },
  ]);
  expect(plan.guardDuty).toEqual({ runtimeMonitoring: true });
  expect(plan.trail).toMatchObject({ retentionDays: 2555, archiveAfterDays: 30 });
  expect(plan.alertSubscribers.map((s) => s.protocol)).toEqual(['email', 'https']);
  // The members' standards are the configuration policy's.
  expect(resolvedWithPolicy.environments.map((e) => e.securityHubStandards)).toEqual(
    resolvedWithPolicy.environments.map(() => ['aws-foundational-security-best-practices/v/1.0.0']),
  );
  const envs = resolvePlan(
    validateConfig(
      orgWith((c) => {
        c.environments.prod.regions = ['us-east-1'];
        c.environments.staging.awsRegion = 'eu-west-1';
      }),
    ),
  ).environments;
  // A member's own list (within the organization's) wins; another home region comes first.
  expect(envs.find((e) => e.environment === 'prod')!.regions).toEqual(['us-east-1']);
  expect(envs.find((e) => e.environment === 'staging')!.regions).toEqual(['eu-west-1', 'us-east-1']);
});

const ORG_ID_RULE = 'be an organization ID: "o-" and 10-32 lowercase letters or digits (aws organizations describe-organization)';
const ROOT_RULE = 'be an organization root ID: "r-" and 4-32 lowercase letters or digits (aws organizations list-roots)';
const ACCOUNT_RULE = 'be exactly 12 digits (an AWS account ID, e.g. 123456789012)';
const NOT_MANAGEMENT =
  'not be the management account (managementAccountId): AWS advises against delegating security services to it, and Security Hub central configuration refuses it as the delegated administrator. Name a member account of its own';
const CENTRAL =
  "not be set in organization mode: Security Hub central configuration and GuardDuty auto-enable, from the security account, manage every account's hubs and detectors. Remove it";

test.each<[string, (c: Json) => void, string, unknown, string]>([
  ['an organization ID in capitals', (c) => (c.organization.id = 'o-A1B2C3D4E5'), 'organization.id', 'o-A1B2C3D4E5', ORG_ID_RULE],
  ['an organization ID too short', (c) => (c.organization.id = 'o-a1b2c3'), 'organization.id', 'o-a1b2c3', ORG_ID_RULE],
  ['an organization ID without o-', (c) => (c.organization.id = 'a1b2c3d4e5f6'), 'organization.id', 'a1b2c3d4e5f6', ORG_ID_RULE],
  ['a root ID too short', (c) => (c.organization.rootId = 'r-ab1'), 'organization.rootId', 'r-ab1', ROOT_RULE],
  ['a root ID that is an OU ID', (c) => (c.organization.rootId = 'ou-ab12-cd34ef56'), 'organization.rootId', 'ou-ab12-cd34ef56', ROOT_RULE],
  ['a root ID left out', (c) => delete c.organization.rootId, 'organization.rootId', undefined, 'be set (required). The organization root'],
  [
    'an 11-digit management account',
    (c) => (c.organization.managementAccountId = '10000000000'),
    'organization.managementAccountId',
    '10000000000',
    ACCOUNT_RULE,
  ],
  [
    'a security account with letters',
    (c) => (c.organization.securityAccountId = '44444444444a'),
    'organization.securityAccountId',
    '44444444444a',
    ACCOUNT_RULE,
  ],
  [
    'a log archive account as a number',
    (c) => (c.organization.logArchiveAccountId = 555555555555),
    'organization.logArchiveAccountId',
    555555555555,
    ACCOUNT_RULE,
  ],
  [
    'the security account being the management account',
    (c) => (c.organization.securityAccountId = c.organization.managementAccountId),
    'organization.securityAccountId',
    '100000000001',
    NOT_MANAGEMENT,
  ],
  [
    'the log archive account being the management account',
    (c) => (c.organization.logArchiveAccountId = c.organization.managementAccountId),
    'organization.logArchiveAccountId',
    '100000000001',
    NOT_MANAGEMENT,
  ],
  [
    'an environment in the management account',
    (c) => {
      c.environments.dev.accountId = '100000000001';
      c.environments.dev.deployRoleArn = deployRoleArn('100000000001');
      c.environments.dev.logsBucket = 'govtech-dev-logs-100000000001';
    },
    'environments.dev.accountId',
    '100000000001',
    'not be the management account (organization.managementAccountId): workloads do not belong there',
  ],
  [
    "a member's adopt.securityHub",
    (c) => (c.environments.prod.adopt = { securityHub: true }),
    'environments.prod.adopt.securityHub',
    true,
    CENTRAL,
  ],
  [
    "a member's adopt.guardDutyDetectorIds",
    (c) => (c.environments.prod.adopt = { guardDutyDetectorIds: { 'us-east-1': DETECTOR } }),
    'environments.prod.adopt.guardDutyDetectorIds',
    { 'us-east-1': DETECTOR },
    CENTRAL,
  ],
  [
    "a member's securityHub",
    (c) => (c.environments.prod.securityHub = { standards: ['aws-foundational-security-best-practices/v/1.0.0'] }),
    'environments.prod.securityHub',
    { standards: ['aws-foundational-security-best-practices/v/1.0.0'] },
    "not be set in organization mode: the security account's Security Hub configuration policy decides the standards and disabled controls of every account. Move it to organization.securityHub.",
  ],
  [
    "a member's guardDuty",
    (c) => (c.environments.dev.guardDuty = { runtimeMonitoring: true }),
    'environments.dev.guardDuty',
    { runtimeMonitoring: true },
    "not be set in organization mode: the security account's GuardDuty organization configuration enables the protection plans of every member. Move it to organization.guardDuty.",
  ],
  [
    "a member's regional stacks migration",
    (c) => (c.environments.prod.regionalStacksMigration = true),
    'environments.prod.regionalStacksMigration',
    true,
    'not be on in organization mode',
  ],
  [
    'a member whose home region the organization does not cover',
    (c) => (c.environments.dev.awsRegion = 'eu-west-2'),
    'environments.dev.awsRegion',
    'eu-west-2',
    'be a region the organization covers (organization.regions: us-east-1, eu-west-1): the member\'s GuardDuty detector is the organization\'s there, and Security Hub enrolls only covered regions. Add "eu-west-2" to organization.regions.',
  ],
  [
    "a member's region beyond the organization's",
    (c) => (c.environments.prod.regions = ['us-east-1', 'ap-south-1']),
    'environments.prod.regions[1]',
    'ap-south-1',
    'be a region the organization covers (organization.regions: us-east-1, eu-west-1)',
  ],
  [
    "a member's preset beyond the organization's",
    (c) => (c.environments.prod.regions = 'default-enabled'),
    'environments.prod.regions',
    'default-enabled',
    'stay within the regions the organization covers (organization.regions: us-east-1, eu-west-1); "default-enabled" adds us-east-2',
  ],
  [
    'organization regions without its home region',
    (c) => (c.organization.regions = ['eu-west-1']),
    'organization.regions',
    ['eu-west-1'],
    'include awsRegion (us-east-1)',
  ],
  [
    'a deploy role of another account',
    (c) => (c.organization.deployRoleArns.security = deployRoleArn('555555555555')),
    'organization.deployRoleArns.security',
    deployRoleArn('555555555555'),
    'be a role in the security account (444444444444), not in 555555555555',
  ],
  [
    'a log archive deploy role of another account',
    (c) => (c.organization.deployRoleArns.logArchive = deployRoleArn('444444444444')),
    'organization.deployRoleArns.logArchive',
    deployRoleArn('444444444444'),
    'be a role in the log archive account (555555555555), not in 444444444444',
  ],
  [
    'a deploy role that is no role ARN',
    (c) => (c.organization.deployRoleArns.management = 'arn:aws:iam::100000000001:user/deployer'),
    'organization.deployRoleArns.management',
    'arn:aws:iam::100000000001:user/deployer',
    'be an IAM role ARN in the management account',
  ],
  [
    "an environment's deploy role in another account",
    (c) => (c.environments.prod.deployRoleArn = deployRoleArn('111111111111')),
    'environments.prod.deployRoleArn',
    deployRoleArn('111111111111'),
    "be a role in this environment's account 123456789012, not in 111111111111",
  ],
  [
    'log archive retention under a year',
    (c) => (c.organization.logsRetentionDays = 364),
    'organization.logsRetentionDays',
    364,
    'be a whole number from 365 to 3650 (the audit logs of a public body are kept at least a year)',
  ],
  [
    'archiving after the default expiry',
    (c) => (c.organization.logsArchiveAfterDays = 365),
    'organization.logsArchiveAfterDays',
    365,
    'be a whole number from 1 to 364 (archive before the logs expire after logsRetentionDays = 365)',
  ],
  [
    'an alerts topic without subscriber',
    (c) => delete c.organization.alertEmails,
    'organization.alertEmails',
    undefined,
    "list at least one subscriber: the organization's alerts topic would have none",
  ],
  [
    'an unknown organization field',
    (c) => (c.organization.auditAccountId = '444444444444'),
    'organization.auditAccountId',
    '444444444444',
    'be one of the known fields (id, rootId',
  ],
  [
    "the organization accounts' state role missing",
    (c) => {
      delete c.stateBackend.roleArns.logArchive;
      delete c.stateBackend.rolePrincipals.logArchive;
    },
    'stateBackend.roleArns.logArchive',
    undefined,
    'be set, because the logArchive account (555555555555) is not the state account stateBackend.accountId (999999999999)',
  ],
  [
    'a pipeline principal of another account without a deploy role',
    (c) => delete c.environments.staging.deployRoleArn,
    'stateBackend.rolePrincipals.staging[0]',
    PIPELINE_ROLE_ARN,
    'be a principal of environments.staging.accountId (222222222222). A pipeline in another account may be trusted once environments.staging.deployRoleArn names the role it deploys with.',
  ],
  [
    'an organization account trusting another account without a deploy role',
    (c) => delete c.organization.deployRoleArns.security,
    'stateBackend.rolePrincipals.security[0]',
    PIPELINE_ROLE_ARN,
    "be a principal of organization's security account (444444444444)",
  ],
  [
    "another account's root trusted with a deploy role",
    (c) => (c.stateBackend.rolePrincipals.prod = ['arn:aws:iam::999999999999:root']),
    'stateBackend.rolePrincipals.prod[0]',
    'arn:aws:iam::999999999999:root',
    "be a role or user ARN of the pipeline, not the root of account 999999999999: that would let every principal there reach prod's state",
  ],
])('organization mode refuses %s, naming the field, the value and the rule, once', (_what, change, field, value, rule) => {
  const problems = problemsOf(orgWith(change));
  expect(problems).toEqual([
    value === undefined
      ? expect.stringContaining(`${field} is missing: must ${rule}`)
      : expect.stringContaining(`${field} = ${JSON.stringify(value)}: must ${rule}`),
  ]);
});

test.each<[string, (c: Json) => void, string, unknown]>([
  [
    "an organization account's state role",
    (c) => (c.stateBackend.roleArns.management = 'arn:aws:iam::999999999999:role/govtech-management-terraform-state'),
    'stateBackend.roleArns.management',
    'arn:aws:iam::999999999999:role/govtech-management-terraform-state',
  ],
  [
    "an organization account's trusted principals",
    (c) => {
      c.stateBackend.roleArns.security = 'arn:aws:iam::999999999999:role/govtech-security-terraform-state';
      c.stateBackend.rolePrincipals = { security: [PIPELINE_ROLE_ARN] };
    },
    'stateBackend.rolePrincipals.security',
    [PIPELINE_ROLE_ARN],
  ],
])('standalone mode refuses %s', (_what, change, field, value) => {
  const problems = problemsOf(configWith(change));
  expect(problems).toContainEqual(expect.stringContaining(`${field} = ${JSON.stringify(value)}: must be set only with organization`));
  // Each field set is refused once, and nothing else.
  expect(problems.every((p) => p.includes('must be set only with organization'))).toBe(true);
});

test('what organization mode still leaves to the members is accepted: awsConfig.managedElsewhere, account controls, other adopt fields', () => {
  const config = validateConfig(
    orgWith((c) => {
      c.environments.prod.awsConfig = { managedElsewhere: 'Control Tower runs the recorder of every member account' };
      c.environments.prod.accountControls = { off: { passwordPolicy: 'set by the organization for every account' } };
      c.environments.dev.adopt = {
        ebsEncryption: true,
        configRecorderNames: { 'eu-west-1': 'default' },
        configDeliveryChannelNames: { 'eu-west-1': 'default' },
      };
      c.environments.dev.regions = ['us-east-1', 'eu-west-1'];
      c.environments.dev.awsConfig = { createServiceLinkedRole: false };
    }),
  );
  const plan = resolvePlan(config);
  expect(plan.environments.find((e) => e.environment === 'prod')!.settings.awsConfig).toEqual({
    managedElsewhere: 'Control Tower runs the recorder of every member account',
  });
  expect(plan.environments.find((e) => e.environment === 'dev')!.adopt.regions['eu-west-1'].configRecorderName).toBe('default');
});

test('in standalone mode the adopt and Security Hub fields organization mode refuses stay accepted, and a deploy role of its own account', () => {
  expect(
    problemsOf(
      configWith((c) => {
        c.environments.prod.adopt = { securityHub: true };
        c.environments.prod.securityHub = { standards: ['aws-foundational-security-best-practices/v/1.0.0'] };
        c.environments.prod.deployRoleArn = deployRoleArn('123456789012');
      }),
    ),
  ).toEqual([]);
});

test("with a deploy role, the pipeline's role in another account may be trusted by the state role; without organization too", () => {
  const config = validateConfig(
    configWith((c) => {
      c.environments.prod.deployRoleArn = deployRoleArn('123456789012');
      c.stateBackend.rolePrincipals = { prod: [PIPELINE_ROLE_ARN, 'arn:aws:iam::123456789012:role/govtech-deploy'] };
    }),
  );
  expect(resolvePlan(config).environments.find((e) => e.environment === 'prod')!.state.rolePrincipals).toEqual([
    PIPELINE_ROLE_ARN,
    'arn:aws:iam::123456789012:role/govtech-deploy',
  ]);
});

test("the issue example block is the fixture's organization, and is valid with the checked-in environments", () => {
  expect(ORGANIZATION_CONFIG.organization).toMatchObject(ORGANIZATION_BLOCK);
});

test('warnings: a deploy role whose state role trusts only its own account, and an opt-in region of the organization', () => {
  expect(configWarnings(ORGANIZATION_CONFIG)).toEqual([]);
  const warnings = configWarnings(
    validateConfig(
      orgWith((c) => {
        delete c.stateBackend.rolePrincipals.prod;
        delete c.stateBackend.rolePrincipals.security;
        c.organization.regions = ['us-east-1', 'eu-west-1', 'eu-south-1'];
      }),
    ),
  );
  expect(warnings).toEqual([
    expect.stringMatching(/^organization\.regions lists "eu-south-1", an opt-in region: enable it in the account before deploying/),
    expect.stringMatching(
      /^environments\.prod\.deployRoleArn is set but stateBackend\.rolePrincipals\.prod is not: the state role trusts only that account/,
    ),
    expect.stringMatching(/^organization\.deployRoleArns\.security is set but stateBackend\.rolePrincipals\.security is not/),
  ]);
});

test("alertsUnsubscribedReason reaches the organization plan; the policy's disabled controls reach every member (their removed blocks)", () => {
  const c = organizationConfigJson();
  c.organization.alertEmails = [];
  c.organization.alertsUnsubscribedReason = 'the security team reads Security Hub directly';
  c.organization.securityHub = { disabledControls: [{ control: 'IAM.1', reason: 'policies are reviewed in the pipeline' }] };
  const plan = resolvePlan(validateConfig(c, 'test.json'));
  expect(plan.organization).toMatchObject({
    alertSubscribers: [],
    alertsUnsubscribedReason: 'the security team reads Security Hub directly',
  });
  for (const env of plan.environments) {
    expect(env.organization?.securityHubDisabledControls).toEqual([{ control: 'IAM.1', reason: 'policies are reviewed in the pipeline' }]);
  }
  expect(resolvePlan(ORGANIZATION_CONFIG).organization).not.toHaveProperty('alertsUnsubscribedReason');
});
