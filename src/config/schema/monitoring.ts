/**
 * What watches an environment: who receives its security alerts (besides `alertEmails`),
 * which CIS monitoring rows it turns off (and why), and its AWS Config recorder.
 */
import { z } from 'zod';
import { CIS_MONITORING, DOCUMENTED_CIS_MONITORING } from '../../catalog/cis-monitoring';
import { SNAPSHOT_DELIVERY_FREQUENCIES } from '../../catalog/aws-config';
import { bool, doc, must, noRepeats, reason, strict, Immutable } from './common';
import { managedElsewhereField } from './adopt';

const REGION = '[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]';

interface EndpointKind {
  readonly pattern: RegExp;
  readonly rule: string;
  /** A second rule the endpoint must not break, e.g. FIFO queues. */
  readonly not?: { readonly pattern: RegExp; readonly rule: string };
  readonly description: string;
}

const ENDPOINT_RULES = {
  sqs: {
    pattern: new RegExp(`^arn:aws[a-z-]*:sqs:${REGION}:[0-9]{12}:[A-Za-z0-9_-]{1,80}(\\.fifo)?$`),
    rule: 'be an SQS queue ARN such as arn:aws:sqs:us-east-1:123456789012:security-alerts',
    not: { pattern: /\.fifo$/, rule: 'not be a FIFO queue (a standard SNS topic cannot deliver to one); use a standard queue' },
    description: 'Standard SQS queue ARNs (SNS standard topics cannot deliver to FIFO queues).',
  },
  lambda: {
    pattern: new RegExp(`^arn:aws[a-z-]*:lambda:${REGION}:[0-9]{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$`),
    rule: 'be a Lambda function ARN such as arn:aws:lambda:us-east-1:123456789012:function:page-oncall',
    description: 'Lambda function ARNs.',
  },
  https: {
    pattern: /^https:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?(\/[^\s@]*)?$/,
    rule: 'be an https:// URL such as https://hooks.example.gov/security, without user or password (SNS only delivers over TLS to an endpoint that confirms)',
    description: 'https:// URLs: chat and paging webhooks (they must confirm the subscription).',
  },
} as const satisfies Record<string, EndpointKind>;

/** A list of endpoints of one kind: each valid, none repeated. */
function endpoints(kind: EndpointKind) {
  const valid = (v: string) => kind.pattern.test(v) && !(kind.not && kind.not.pattern.test(v));
  let item = z.string({ error: must(kind.rule) }).regex(kind.pattern, { error: must(kind.rule), abort: true });
  const not = kind.not;
  if (not) item = item.refine((v) => !not.pattern.test(v), { error: must(not.rule) });
  const list = z
    .array(item, { error: (iss) => (iss.input === undefined ? undefined : must(`be a list; each item must ${kind.rule}`)) })
    .superRefine((l, ctx) => noRepeats(l, ctx, must('not repeat an endpoint already in the list'), valid));
  return doc(list, kind.description, []).optional();
}

const alertSubscribersSchema = strict(
  { sqs: endpoints(ENDPOINT_RULES.sqs), lambda: endpoints(ENDPOINT_RULES.lambda), https: endpoints(ENDPOINT_RULES.https) },
  {
    rule: 'be one of the known kinds (sqs, lambda, https); email addresses go in alertEmails',
    fix: 'Check the spelling.',
    notObject: 'be an object with sqs, lambda and/or https lists',
  },
);

/** The number of valid endpoints (invalid ones have their own problem). */
export function validEndpointCount(subs: AlertSubscribersConfig | undefined): number {
  return (['sqs', 'lambda', 'https'] as const).reduce((n, kind) => {
    const k: EndpointKind = ENDPOINT_RULES[kind];
    return n + new Set((subs?.[kind] ?? []).filter((v) => k.pattern.test(v) && !(k.not && k.not.pattern.test(v)))).size;
  }, 0);
}

const cisRows: Record<string, z.ZodOptional<z.ZodType<string | undefined>>> = {};
for (const row of CIS_MONITORING) {
  const documented = (DOCUMENTED_CIS_MONITORING as readonly string[]).includes(row.cis);
  cisRows[row.cis] = documented
    ? z
        .never({
          error: must(`not turn off ${row.cis} (${row.title}): its alarm is one of the module's documented resources`, 'Remove it.'),
        })
        .optional()
        .meta({ description: `${row.title}: cannot be turned off (one of the module's documented resources).` })
    : doc(reason(), `${row.title}: the reason for turning it off.`).optional();
}

const cisMonitoringOffSchema = strict(cisRows, {
  rule: `name a CIS 1.4.0 monitoring row (${CIS_MONITORING.map((c) => c.cis).join(', ')})`,
  notObject: 'be an object from CIS number to reason, e.g. { "4.15": "not the Organizations management account" }',
});

const awsConfigSchema = strict({
  createServiceLinkedRole: doc(
    bool(),
    'Create the AWS Config service-linked role AWSServiceRoleForConfig; false where it exists already. Must be set (false, usually) with adopt.configRecorderNames.',
    true,
  ).optional(),
  snapshotDeliveryFrequency: doc(
    z.enum(SNAPSHOT_DELIVERY_FREQUENCIES, {
      error: (iss) => (iss.input === undefined ? undefined : must(`be one of ${SNAPSHOT_DELIVERY_FREQUENCIES.join(', ')}`)),
    }),
    'How often AWS Config delivers a configuration snapshot.',
    'TwentyFour_Hours',
  ).optional(),
  includeGlobalResourceTypes: doc(
    bool(),
    "Record global resource types (IAM); false when another region's recorder is the account's home region.",
    true,
  ).optional(),
  managedElsewhere: managedElsewhereField,
});

/** The monitoring fields of an environment. */
export const monitoringShape = {
  alertSubscribers: doc(
    alertSubscribersSchema,
    'Subscribers of the security alerts topic besides alertEmails: sqs, lambda and https lists.',
  ).optional(),
  alertsUnsubscribedReason: doc(
    reason('be a sentence of at least 10 characters saying why nobody receives the alerts'),
    'Why the alerts topic may have no subscriber; without it synth refuses an unsubscribed topic.',
  ).optional(),
  cisMonitoringOff: doc(
    cisMonitoringOffSchema,
    'CIS 1.4.0 monitoring rows turned off, each with the reason, e.g. { "4.15": "not the Organizations management account" }.',
    {},
  ).optional(),
  awsConfig: doc(
    awsConfigSchema,
    "AWS Config recorder settings (only on an environment that owns its account's services). In organization mode they still apply: a member keeps its recorder (delivering to the log archive bucket), or leaves it to Control Tower with managedElsewhere.",
  ).optional(),
};

export type AlertSubscribersConfig = Immutable<z.infer<typeof alertSubscribersSchema>>;
export type AwsConfigOptions = Immutable<z.infer<typeof awsConfigSchema>>;
export type MonitoringConfig = Immutable<z.infer<z.ZodObject<typeof monitoringShape>>>;

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
