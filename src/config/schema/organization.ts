/**
 * `organization`: AWS Organizations mode (README "Organization mode"). The security account is
 * the delegated administrator of GuardDuty, Security Hub (central configuration), AWS Config and
 * IAM Access Analyzer; the log archive account holds the organization trail's bucket; the
 * management account registers them and runs the organization trail. Without this section every
 * environment runs its own services (standalone mode).
 */
import { z } from 'zod';
import { ORGANIZATION_ACCOUNT_ROLES } from '../rules';
import { awsRegionName, doc, emailList, IAM_ROLE_ARN, arnAccount, must, patterned, strict, wholeNumber, Immutable } from './common';
import { guardDutySchema } from './environment';
import { monitoringShape, validEndpointCount } from './monitoring';
import { regionsRefinement, regionsSchema } from './regions';
import { securityHubRefinement, securityHubSchema } from './security-hub';

/** `aws organizations describe-organization`: "o-" and 10-32 lowercase letters or digits (Organizations API Reference, Organization.Id). */
export const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
/** `aws organizations list-roots`: "r-" and 4-32 lowercase letters or digits (Organizations API Reference, Root.Id and Parent.Id). */
export const ROOT_ID = /^r-[a-z0-9]{4,32}$/;

/** Days the log archive keeps the organization's audit logs at least: those of a public body are kept a year. */
export const MIN_ORGANIZATION_LOGS_RETENTION_DAYS = 365;

const accountId = (description: string) =>
  doc(patterned(/^[0-9]{12}$/, 'be exactly 12 digits (an AWS account ID, e.g. 123456789012)'), description);

const deployRole = (account: string) =>
  doc(
    patterned(
      IAM_ROLE_ARN,
      `be an IAM role ARN in the ${account} account, such as arn:aws:iam::444444444444:role/OrganizationAccountAccessRole`,
    ),
    "The role the AWS provider of that account's stacks assumes (assume_role); it must be in that account.",
  ).optional();

const deployRoleArnsSchema = strict({
  management: deployRole('management'),
  security: deployRole('security'),
  logArchive: deployRole('log archive'),
});

const organizationShape = {
  id: doc(
    patterned(
      ORGANIZATION_ID,
      'be an organization ID: "o-" and 10-32 lowercase letters or digits (aws organizations describe-organization)',
    ),
    "The organization's ID (o-...): the log archive bucket accepts the trail and AWS Config deliveries of this organization only.",
  ),
  rootId: doc(
    patterned(ROOT_ID, 'be an organization root ID: "r-" and 4-32 lowercase letters or digits (aws organizations list-roots)'),
    "The organization root's ID (r-...): the Security Hub configuration policy is associated with it, so it applies to every account.",
  ),
  managementAccountId: accountId('The management account: it registers the delegated administrators and runs the organization trail.'),
  securityAccountId: accountId(
    'The security (audit) account: delegated administrator of GuardDuty, Security Hub, AWS Config and IAM Access Analyzer; it receives the alerts. Not the management account.',
  ),
  logArchiveAccountId: accountId(
    "The log archive account: the organization trail's bucket, the members' AWS Config deliveries and the trail's KMS key. Not the management account.",
  ),
  awsRegion: awsRegionName(
    "the organization's home region",
    "The organization's home region: Security Hub's aggregation region, the trail's home, the alerts topic and the AWS Config aggregator.",
  ),
  regions: doc(
    regionsSchema,
    'Regions the organization covers (GuardDuty detectors and delegated administrator, Security Hub linked regions): a list including awsRegion, or "default-enabled". Default: [awsRegion]. Members cover these regions too unless they list their own (within these).',
  ).optional(),
  alertEmails: doc(emailList(), "Email addresses subscribed to the organization's alerts topic in the security account.", []).optional(),
  alertSubscribers: doc(
    monitoringShape.alertSubscribers.unwrap(),
    "Subscribers of the organization's alerts topic besides alertEmails: sqs, lambda and https lists.",
  ).optional(),
  alertsUnsubscribedReason: monitoringShape.alertsUnsubscribedReason,
  securityHub: doc(
    securityHubSchema,
    "Security Hub's configuration policy: the standards enabled in every account and covered region, and the controls disabled, each with the reason.",
  ).optional(),
  guardDuty: doc(guardDutySchema, 'GuardDuty protection plans beyond the default, enabled for every member account.').optional(),
  logsRetentionDays: doc(
    wholeNumber(MIN_ORGANIZATION_LOGS_RETENTION_DAYS, 3650, ' (the audit logs of a public body are kept at least a year)'),
    'Days the log archive bucket keeps the organization trail and AWS Config objects before they expire (at least 365).',
    MIN_ORGANIZATION_LOGS_RETENTION_DAYS,
  ).optional(),
  logsArchiveAfterDays: doc(
    wholeNumber(1, 3649, ' (archive before the logs expire)'),
    'Days before log archive objects move to Glacier Flexible Retrieval; less than logsRetentionDays.',
    90,
  ).optional(),
  deployRoleArns: doc(
    deployRoleArnsSchema,
    "Per organization account, the role its stacks' AWS provider assumes, so that one pipeline deploys every account. Default: the deployer's own credentials.",
  ).optional(),
};

type OrganizationInput = z.infer<z.ZodObject<typeof organizationShape>>;

const ACCOUNT_LABELS = { management: 'management', security: 'security', logArchive: 'log archive' } as const;

/** Each deploy role is in its account; an account refused already (malformed, or the management account) is left to that problem. */
function deployRoleIssues(org: OrganizationInput, add: (path: (string | number)[], input: unknown, message: string) => void): void {
  const accounts = { management: org.managementAccountId, security: org.securityAccountId, logArchive: org.logArchiveAccountId };
  for (const role of ORGANIZATION_ACCOUNT_ROLES) {
    const arn = org.deployRoleArns?.[role];
    const account = arn === undefined ? undefined : arnAccount(arn);
    const expected = accounts[role];
    if (account === undefined || account === expected || !/^[0-9]{12}$/.test(expected)) continue;
    if (role !== 'management' && expected === org.managementAccountId) continue;
    add(
      ['deployRoleArns', role],
      arn,
      must(
        `be a role in the ${ACCOUNT_LABELS[role]} account (${expected}), not in ${account}: the stacks' provider refuses any other account (allowed_account_ids)`,
      ),
    );
  }
}

/** The rules between the organization's fields: distinct accounts, deploy roles in their accounts, a subscriber, archive before expiry. */
function organizationRefinement(org: OrganizationInput, ctx: z.RefinementCtx): void {
  const add = (path: (string | number)[], input: unknown, message: string, missing = false) =>
    ctx.addIssue({ code: 'custom', path, input, message, ...(missing ? { params: { missing } } : {}) });
  for (const field of ['securityAccountId', 'logArchiveAccountId'] as const) {
    if (org[field] !== org.managementAccountId) continue;
    // Security Hub user guide, "Enabling central configuration", prerequisites: "The Organizations management
    // account cannot be set as the delegated administrator account"; "Designating a Security Hub administrator
    // account" recommends against the management account for every service.
    add(
      [field],
      org[field],
      must(
        `not be the management account (managementAccountId): AWS advises against delegating security services to it, and Security Hub central configuration refuses it as the delegated administrator`,
        'Name a member account of its own (e.g. an "Audit" or "Log Archive" account).',
      ),
    );
  }
  deployRoleIssues(org, add);
  const retention = org.logsRetentionDays ?? MIN_ORGANIZATION_LOGS_RETENTION_DAYS;
  const archive = org.logsArchiveAfterDays;
  if (archive !== undefined && Number.isInteger(archive) && archive >= retention) {
    add(
      ['logsArchiveAfterDays'],
      archive,
      must(`be a whole number from 1 to ${retention - 1} (archive before the logs expire after logsRetentionDays = ${retention})`),
    );
  }
  if ((org.alertEmails?.length ?? 0) + validEndpointCount(org.alertSubscribers) === 0 && org.alertsUnsubscribedReason === undefined) {
    add(
      ['alertEmails'],
      org.alertEmails,
      must(
        "list at least one subscriber: the organization's alerts topic would have none, so the GuardDuty findings of every account would go unread",
        'Add one, e.g. "alertEmails": ["security-team@example.gov"] or "alertSubscribers": { "https": ["https://hooks.example.gov/security"] } in organization; ' +
          'or, if nobody should, say why in "alertsUnsubscribedReason".',
      ),
      org.alertEmails === undefined,
    );
  }
  regionsRefinement(org, ctx);
  securityHubRefinement(org, ctx);
}

export const organizationSchema = strict(organizationShape).superRefine(organizationRefinement);

export type OrganizationConfig = Immutable<z.infer<typeof organizationSchema>>;
