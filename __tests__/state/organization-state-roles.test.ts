/**
 * The organization accounts' state roles (organization mode): the bootstrap stack creates one
 * for the management, security and log archive accounts like the environments' ones, each
 * limited to its organization stacks' state (the `stacks` of its OrganizationAccountPlan), the
 * management one also reading the log archive stack's state (the trail key's ARN); each trusted
 * by the pipeline the config names, or by its account. Evaluated with an IAM policy simulator.
 */
import { App, Testing } from 'cdktf';
import { validateConfig } from '../../src/config';
import type { OrganizationAccountRole } from '../../src/config/organization-plan';
import { resolvePlan } from '../../src/config/plan';
import { BootstrapStack } from '../../src/stacks/bootstrap-stack';
import { stateKey } from '../../src/stacks/backend';
import { ORGANIZATION_ACCOUNTS, ORGANIZATION_CONFIG, organizationConfigJson, PIPELINE_ROLE_ARN } from '../fixtures/organization-config';
import { decideAssumeRole, decideRequest as decide, Decision } from '../helpers/policy-sim';

type Json = Record<string, any>;

const STATE_ACCOUNT = '999999999999';
const ROLES: readonly [OrganizationAccountRole, string][] = [
  ['management', 'state_management'],
  ['security', 'state_security'],
  ['logArchive', 'state_log_archive'],
];

function bootstrapJson(config = ORGANIZATION_CONFIG): Json {
  const app = new App();
  const stack = new BootstrapStack(app, 'bootstrap', resolvePlan(config));
  return JSON.parse(Testing.synth(stack));
}

const bootstrap = bootstrapJson();
const backend = ORGANIZATION_CONFIG.stateBackend;
const lockId = (stack: string) => `${backend.bucket}/${stateKey(backend, stack)}`;
const tableArn = `arn:aws:dynamodb:${backend.region}:${STATE_ACCOUNT}:table/${backend.dynamodbTable}`;
const ORG_STACKS = ['org-log-archive', 'org-management', 'org-management-eu-west-1', 'org-security', 'org-security-eu-west-1'];
const OWN_STACKS: Record<OrganizationAccountRole, readonly string[]> = {
  management: ['org-management', 'org-management-eu-west-1'],
  security: ['org-security', 'org-security-eu-west-1'],
  logArchive: ['org-log-archive'],
};

function role(name: string) {
  const r = bootstrap.resource.aws_iam_role[name];
  return {
    arn: `arn:aws:iam::${STATE_ACCOUNT}:role/${r.name}`,
    trust: JSON.parse(r.assume_role_policy),
    policy: JSON.parse(bootstrap.resource.aws_iam_role_policy[name].policy),
  };
}

async function decisions(requests: Record<string, Promise<Decision>>): Promise<Record<string, Decision>> {
  const entries = await Promise.all(Object.entries(requests).map(async ([k, v]) => [k, await v] as const));
  return Object.fromEntries(entries);
}

test('bootstrap creates a state role for each organization account beside the environments, named as config says', () => {
  expect(Object.keys(bootstrap.resource.aws_iam_role).sort()).toEqual(
    ['state_dev', 'state_log_archive', 'state_management', 'state_prod', 'state_security', 'state_staging'].sort(),
  );
  for (const [key, name] of ROLES) expect(role(name).arn).toBe(backend.roleArns?.[key]);
});

test.each(ROLES)("the %s account's state role is trusted by the pipeline only", async (_key, name) => {
  const { trust, arn } = role(name);
  const assume = (principal: string) => decideAssumeRole(arn, STATE_ACCOUNT, trust, principal);
  expect(
    await decisions({
      pipeline: assume(PIPELINE_ROLE_ARN),
      otherRoleOfPipelineAccount: assume(`arn:aws:iam::${STATE_ACCOUNT}:role/someone-else`),
      securityAccount: assume(`arn:aws:iam::${ORGANIZATION_ACCOUNTS.security}:role/deployer`),
    }),
  ).toEqual({ pipeline: 'Allowed', otherRoleOfPipelineAccount: 'ImplicitlyDenied', securityAccount: 'ImplicitlyDenied' });
});

test.each(ROLES)(
  "the %s account's state role writes and locks exactly its organization stacks' state; management also reads the log archive's",
  async (key, name) => {
    const { arn, policy } = role(name);
    const request = (action: string, resource: string, context: Record<string, string | string[]> = {}) =>
      decide({ principal: arn, action, resource, resourceAccount: STATE_ACCOUNT, identityPolicies: [policy], context });
    const requests: Record<string, Promise<Decision>> = {};
    for (const stack of [...ORG_STACKS, 'security-prod', 'bootstrap']) {
      const key = stateKey(backend, stack);
      requests[`get ${stack}`] = request('s3:GetObject', `arn:aws:s3:::${backend.bucket}/${key}`);
      requests[`put ${stack}`] = request('s3:PutObject', `arn:aws:s3:::${backend.bucket}/${key}`);
      requests[`lock ${stack}`] = request('dynamodb:PutItem', tableArn, { 'dynamodb:LeadingKeys': [lockId(stack)] });
    }
    const got = await decisions(requests);
    const own = OWN_STACKS[key];
    const reads = key === 'management' ? ['org-log-archive'] : [];
    const expected = Object.fromEntries(
      Object.keys(requests).map((k) => {
        const [what, stack] = k.split(' ');
        const allowed = own.includes(stack) || (what === 'get' && reads.includes(stack));
        return [k, allowed ? 'Allowed' : 'ImplicitlyDenied'];
      }),
    );
    expect(got).toEqual(expected);
  },
);

test("without rolePrincipals an organization account's state role trusts that account", () => {
  const config = validateConfig(
    (() => {
      const c = organizationConfigJson();
      delete c.stateBackend.rolePrincipals.security;
      return c;
    })(),
  );
  const trust = JSON.parse(bootstrapJson(config).resource.aws_iam_role.state_security.assume_role_policy);
  expect(trust.Statement[0].Principal).toEqual({ AWS: [`arn:aws:iam::${ORGANIZATION_ACCOUNTS.security}:root`] });
});

test("without organization, bootstrap creates only the environments' roles (as before)", () => {
  const config = validateConfig(
    (() => {
      const c = organizationConfigJson();
      delete c.organization;
      for (const key of ['management', 'security', 'logArchive']) {
        delete c.stateBackend.roleArns[key];
        delete c.stateBackend.rolePrincipals[key];
      }
      return c;
    })(),
  );
  expect(Object.keys(bootstrapJson(config).resource.aws_iam_role).sort()).toEqual(['state_dev', 'state_prod', 'state_staging']);
});
