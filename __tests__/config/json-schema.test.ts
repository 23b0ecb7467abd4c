/**
 * config/environments.schema.json: generated from the zod schemas (npm run schema), and checked
 * here with an independent validator (ajv, JSON Schema 2020-12) against what synth accepts and refuses.
 */
import Ajv2020 from 'ajv/dist/2020';
import { readFileSync } from 'fs';
import * as path from 'path';
import { DEFAULT_CONFIG_PATH } from '../../src/config';
import { configJsonSchema, configJsonSchemaText, JSON_SCHEMA_FILE } from '../../src/config/json-schema';
import { configWith, Json, problemsOf } from '../helpers/config-edit';
import { organizationConfigJson } from '../fixtures/organization-config';

const committedFile = path.join(__dirname, '..', '..', '..', JSON_SCHEMA_FILE);
const ajv = new Ajv2020({ allErrors: true });
const validate = ajv.compile(configJsonSchema());

test('the committed schema is what the zod schemas generate', () => {
  const committed = readFileSync(committedFile, 'utf8');
  // A stale schema would let editors accept what synth refuses, or the reverse.
  expect({
    upToDate: committed === configJsonSchemaText(),
    fix: 'run `npm run schema` and commit config/environments.schema.json',
  }).toEqual({
    upToDate: true,
    fix: 'run `npm run schema` and commit config/environments.schema.json',
  });
});

test('the checked-in config names the schema and passes it', () => {
  const raw = JSON.parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8'));
  expect(raw.$schema).toBe('./environments.schema.json');
  expect(validate(raw) ? [] : validate.errors).toEqual([]);
});

test('every field has a one-line description', () => {
  const undocumented: string[] = [];
  const walk = (node: Json, at: string): void => {
    for (const [key, value] of Object.entries<Json>(node.properties ?? {})) {
      if (typeof value.description !== 'string' || value.description.includes('\n')) undocumented.push(`${at}.${key}`);
      walk(value, `${at}.${key}`);
    }
    for (const k of ['items', 'additionalProperties']) if (typeof node[k] === 'object') walk(node[k], `${at}[]`);
    for (const k of ['anyOf', 'oneOf', 'allOf']) (node[k] ?? []).forEach((n: Json) => walk(n, at));
  };
  walk(configJsonSchema(), '');
  expect(undocumented).toEqual([]);
});

// Shape problems: synth refuses each, and so does an editor with the schema.
test.each<[string, (c: Json) => void]>([
  ['a 5-digit account ID', (c) => (c.environments.prod.accountId = '12345')],
  ['an account ID as a number', (c) => (c.environments.prod.accountId = 123456789012)],
  ['a region AWS does not have', (c) => (c.environments.dev.awsRegion = 'us-east-7')],
  ['an uppercase bucket', (c) => (c.environments.staging.logsBucket = 'Govtech-Logs')],
  ['a misspelt environment field', (c) => (c.environments.prod.guardduty = { runtimeMonitoring: true })],
  ['a misspelt backend field', (c) => (c.stateBackend.dynamoTable = 'locks')],
  ['a misspelt top-level field', (c) => (c.projectname = 'govtech')],
  ['an unknown environment', (c) => (c.environments.qa = c.environments.dev)],
  ['the state bucket left out', (c) => delete c.stateBackend.bucket],
  ['a retention left out', (c) => delete c.environments.dev.logsRetentionDays],
  ['prod keeping logs under a year', (c) => (c.environments.prod.logsRetentionDays = 364)],
  ['a fractional retention', (c) => (c.environments.dev.logsRetentionDays = 90.5)],
  ['a non-boolean GuardDuty option', (c) => (c.environments.prod.guardDuty.runtimeMonitoring = 'yes')],
  ['an IMMEDIATE email digest', (c) => (c.environments.prod.costAnomaly.emailFrequency = 'IMMEDIATE')],
  ['a bad alert email', (c) => (c.environments.dev.alertEmails = ['not-an-email'])],
  ['a logs bucket of another shape', (c) => (c.environments.dev.logsBucket = { fromLogsStack: 'yes' })],
  [
    'a remote state without its output',
    (c) => (c.environments.dev.logsBucket = { remoteState: { bucket: 'b-state', key: 'k', region: 'us-east-1' } }),
  ],
  ['a state role that is no role ARN', (c) => (c.stateBackend.roleArns.dev = 'terraform-state')],
  ['the retired single state role', (c) => (c.stateBackend.roleArn = 'arn:aws:iam::999999999999:role/terraform-state')],
  [
    'a FIFO-less SNS ARN as SQS subscriber',
    (c) => (c.environments.prod.alertSubscribers = { sqs: ['arn:aws:sns:us-east-1:111111111111:x'] }),
  ],
  ['an unknown preset', (c) => (c.environments.prod.regions = 'all')],
  ['a documented CIS row turned off', (c) => (c.environments.dev.cisMonitoringOff = { '4.3': 'root is never used here' })],
  [
    'a waiver of a control the catalogue does not check',
    (c) => (c.environments.prod.complianceWaivers = { 'IAM.4': 'audited elsewhere really' }),
  ],
  ['a password shorter than CIS asks', (c) => (c.environments.prod.accountControls = { passwordPolicy: { minimumLength: 12 } })],
])('%s: refused by synth and by the schema', (_what, change) => {
  const config = configWith(change);
  expect(problemsOf(config)).not.toEqual([]);
  expect(validate(config)).toBe(false);
});

test('the organization fixture passes the schema, and its shape problems are refused by synth and by the schema', () => {
  expect(validate(organizationConfigJson()) ? [] : validate.errors).toEqual([]);
  const broken: ((c: Json) => void)[] = [
    (c) => (c.organization.id = 'o-ABC'),
    (c) => (c.organization.rootId = 'root'),
    (c) => (c.organization.securityAccountId = '4444'),
    (c) => (c.organization.logsRetentionDays = 90),
    (c) => (c.organization.deployRoleArns.management = 'OrganizationAccountAccessRole'),
    (c) => (c.organization.auditAccountId = '444444444444'),
    (c) => (c.environments.prod.deployRoleArn = 'govtech-deploy'),
    (c) => (c.stateBackend.roleArns.logArchive = 'state'),
  ];
  for (const change of broken) {
    const config = organizationConfigJson();
    change(config);
    expect(problemsOf(config)).not.toEqual([]);
    expect(validate(config)).toBe(false);
  }
});
