/** The whole config file: the project name, the state backend and any of the three environments. */
import { z } from 'zod';
import { defaultLogsBucketName, ENVIRONMENTS, EnvironmentName, ORGANIZATION_ACCOUNT_ROLES, VARIABLE_SPECS, brokenRules } from '../rules';
import { arnAccount, doc, must, ruledString, strict, Immutable, RuleIssue } from './common';
import { EnvironmentConfig, environmentSchema } from './environment';
import { StateBackendConfig, stateBackendSchema, StateRoleKey } from './state-backend';
import { accountServiceIssues, ownerPresenceIssues } from './account-services';
import { OrganizationConfig, organizationSchema } from './organization';
import { organizationAccountId, organizationIssues, organizationStateIssues } from './organization-rules';

const environmentsSchema = strict(
  {
    dev: doc(environmentSchema('dev'), 'The dev environment.').optional(),
    staging: doc(environmentSchema('staging'), 'The staging environment.').optional(),
    prod: doc(environmentSchema('prod'), 'The prod environment: logs are kept at least 365 days.').optional(),
  },
  {
    rule: `be one of ${ENVIRONMENTS.join(', ')} (variable environment)`,
    fix: 'Remove or rename it.',
    keyAsValue: true,
    notObject: `be an object with one or more of the environments ${ENVIRONMENTS.join(', ')}`,
  },
)
  // JSON Schema's own form of the refinement below, so that editors flag an empty object too.
  .meta({ minProperties: 1 })
  .superRefine((envs, ctx) => {
    if (ENVIRONMENTS.every((e) => envs[e] === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], input: envs, message: must(`name at least one of ${ENVIRONMENTS.join(', ')}`) });
    }
  });

export const projectConfigSchema = strict({
  $schema: doc(z.string(), 'The JSON Schema of this file, for editors: "./environments.schema.json".').optional(),
  projectName: doc(
    ruledString(VARIABLE_SPECS.project_name.rules, 'variable project_name'),
    'Project name: the first part of every resource name, and a tag (variable project_name).',
  ),
  stateBackend: doc(stateBackendSchema, 'Where the Terraform state lives (S3 bucket and lock), and how each environment reaches it.'),
  environments: doc(environmentsSchema, 'Any non-empty subset of dev, staging and prod; only these get stacks.'),
  organization: doc(
    organizationSchema,
    'AWS Organizations mode (README "Organization mode"): the management, security and log archive accounts; the environments become member accounts. Default: none (standalone: each environment runs its own GuardDuty, Security Hub and trail).',
  ).optional(),
}).check((payload) => {
  const { stateBackend, environments, organization } = payload.value;
  const issues = [
    ...ownerPresenceIssues(environments),
    ...stateAccessIssues(stateBackend, environments, organization),
    ...organizationStateIssues(stateBackend, organization),
    ...organizationIssues(organization, environments),
    ...derivedBucketIssues(payload.value),
  ];
  // Which environment owns an account's services is worth asking only once each environment is valid on its own.
  if (payload.issues.length === 0 && issues.length === 0) issues.push(...accountServiceIssues(payload.value.environments));
  for (const issue of issues) payload.issues.push({ code: 'custom', ...issue });
});

type Environments = z.infer<typeof environmentsSchema>;

/**
 * The multi-account state layout against the environments: an environment outside the state
 * account needs a role, and the principals a role trusts are in its account; or, where the
 * account has a deploy role, also a pipeline's role or user elsewhere (the pipeline assumes the
 * deploy role for the provider and the state role directly for the backend).
 */
function stateAccessIssues(backend: StateBackendConfig, envs: Environments, org: OrganizationConfig | undefined): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const account = backend.accountId;
  for (const env of ENVIRONMENTS) {
    const envAccount = envs[env]?.accountId;
    if (backend.roleArns?.[env] === undefined && account !== undefined && envAccount !== undefined && envAccount !== account) {
      issues.push({
        path: ['stateBackend', 'roleArns', env],
        input: undefined,
        params: { missing: true },
        message:
          `be set, because environments.${env}.accountId (${envAccount}) is not the state account ` +
          `stateBackend.accountId (${account}) and its credentials cannot reach the state otherwise. ` +
          `Add e.g. "${env}": "arn:aws:iam::${account}:role/<project>-${env}-terraform-state" to stateBackend.roleArns.`,
      });
    }
    const deploy = { arn: envs[env]?.deployRoleArn, field: `environments.${env}.deployRoleArn` };
    issues.push(...principalIssues(backend, env, { account: envAccount, field: `environments.${env}.accountId` }, deploy));
  }
  for (const role of ORGANIZATION_ACCOUNT_ROLES) {
    if (org === undefined) continue;
    const owner = { account: organizationAccountId(org, role), field: `organization's ${role} account` };
    issues.push(
      ...principalIssues(backend, role, owner, { arn: org.deployRoleArns?.[role], field: `organization.deployRoleArns.${role}` }),
    );
  }
  return issues;
}

/**
 * `rolePrincipals.<key>`: principals of that account; with a deploy role for it, also a role or
 * user of another account (the pipeline), never another account's root (every principal there).
 */
function principalIssues(
  backend: StateBackendConfig,
  key: StateRoleKey,
  owner: { readonly account?: string; readonly field: string },
  deploy: { readonly arn?: string; readonly field: string },
): RuleIssue[] {
  return (backend.rolePrincipals?.[key] ?? []).flatMap((p, i) => {
    const principalAccount = arnAccount(p);
    if (owner.account === undefined || principalAccount === undefined || principalAccount === owner.account) return [];
    const path = ['stateBackend', 'rolePrincipals', key, i];
    if (deploy.arn === undefined) {
      const fix = `A pipeline in another account may be trusted once ${deploy.field} names the role it deploys with.`;
      return [{ path, input: p, message: must(`be a principal of ${owner.field} (${owner.account})`, fix) }];
    }
    if (!p.endsWith(':root')) return [];
    return [
      {
        path,
        input: p,
        message: must(
          `be a role or user ARN of the pipeline, not the root of account ${principalAccount}: that would let every principal there reach ${key}'s state`,
          `Name the pipeline's role, e.g. arn:aws:iam::${principalAccount}:role/<pipeline>.`,
        ),
      },
    ];
  });
}

/** The bucket name the logs stack derives for `{ "fromLogsStack": true }` must be a valid name too. */
function derivedBucketIssues(config: { projectName: string; environments: Environments }): RuleIssue[] {
  return ENVIRONMENTS.flatMap((name) => {
    const env = envOf(config.environments, name);
    if (env === undefined || typeof env.logsBucket !== 'object' || !('fromLogsStack' in env.logsBucket)) return [];
    const derived = defaultLogsBucketName(config.projectName, name, env.accountId);
    return brokenRules(VARIABLE_SPECS.logs_bucket, derived).map((r) => ({
      path: ['environments', name, 'logsBucket (derived)'],
      input: derived,
      message: must(r.rule, '(variable logs_bucket)'),
    }));
  });
}

function envOf(envs: Environments, name: EnvironmentName): EnvironmentConfig | undefined {
  return envs[name];
}

export type ProjectConfig = Immutable<z.infer<typeof projectConfigSchema>>;
