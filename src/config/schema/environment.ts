/** `environments.<env>`: one environment's account, region, logs, alerts and services. */
import { z } from 'zod';
import { ENVIRONMENTS, EnvironmentName, VARIABLE_SPECS } from '../rules';
import { accountControlsShape } from './account-controls';
import { adoptRefinement, adoptSchema } from './adopt';
import {
  arnAccount,
  awsRegionName,
  bool,
  doc,
  emailList,
  IAM_ROLE_ARN,
  must,
  patterned,
  ruledString,
  strict,
  wholeNumber,
  Immutable,
} from './common';
import { logsBucketSchema } from './logs-bucket';
import { monitoringShape, validEndpointCount } from './monitoring';
import { regionalStacksShape } from './regional-stacks';
import { regionsRefinement, regionsSchema } from './regions';
import { securityHubRefinement, securityHubSchema } from './security-hub';

const costAnomalySchema = strict({
  thresholdUsd: doc(
    z
      .number({ error: (iss) => (iss.input === undefined ? undefined : must('be a positive number of US dollars')) })
      .positive({ error: must('be a positive number of US dollars') }),
    "Alert when an anomaly's absolute total impact is at least this many US dollars.",
    50,
  ).optional(),
  emails: doc(emailList(), 'Addresses that receive a digest of anomalies (email cannot be IMMEDIATE).', []).optional(),
  emailFrequency: doc(
    z.enum(['DAILY', 'WEEKLY'], {
      error: (iss) => (iss.input === undefined ? undefined : must('be DAILY or WEEKLY (Cost Explorer sends email only as a digest)')),
    }),
    'Frequency of the email digest.',
    'DAILY',
  ).optional(),
});

export const guardDutySchema = strict({
  rdsLoginEvents: doc(bool(), 'RDS login activity monitoring.', false).optional(),
  lambdaNetworkLogs: doc(bool(), 'Lambda network activity monitoring.', false).optional(),
  runtimeMonitoring: doc(bool(), 'Runtime monitoring (EKS, ECS Fargate and EC2 agents managed by GuardDuty).', false).optional(),
});

/** The fields of an environment; `name` sets the rules that differ (prod keeps logs a year). */
function environmentShape(name: EnvironmentName) {
  const prod = name === 'prod';
  return {
    accountId: doc(
      ruledString(VARIABLE_SPECS.account_id.rules, 'variable account_id'),
      'The AWS account ID (12 digits) of this environment.',
    ),
    // VARIABLE_SPECS.aws_region's rules are AWS_REGION_RULES.
    awsRegion: awsRegionName('variable aws_region', 'The home region: it holds the alerts, the trail and the finding aggregator.'),
    regions: doc(
      regionsSchema,
      'Regions the baseline covers (GuardDuty, Security Hub, AWS Config, EBS default encryption and IAM Access Analyzer in each): a list including awsRegion, or "default-enabled" (the 17 regions every commercial account has). Default: [awsRegion]; in organization mode, organization.regions (a member\'s AWS Config recorder, EBS default encryption and Access Analyzer follow the regions the organization covers), and a list here must stay within them.',
    ).optional(),
    deployRoleArn: doc(
      patterned(IAM_ROLE_ARN, "be an IAM role ARN in this environment's account, such as arn:aws:iam::123456789012:role/govtech-deploy"),
      "The role the AWS provider of this environment's stacks assumes (assume_role), so that one pipeline deploys every account; it must be in accountId. Default: the deployer's own credentials.",
    ).optional(),
    ...regionalStacksShape,
    logsBucket: logsBucketSchema,
    logsRetentionDays: doc(
      wholeNumber(prod ? 365 : 1, 3650, prod ? ' (prod keeps audit logs for at least a year)' : ''),
      `Days the logs bucket keeps CloudTrail and WAF logs before they expire${prod ? ' (prod: at least 365)' : ''}.`,
    ),
    logsArchiveAfterDays: doc(
      wholeNumber(1, 3649, ' (archive before the logs expire)'),
      'Days before logs move to Glacier Flexible Retrieval; less than logsRetentionDays.',
      90,
    ).optional(),
    alertEmails: doc(emailList(), 'Email addresses subscribed to the security alerts topic.', []).optional(),
    costAnomaly: doc(costAnomalySchema, 'Cost Anomaly Detection: threshold and email digest.').optional(),
    guardDuty: doc(guardDutySchema, 'GuardDuty protection plans beyond the default.').optional(),
    accountServicesOwner: doc(
      // Whether the owner is an environment of this config is a rule of the whole config (project.ts).
      z.enum(ENVIRONMENTS, {
        error: (iss) =>
          iss.input === undefined ? undefined : must(`be one of the environments of this config (${ENVIRONMENTS.join(', ')})`),
      }),
      "For an environment sharing its account: the environment whose stack owns the account-wide services (the regional ones, the account controls and the SERVICE cost monitor); this one then reads them from the owner's state.",
    ).optional(),
    securityHub: doc(
      securityHubSchema,
      'Security Hub: the standards subscribed in every covered region, and controls disabled with the reason.',
    ).optional(),
    ...monitoringShape,
    ...accountControlsShape,
    adopt: doc(
      adoptSchema,
      'What already exists in the account, by the ID AWS knows it by: synth imports it (Terraform import blocks) instead of creating it.',
    ).optional(),
  };
}

/** Fields that exist once per account: refused on an environment that leaves its account's services to another. */
const ONCE_PER_ACCOUNT = {
  awsConfig: 'the recorder exists once per account and region',
  accountControls: 'the account-level controls exist once per account',
  securityHub: 'Security Hub exists once per account and region',
} as const;

type EnvironmentInput = z.infer<z.ZodObject<ReturnType<typeof environmentShape>>>;

/** ARNs that must be of the environment's own account: the support role's principals and the deploy role. */
function accountPrincipalRules(env: EnvironmentInput, add: (path: (string | number)[], input: unknown, message: string) => void): void {
  const support = env.accountControls?.supportRolePrincipals ?? [];
  support.forEach((p, i) => {
    const account = arnAccount(p);
    if (account !== undefined && account !== env.accountId) {
      add(
        ['accountControls', 'supportRolePrincipals', i],
        p,
        must(`be in this environment's account ${env.accountId} (the support role is for the account's own people)`),
      );
    }
  });
  const deployAccount = env.deployRoleArn === undefined ? undefined : arnAccount(env.deployRoleArn);
  if (deployAccount !== undefined && deployAccount !== env.accountId) {
    add(
      ['deployRoleArn'],
      env.deployRoleArn,
      must(
        `be a role in this environment's account ${env.accountId}, not in ${deployAccount}: the stacks' provider refuses any other account (allowed_account_ids)`,
      ),
    );
  }
}

/** The rules between fields of one environment. */
function environmentRefinement(name: EnvironmentName, env: EnvironmentInput, ctx: z.RefinementCtx): void {
  const add = (path: (string | number)[], input: unknown, message: string, missing = false) =>
    ctx.addIssue({ code: 'custom', path, input, message, ...(missing ? { params: { missing } } : {}) });
  const archive = env.logsArchiveAfterDays;
  if (archive !== undefined && Number.isInteger(archive) && archive >= env.logsRetentionDays && env.logsRetentionDays > 1) {
    const rule = `be a whole number from 1 to ${env.logsRetentionDays - 1} (archive before the logs expire after logsRetentionDays = ${env.logsRetentionDays})`;
    add(['logsArchiveAfterDays'], archive, must(rule));
  }
  const subscribers = (env.alertEmails?.length ?? 0) + validEndpointCount(env.alertSubscribers);
  if (subscribers === 0 && env.alertsUnsubscribedReason === undefined) {
    add(
      ['alertEmails'],
      env.alertEmails,
      must(
        `list at least one subscriber: the ${name} security alerts topic would have none, so its CIS alarms, GuardDuty findings and cost alerts would go unread (and Security Hub fails CloudWatch.1 and .4-.14)`,
        `Add one, e.g. "alertEmails": ["secops@example.gov"] or "alertSubscribers": { "https": ["https://hooks.example.gov/security"] } in environments.${name}; ` +
          `or, if nobody should, say why in "alertsUnsubscribedReason".`,
      ),
      env.alertEmails === undefined,
    );
  }
  accountPrincipalRules(env, add);
  adoptRefinement(name, env, ctx);
  const owner = env.accountServicesOwner;
  if (owner === undefined) {
    regionsRefinement(env, ctx);
    return securityHubRefinement(env, ctx);
  }
  for (const field of ['awsConfig', 'accountControls', 'securityHub'] as const) {
    if (env[field] === undefined) continue;
    add(
      [field],
      env[field],
      must(
        `not be set on an environment with accountServicesOwner (${ONCE_PER_ACCOUNT[field]} and belongs to ${owner})`,
        `Move it to environments.${owner}.`,
      ),
    );
  }
  if (env.regions !== undefined) {
    add(
      ['regions'],
      env.regions,
      `be left out, because ${name} creates no regional service (accountServicesOwner is "${owner}"). Set the regions on environments.${owner}, which covers them for the account.`,
    );
  }
}

/** The schema of `environments.<name>`. */
export function environmentSchema(name: EnvironmentName) {
  return strict(environmentShape(name)).superRefine((env, ctx) => environmentRefinement(name, env, ctx));
}

export type EnvironmentConfig = Immutable<z.infer<ReturnType<typeof environmentSchema>>>;
export type CostAnomalyOptions = Immutable<z.infer<typeof costAnomalySchema>>;
export type GuardDutyOptions = Immutable<z.infer<typeof guardDutySchema>>;
