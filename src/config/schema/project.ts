/** The whole config file: the project name, the state backend and any of the three environments. */
import { z } from 'zod';
import { defaultLogsBucketName, ENVIRONMENTS, EnvironmentName, VARIABLE_SPECS, brokenRules } from '../rules';
import { arnAccount, doc, must, ruledString, strict, Immutable, RuleIssue } from './common';
import { EnvironmentConfig, environmentSchema } from './environment';
import { StateBackendConfig, stateBackendSchema } from './state-backend';
import { accountServiceIssues, ownerPresenceIssues } from './account-services';

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
}).check((payload) => {
  const { stateBackend, environments } = payload.value;
  const issues = [
    ...ownerPresenceIssues(environments),
    ...stateAccessIssues(stateBackend, environments),
    ...derivedBucketIssues(payload.value),
  ];
  // Which environment owns an account's services is worth asking only once each environment is valid on its own.
  if (payload.issues.length === 0 && issues.length === 0) issues.push(...accountServiceIssues(payload.value.environments));
  for (const issue of issues) payload.issues.push({ code: 'custom', ...issue });
});

type Environments = z.infer<typeof environmentsSchema>;

/**
 * The multi-account state layout against the environments: an environment outside the state
 * account needs a role, and the principals a role trusts are in its environment's account.
 */
function stateAccessIssues(backend: StateBackendConfig, envs: Environments): RuleIssue[] {
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
    (backend.rolePrincipals?.[env] ?? []).forEach((p, i) => {
      const principalAccount = arnAccount(p);
      if (envAccount !== undefined && principalAccount !== undefined && principalAccount !== envAccount) {
        issues.push({
          path: ['stateBackend', 'rolePrincipals', env, i],
          input: p,
          message: must(`be a principal of environments.${env}.accountId (${envAccount})`),
        });
      }
    });
  }
  return issues;
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
