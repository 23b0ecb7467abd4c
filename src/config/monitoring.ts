/**
 * The config of what watches an environment: who receives its security alerts, which CIS
 * monitoring rows it turns off (and why), and its AWS Config recorder. Kept apart from the
 * rest of the config so that each reads on its own; `validateConfig` calls
 * `monitoringProblems` for every environment.
 */
import { CIS_MONITORING, CisMonitoringId, DOCUMENTED_CIS_MONITORING } from '../catalog/cis-monitoring';
import type { SnapshotDeliveryFrequency } from '../catalog/aws-config';

/** Endpoints other than email that SNS delivers the alerts to. */
export interface AlertSubscribersConfig {
  /** Standard SQS queue ARNs (SNS standard topics cannot deliver to FIFO queues). @default [] */
  readonly sqs?: readonly string[];
  /** Lambda function ARNs. @default [] */
  readonly lambda?: readonly string[];
  /** https:// URLs: chat and paging webhooks (they must confirm the subscription). @default [] */
  readonly https?: readonly string[];
}

export interface AwsConfigOptions {
  /**
   * Create the AWS Config service-linked role `AWSServiceRoleForConfig`. Set false in an account
   * where it exists already (creating it again fails). @default true
   */
  readonly createServiceLinkedRole?: boolean;
  /** How often Config delivers a configuration snapshot. @default 'TwentyFour_Hours' */
  readonly snapshotDeliveryFrequency?: SnapshotDeliveryFrequency;
  /**
   * Record global resource types (IAM). Only one region of an account should: set false when
   * another region's recorder is the account's home region. @default true
   */
  readonly includeGlobalResourceTypes?: boolean;
}

/** The monitoring fields of an environment's config. */
export interface MonitoringConfig {
  /** Subscribers besides `alertEmails`. */
  readonly alertSubscribers?: AlertSubscribersConfig;
  /** Why this environment's alerts topic may have no subscriber; without it synth refuses that. */
  readonly alertsUnsubscribedReason?: string;
  /** CIS 1.4.0 monitoring rows turned off, each with the reason, e.g. `{ "4.15": "not the Organizations management account" }`. */
  readonly cisMonitoringOff?: Readonly<Partial<Record<CisMonitoringId, string>>>;
  /** AWS Config recorder settings (only for an environment that owns its account's services). */
  readonly awsConfig?: AwsConfigOptions;
}

export const MONITORING_FIELDS = ['alertSubscribers', 'alertsUnsubscribedReason', 'cisMonitoringOff', 'awsConfig'] as const;

export type ReportProblem = (field: string, value: unknown, rule: string, fix?: string) => void;

interface EndpointRule {
  readonly pattern: RegExp;
  readonly rule: string;
  /** A second rule the endpoint must not break, e.g. FIFO queues. */
  readonly not?: { readonly pattern: RegExp; readonly rule: string };
}

const REGION = '[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]';
export const ENDPOINT_RULES: Readonly<Record<keyof AlertSubscribersConfig, EndpointRule>> = {
  sqs: {
    pattern: new RegExp(`^arn:aws[a-z-]*:sqs:${REGION}:[0-9]{12}:[A-Za-z0-9_-]{1,80}(\\.fifo)?$`),
    rule: 'be an SQS queue ARN such as arn:aws:sqs:us-east-1:123456789012:security-alerts',
    not: { pattern: /\.fifo$/, rule: 'not be a FIFO queue (a standard SNS topic cannot deliver to one); use a standard queue' },
  },
  lambda: {
    pattern: new RegExp(`^arn:aws[a-z-]*:lambda:${REGION}:[0-9]{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$`),
    rule: 'be a Lambda function ARN such as arn:aws:lambda:us-east-1:123456789012:function:page-oncall',
  },
  https: {
    pattern: /^https:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?(\/[^\s@]*)?$/,
    rule: 'be an https:// URL such as https://hooks.example.gov/security, without user or password (SNS only delivers over TLS to an endpoint that confirms)',
  },
};

const FREQUENCIES: readonly SnapshotDeliveryFrequency[] = ['One_Hour', 'Three_Hours', 'Six_Hours', 'Twelve_Hours', 'TwentyFour_Hours'];

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A reason: a sentence of at least 10 characters. */
export function isReason(value: unknown): boolean {
  return typeof value === 'string' && value.trim().length >= 10;
}

/**
 * Check the monitoring fields of `environments.<name>` (`env`, the raw object) and report each
 * problem: bad endpoints, rows or settings, and a topic nobody would read.
 */
export function monitoringProblems(name: string, env: Record<string, unknown>, bad: ReportProblem): void {
  const at = `environments.${name}`;
  let subscriberCount = Array.isArray(env.alertEmails) ? env.alertEmails.length : 0;

  const subs = env.alertSubscribers;
  if (subs !== undefined) {
    if (!isObject(subs)) bad(`${at}.alertSubscribers`, subs, 'be an object with sqs, lambda and/or https lists');
    else {
      for (const [kind, list] of Object.entries(subs)) {
        const field = `${at}.alertSubscribers.${kind}`;
        const rule = ENDPOINT_RULES[kind as keyof AlertSubscribersConfig];
        if (!rule) {
          bad(field, list, 'be one of the known kinds (sqs, lambda, https); email addresses go in alertEmails', 'Check the spelling.');
          continue;
        }
        if (!Array.isArray(list)) {
          bad(field, list, `be a list; each item must ${rule.rule}`);
          continue;
        }
        const seen = new Set<string>();
        list.forEach((v, i) => {
          if (typeof v !== 'string' || !rule.pattern.test(v)) bad(`${field}[${i}]`, v, rule.rule);
          else if (rule.not && rule.not.pattern.test(v)) bad(`${field}[${i}]`, v, rule.not.rule);
          else if (seen.has(v)) bad(`${field}[${i}]`, v, 'not repeat an endpoint already in the list');
          else {
            seen.add(v);
            subscriberCount++;
          }
        });
      }
    }
  }

  const reason = env.alertsUnsubscribedReason;
  if (reason !== undefined && !isReason(reason)) {
    bad(`${at}.alertsUnsubscribedReason`, reason, 'be a sentence of at least 10 characters saying why nobody receives the alerts');
  }
  // A malformed alertEmails is reported as such already.
  const emailsReadable = env.alertEmails === undefined || Array.isArray(env.alertEmails);
  if (subscriberCount === 0 && reason === undefined && emailsReadable) {
    bad(
      `${at}.alertEmails`,
      env.alertEmails,
      `list at least one subscriber: the ${name} security alerts topic would have none, so its CIS alarms, GuardDuty findings and cost alerts would go unread (and Security Hub fails CloudWatch.1 and .4-.14)`,
      `Add one, e.g. "alertEmails": ["secops@example.gov"] or "alertSubscribers": { "https": ["https://hooks.example.gov/security"] } in environments.${name}; ` +
        `or, if nobody should, say why in "alertsUnsubscribedReason".`,
    );
  }

  const off = env.cisMonitoringOff;
  if (off !== undefined) {
    if (!isObject(off))
      bad(
        `${at}.cisMonitoringOff`,
        off,
        'be an object from CIS number to reason, e.g. { "4.15": "not the Organizations management account" }',
      );
    else {
      for (const [cis, why] of Object.entries(off)) {
        const field = `${at}.cisMonitoringOff.${cis}`;
        const row = CIS_MONITORING.find((c) => c.cis === cis);
        if (!row) bad(field, why, `name a CIS 1.4.0 monitoring row (${CIS_MONITORING.map((c) => c.cis).join(', ')})`);
        else if ((DOCUMENTED_CIS_MONITORING as readonly string[]).includes(cis)) {
          bad(field, why, `not turn off ${cis} (${row.title}): its alarm is one of the module's documented resources`, 'Remove it.');
        } else if (!isReason(why)) bad(field, why, 'be the reason, a sentence of at least 10 characters');
      }
    }
  }

  const cfg = env.awsConfig;
  if (cfg !== undefined) {
    const known = ['createServiceLinkedRole', 'snapshotDeliveryFrequency', 'includeGlobalResourceTypes'];
    if (!isObject(cfg)) bad(`${at}.awsConfig`, cfg, `be an object with ${known.join(', ')}`);
    else {
      refuseOnSharedAccount(name, env, 'awsConfig', 'the recorder exists once per account and region', bad);
      for (const [k, v] of Object.entries(cfg)) {
        const field = `${at}.awsConfig.${k}`;
        if (!known.includes(k)) bad(field, v, `be one of the known fields (${known.join(', ')})`, 'Check the spelling.');
        else if (k === 'snapshotDeliveryFrequency') {
          if (!(FREQUENCIES as readonly unknown[]).includes(v)) bad(field, v, `be one of ${FREQUENCIES.join(', ')}`);
        } else if (typeof v !== 'boolean') bad(field, v, 'be true or false');
      }
    }
  }
}

/** Report `environments.<name>.<field>` when the environment leaves its account's services to another (`why`: what exists once per account). */
export function refuseOnSharedAccount(name: string, env: Record<string, unknown>, field: string, why: string, bad: ReportProblem): void {
  const owner = env.accountServicesOwner;
  if (owner === undefined) return;
  bad(
    `environments.${name}.${field}`,
    env[field],
    `not be set on an environment with accountServicesOwner (${why} and belongs to ${String(owner)})`,
    `Move it to environments.${String(owner)}.`,
  );
}

/** Every subscriber of the environment's alerts topic, emails first. */
export function alertSubscribers(
  env: { readonly alertEmails?: readonly string[] } & MonitoringConfig,
): { protocol: 'email' | 'sqs' | 'lambda' | 'https'; endpoint: string }[] {
  return [
    ...(env.alertEmails ?? []).map((endpoint) => ({ protocol: 'email' as const, endpoint })),
    ...(['sqs', 'lambda', 'https'] as const).flatMap((protocol) =>
      (env.alertSubscribers?.[protocol] ?? []).map((endpoint) => ({ protocol, endpoint })),
    ),
  ];
}
