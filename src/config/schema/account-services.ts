/**
 * GuardDuty (one detector per account and region), Security Hub (one per account and region)
 * and the SERVICE cost monitor (one per account) cannot be created twice. Environments that
 * share an account must name one owner, which shares the region of the others.
 */
import { ENVIRONMENTS, EnvironmentName } from '../rules';
import type { EnvironmentConfig } from './environment';
import type { RuleIssue } from './common';

type Environments = Partial<Record<EnvironmentName, EnvironmentConfig>>;

/** `accountServicesOwner` names an environment of this config. */
export function ownerPresenceIssues(envs: Environments): RuleIssue[] {
  const present = ENVIRONMENTS.filter((e) => envs[e] !== undefined);
  return present.flatMap((name) => {
    const owner = envs[name]?.accountServicesOwner;
    if (owner === undefined || (present as string[]).includes(owner)) return [];
    return [
      {
        path: ['environments', name, 'accountServicesOwner'],
        input: owner,
        message: `be one of the environments of this config (${present.join(', ')}).`,
      },
    ];
  });
}

/** The owner an environment names: another environment of the same account and region, owning them itself. */
function ownerIssue(envs: Record<string, EnvironmentConfig>, name: string, owner: string): string | undefined {
  const [o, e] = [envs[owner], envs[name]];
  if (owner === name) return `name another environment; remove it to let ${name} own its account's services.`;
  if (o.accountServicesOwner !== undefined)
    return `name an environment that owns the account services itself, but ${owner} names "${o.accountServicesOwner}".`;
  if (o.accountId !== e.accountId)
    return `name an environment in the same account, but ${owner} is in ${o.accountId} and ${name} in ${e.accountId}. Remove the field: an environment alone in its account owns its services.`;
  if (o.awsRegion !== e.awsRegion)
    return `name an environment in the same region (the owner's regional services, GuardDuty and Security Hub among them, cover its home region), but ${owner} is in ${o.awsRegion} and ${name} in ${e.awsRegion}.`;
  return undefined;
}

/** Owners named wrongly, and accounts where more than one environment would create the services. */
export function accountServiceIssues(environments: Environments): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const envs: Record<string, EnvironmentConfig> = {};
  for (const e of ENVIRONMENTS) {
    const env = environments[e];
    if (env) envs[e] = env;
  }
  const present = ENVIRONMENTS.filter((e) => envs[e] !== undefined);
  for (const name of present) {
    const owner = envs[name].accountServicesOwner;
    const problem = owner === undefined ? undefined : ownerIssue(envs, name, owner);
    if (problem) issues.push({ path: ['environments', name, 'accountServicesOwner'], input: owner, message: problem });
  }
  // Environments that would create the services, grouped by account: more than one in an account is a conflict.
  const owners = present.filter((e) => envs[e].accountServicesOwner === undefined);
  for (const account of new Set(owners.map((e) => envs[e].accountId))) {
    const inAccount = owners.filter((e) => envs[e].accountId === account);
    if (inAccount.length < 2) continue;
    const named = present.filter((e) => envs[e].accountId === account).map((e) => envs[e].accountServicesOwner);
    // The one other environments already name (its services exist), else the latest of dev, staging, prod.
    const owner = inAccount.find((e) => named.includes(e)) ?? inAccount[inAccount.length - 1];
    const others = inAccount.filter((e) => e !== owner);
    issues.push({
      path: ['environments'],
      input: account,
      params: { label: inAccount.map((e) => `environments.${e}.accountId`).join(' and ') },
      message:
        `not be one account while ${inAccount.join(' and ')} each create the account services (GuardDuty, Security Hub, AWS Config, the account controls, the SERVICE cost monitor), which exist once per account. ` +
        `Give each environment its own account (as AWS recommends), or let ${owner} own them: set "accountServicesOwner": "${owner}" ` +
        `on ${others.map((e) => `environments.${e}`).join(' and ')}, so that ${others.join(' and ')} read${others.length === 1 ? 's' : ''} ` +
        `guardduty_detector_id and cost_monitor_arn from ${owner}'s state.`,
    });
  }
  return issues;
}
