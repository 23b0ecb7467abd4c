/**
 * The control catalogue: every CIS AWS Foundations 1.4.0 and AWS Foundational Security Best
 * Practices (FSBP) control this project addresses, titled in Security Hub's words (its
 * `<service>-controls` pages), with the standards each belongs to (control-standards.ts). A row either
 * checks a synthesized stack (a function over its Terraform JSON, by resource type) or says
 * what the user must do outside this project. It is the single source of the check at synth
 * (check.ts), `npm run compliance` (report.ts) and the README's compliance table.
 *
 * It reads the CIS rows and the password policy bounds from src/catalog, like the config does.
 */
import type { EnvironmentSettings } from '../config/plan';
import { CIS_MONITORING, CisMonitoringControl } from '../catalog/cis-monitoring';
import { WAIVABLE_CONTROL_IDS } from '../catalog/controls';
import { PASSWORD_POLICY_BOUNDS } from '../catalog/password-policy';
import { standardsOf } from './control-standards';
import { guardDutyPlanControls } from './guardduty-controls';
import { StandardMembership } from './standards';

/** A resource block of a synthesized stack. */
export type Block = Record<string, unknown>;

/** A synthesized stack's Terraform JSON (cdk.tf.json), the parts the checks read. */
export interface StackJson {
  readonly resource?: Record<string, Record<string, Block>>;
  readonly output?: Record<string, { value?: unknown }>;
  /** The providers (`aws`: the default one and the aliased ones of other regions) and variables, to tell a resource's region. */
  readonly provider?: { readonly aws?: readonly { readonly alias?: string; readonly region?: unknown }[] };
  readonly variable?: Record<string, { readonly default?: unknown }>;
}

/** Why a check found a stack short of a control: the resource (address) and what is wrong. */
export interface Finding {
  readonly resource: string;
  readonly problem: string;
}

interface ControlBase {
  /** Security Hub control ID, e.g. `EC2.7`. */
  readonly id: string;
  /** The standards it belongs to, with its requirement numbers there (CONTROL_STANDARDS). */
  readonly standards: StandardMembership;
  /** Its title in Security Hub's words. */
  readonly title: string;
}

/** A control a stack of this project satisfies, checked over its JSON. */
export interface CheckedControl extends ControlBase {
  readonly kind: 'checked';
  /** The stack that satisfies it: the environment's security stack, or its logs stack. */
  readonly stack: 'security' | 'logs';
  /** `account`: once per account, in the stack owning the account services (`accountServicesOwner`). */
  readonly scope: 'account' | 'environment';
  /** What is missing; empty when the stack satisfies the control. */
  readonly check: (tf: StackJson) => Finding[];
  /** How to make the stack satisfy it again. */
  readonly fix: string;
  /** The config switch that turns the feature off, with its reason (a waiver by itself). */
  readonly turnedOffBy?: (env: EnvironmentSettings) => string | undefined;
  /** What the report adds to the status, e.g. a covered region where GuardDuty does not offer the plan. */
  readonly notes?: (tf: StackJson) => string[];
}

/** A control only the user can satisfy, outside this project. */
export interface ActionControl extends ControlBase {
  readonly kind: 'action';
  readonly action: string;
}

export type Control = CheckedControl | ActionControl;

// ---- reading the JSON

/** The resources of `type`, as `[address, block]`. */
export function resourcesOf(tf: StackJson, type: string): [string, Block][] {
  return Object.entries(tf.resource?.[type] ?? {}).map(([name, block]) => [`${type}.${name}`, block]);
}

/** Terraform JSON nests blocks as lists; the first (or the object itself). */
function first(value: unknown): Block {
  return ((Array.isArray(value) ? value[0] : value) ?? {}) as Block;
}

/** Whether `value` is (or interpolates) a reference to the resource `address`. */
export function references(value: unknown, address: string): boolean {
  return typeof value === 'string' && new RegExp(`\\$\\{${address.replace(/\./g, '\\.')}[.}]`).test(value);
}

/** One finding when no resource of `type` exists, else the findings of `each` over them. */
function each(tf: StackJson, type: string, missing: string, problems: (b: Block, address: string) => string[]): Finding[] {
  const all = resourcesOf(tf, type);
  if (all.length === 0) return [{ resource: type, problem: missing }];
  return all.flatMap(([address, b]) => problems(b, address).map((problem) => ({ resource: address, problem })));
}

/** Findings unless at least one resource of `type` passes (an account needs one, e.g. one trail). */
function some(tf: StackJson, type: string, missing: string, problems: (b: Block, address: string) => string[]): Finding[] {
  const all = each(tf, type, missing, problems);
  const failing = new Set(all.map((f) => f.resource));
  return resourcesOf(tf, type).some(([a]) => !failing.has(a)) ? [] : all;
}

const isTrue = (b: Block, attr: string) => (b[attr] === true ? [] : [`${attr} is ${JSON.stringify(b[attr])}, not true`]);
const isSet = (b: Block, attr: string) => (typeof b[attr] === 'string' && (b[attr] as string).length > 0 ? [] : [`${attr} is not set`]);

/** The buckets the logs stack's `bucket_id` output names: the trail's bucket. */
function trailBuckets(tf: StackJson): string[] {
  const value = tf.output?.bucket_id?.value;
  return resourcesOf(tf, 'aws_s3_bucket')
    .map(([a]) => a)
    .filter((a) => references(value, a));
}

function trailBucketFindings(tf: StackJson, problems: (bucket: string) => string[]): Finding[] {
  const buckets = trailBuckets(tf);
  if (buckets.length === 0) return [{ resource: 'output.bucket_id', problem: 'names no aws_s3_bucket of this stack' }];
  return buckets.flatMap((bucket) => problems(bucket).map((problem) => ({ resource: bucket, problem })));
}

const PUBLIC_ACCESS_SETTINGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];

/** The metric filter and alarm of a CIS 4.x row, on the trail's log group, alarming into a subscribed topic. */
function monitoringFindings(tf: StackJson, row: CisMonitoringControl): Finding[] {
  const filters = resourcesOf(tf, 'aws_cloudwatch_log_metric_filter').filter(([, f]) => f.pattern === row.filterPattern);
  if (filters.length === 0)
    return [
      {
        resource: 'aws_cloudwatch_log_metric_filter',
        problem: `no metric filter with the pattern Security Hub requires for CIS ${row.cis}`,
      },
    ];
  const trailGroups = resourcesOf(tf, 'aws_cloudtrail').map(([, t]) => String(t.cloud_watch_logs_group_arn ?? ''));
  const findings: Finding[] = [];
  for (const [address, f] of filters) {
    const group = resourcesOf(tf, 'aws_cloudwatch_log_group').find(([a]) => references(f.log_group_name, a));
    if (!group || !trailGroups.some((g) => references(g, group[0]))) {
      findings.push({ resource: address, problem: 'is not on the log group the trail delivers to' });
      continue;
    }
    const metric = first(f.metric_transformation);
    const alarms = resourcesOf(tf, 'aws_cloudwatch_metric_alarm').filter(
      ([, a]) => a.metric_name === metric.name && a.namespace === metric.namespace,
    );
    if (alarms.length === 0) {
      findings.push({ resource: address, problem: `no alarm on its metric ${String(metric.name)}` });
      continue;
    }
    const subscribed = (topic: string) => resourcesOf(tf, 'aws_sns_topic_subscription').some(([, s]) => references(s.topic_arn, topic));
    const ok = alarms.some(([, a]) =>
      ((a.alarm_actions ?? []) as unknown[]).some((action) =>
        resourcesOf(tf, 'aws_sns_topic').some(([topic]) => references(action, topic) && subscribed(topic)),
      ),
    );
    if (ok) return [];
    findings.push({ resource: alarms[0][0], problem: 'alarms into no SNS topic that has a subscriber' });
  }
  return findings;
}

// ---- the catalogue

const ACCOUNT_OWNER_FIX = 'it is created by the stack owning the account services';

/** A row before its standards are attached from CONTROL_STANDARDS. */
type Row = Omit<CheckedControl, 'standards'> | Omit<ActionControl, 'standards'>;

const ROWS: readonly Row[] = [
  {
    kind: 'checked',
    id: 'CloudTrail.1',
    stack: 'security',
    scope: 'environment',
    title:
      'CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events',
    check: (tf) =>
      some(tf, 'aws_cloudtrail', 'no trail', (t) => {
        const mgmt = ((t.advanced_event_selector ?? []) as Block[]).some(
          (s) =>
            ((s.field_selector ?? []) as Block[]).some(
              (f) => f.field === 'eventCategory' && JSON.stringify(f.equals ?? f.equal_to) === '["Management"]',
            ) && !((s.field_selector ?? []) as Block[]).some((f) => f.field === 'readOnly'),
        );
        return [
          ...isTrue(t, 'is_multi_region_trail'),
          ...(t.include_global_service_events === false ? ['include_global_service_events is false'] : []),
          ...(mgmt ? [] : ['no advanced event selector of every (read and write) management event']),
        ];
      }),
    fix: 'Keep the module trail multi-region with read and write management events (src/security/cloudtrail.ts).',
  },
  {
    kind: 'checked',
    id: 'CloudTrail.2',
    stack: 'security',
    scope: 'environment',
    title: 'CloudTrail should have encryption at-rest enabled',
    check: (tf) => each(tf, 'aws_cloudtrail', 'no trail', (t) => isSet(t, 'kms_key_id')),
    fix: 'Give the trail the module key (kms_key_id).',
  },
  {
    kind: 'checked',
    id: 'CloudTrail.4',
    stack: 'security',
    scope: 'environment',
    title: 'CloudTrail log file validation should be enabled',
    check: (tf) => each(tf, 'aws_cloudtrail', 'no trail', (t) => isTrue(t, 'enable_log_file_validation')),
    fix: 'Set enable_log_file_validation on the trail.',
  },
  {
    kind: 'checked',
    id: 'CloudTrail.5',
    stack: 'security',
    scope: 'environment',
    title: 'CloudTrail trails should be integrated with Amazon CloudWatch Logs',
    check: (tf) =>
      each(tf, 'aws_cloudtrail', 'no trail', (t) => [...isSet(t, 'cloud_watch_logs_group_arn'), ...isSet(t, 'cloud_watch_logs_role_arn')]),
    fix: 'Deliver the trail to its log group (cloud_watch_logs_group_arn, cloud_watch_logs_role_arn).',
  },
  {
    kind: 'checked',
    id: 'CloudTrail.6',
    stack: 'logs',
    scope: 'environment',
    title: 'Ensure the S3 bucket used to store CloudTrail logs is not publicly accessible',
    check: (tf) =>
      trailBucketFindings(tf, (bucket) => {
        const blocks = resourcesOf(tf, 'aws_s3_bucket_public_access_block').filter(([, b]) => references(b.bucket, bucket));
        if (blocks.length === 0) return ['has no aws_s3_bucket_public_access_block'];
        return blocks.flatMap(([, b]) => PUBLIC_ACCESS_SETTINGS.flatMap((s) => isTrue(b, s)));
      }),
    fix: 'Keep secureBucket() on the logs bucket (src/security/s3.ts): all four public access settings on.',
  },
  {
    kind: 'checked',
    id: 'CloudTrail.7',
    stack: 'logs',
    scope: 'environment',
    title: 'Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket',
    check: (tf) =>
      trailBucketFindings(tf, (bucket) => {
        const logging = resourcesOf(tf, 'aws_s3_bucket_logging').filter(([, l]) => references(l.bucket, bucket));
        if (logging.length === 0) return ['has no aws_s3_bucket_logging'];
        return logging.some(([, l]) => typeof l.target_bucket === 'string' && !references(l.target_bucket, bucket))
          ? []
          : ['logs its access into itself or nowhere'];
      }),
    fix: 'Keep the access-logs bucket of LogsBucket (accessLogsBucketName, src/security/logs-bucket.ts).',
  },
  ...CIS_MONITORING.filter((row) => row.securityHubControl !== undefined).map((row): Row => ({
    kind: 'checked',
    id: row.securityHubControl as string,
    stack: 'security',
    scope: 'environment',
    title: row.securityHubTitle ?? row.title,
    check: (tf) => monitoringFindings(tf, row),
    fix: `Keep CIS ${row.cis} on (cisMonitoringOff) and give the alerts topic a subscriber (alertEmails, alertSubscribers).`,
    turnedOffBy: (env) =>
      env.cisMonitoringOff?.[row.cis] ??
      (env.alertsUnsubscribedReason ? `the alerts topic has no subscriber: ${env.alertsUnsubscribedReason}` : undefined),
  })),
  {
    kind: 'checked',
    id: 'Config.1',
    stack: 'security',
    scope: 'account',
    title: 'AWS Config should be enabled and use the service-linked role for resource recording',
    check: (tf) => [
      ...some(tf, 'aws_config_configuration_recorder', 'no recorder', (r) => {
        const group = first(r.recording_group);
        return [
          ...isTrue(group, 'all_supported').map((p) => `recording_group.${p}`),
          ...(typeof r.role_arn === 'string' &&
          (r.role_arn.includes('aws_iam_service_linked_role.') || r.role_arn.includes('AWSServiceRoleForConfig'))
            ? []
            : ['role_arn is not the service-linked role AWSServiceRoleForConfig']),
        ];
      }),
      ...some(tf, 'aws_config_configuration_recorder_status', 'no recorder status (the recorder is off)', (s) => isTrue(s, 'is_enabled')),
    ],
    fix: `Keep the ConfigRecorder of the module (${ACCOUNT_OWNER_FIX}).`,
  },
  {
    kind: 'checked',
    id: 'EC2.7',
    stack: 'security',
    scope: 'account',
    title: 'EBS default encryption should be enabled',
    // Every covered region's setting (RegionalBaseline creates one per region).
    check: (tf) =>
      each(tf, 'aws_ebs_encryption_by_default', 'no EBS encryption by default', (e) => (e.enabled === false ? ['enabled is false'] : [])),
    fix: 'Remove accountControls.off.ebsEncryption (src/security/ebs-encryption.ts).',
    turnedOffBy: (env) => env.accountControls?.off?.ebsEncryption,
  },
  {
    kind: 'checked',
    id: 'GuardDuty.1',
    stack: 'security',
    scope: 'account',
    title: 'GuardDuty should be enabled',
    check: (tf) => some(tf, 'aws_guardduty_detector', 'no GuardDuty detector', (d) => (d.enable === false ? ['enable is false'] : [])),
    fix: `Keep the ThreatDetection of the module (${ACCOUNT_OWNER_FIX}).`,
  },
  ...guardDutyPlanControls(),
  ...passwordPolicyControls(),
  {
    kind: 'checked',
    id: 'IAM.18',
    stack: 'security',
    scope: 'account',
    title: 'Ensure a support role has been created to manage incidents with AWS Support',
    check: (tf) => {
      const attached = resourcesOf(tf, 'aws_iam_role_policy_attachment').some(
        ([, a]) => typeof a.policy_arn === 'string' && a.policy_arn.endsWith(':iam::aws:policy/AWSSupportAccess'),
      );
      return attached ? [] : [{ resource: 'aws_iam_role_policy_attachment', problem: 'no role has AWSSupportAccess attached' }];
    },
    fix: 'Remove accountControls.off.supportRole (src/security/support-role.ts).',
    turnedOffBy: (env) => env.accountControls?.off?.supportRole,
  },
  {
    kind: 'checked',
    id: 'IAM.28',
    stack: 'security',
    scope: 'account',
    title: 'IAM Access Analyzer external access analyzer should be enabled',
    check: (tf) =>
      each(tf, 'aws_accessanalyzer_analyzer', 'no IAM Access Analyzer', (a) =>
        ['ACCOUNT', 'ORGANIZATION', undefined].includes(a.type as string)
          ? []
          : [`type is ${String(a.type)}, not an external access analyzer`],
      ),
    fix: 'Remove accountControls.off.accessAnalyzer (src/security/access-analyzer.ts).',
    turnedOffBy: (env) => env.accountControls?.off?.accessAnalyzer,
  },
  {
    kind: 'checked',
    id: 'KMS.4',
    stack: 'security',
    scope: 'environment',
    title: 'AWS KMS key rotation should be enabled',
    check: (tf) => each(tf, 'aws_kms_key', 'no KMS key', (k) => isTrue(k, 'enable_key_rotation')),
    fix: 'Set enable_key_rotation on every customer managed key (src/security/kms.ts).',
  },
  {
    kind: 'checked',
    id: 'S3.1',
    stack: 'security',
    scope: 'account',
    title: 'S3 general purpose buckets should have block public access settings enabled',
    check: (tf) =>
      some(tf, 'aws_s3_account_public_access_block', 'no account-level S3 Block Public Access', (b) =>
        PUBLIC_ACCESS_SETTINGS.flatMap((s) => isTrue(b, s)),
      ),
    fix: 'Remove accountControls.off.s3AccountPublicAccess (src/security/s3-account-public-access.ts).',
    turnedOffBy: (env) => env.accountControls?.off?.s3AccountPublicAccess,
  },
  // ---- controls no module can satisfy
  action(
    'IAM.1',
    'IAM policies should not allow full "*" administrative privileges',
    'Replace customer managed policies that allow "*" on "*" with least-privilege ones.',
  ),
  action(
    'IAM.3',
    "IAM users' access keys should be rotated every 90 days or less",
    'Rotate IAM user access keys at least every 90 days (better: use roles and IAM Identity Center).',
  ),
  action('IAM.4', 'IAM root user access key should not exist', 'Delete any access key of the root user.'),
  action(
    'IAM.5',
    'MFA should be enabled for all IAM users that have a console password',
    'Give every IAM user with a console password an MFA device.',
  ),
  action('IAM.6', 'Hardware MFA should be enabled for the root user', 'Register a hardware MFA device for the root user.'),
  action('IAM.9', 'MFA should be enabled for the root user', 'Register an MFA device for the root user.'),
  action('IAM.22', 'IAM user credentials unused for 45 days should be removed', 'Deactivate passwords and access keys unused for 45 days.'),
  action(
    'RDS.3',
    'RDS DB instances should have encryption at-rest enabled',
    "Create databases with storage_encrypted and kms_key_id = this stack's kms_key_arn output.",
  ),
  action(
    'S3.5',
    'S3 general purpose buckets should require requests to use SSL',
    "Give every other bucket a policy denying aws:SecureTransport = false (this project's buckets have one).",
  ),
  action(
    'S3.8',
    'S3 general purpose buckets should block public access (bucket level)',
    "Turn on all four Block Public Access settings on every other bucket (this project's buckets have them).",
  ),
  action(
    'S3.20',
    'S3 general purpose buckets should have MFA delete enabled',
    "Turn on MFA delete with the root user's credentials (Terraform cannot).",
  ),
  action(
    'EC2.2',
    'VPC default security groups should not allow inbound or outbound traffic',
    "Remove every rule of each VPC's default security group.",
  ),
  action('EC2.6', 'VPC flow logging should be enabled in all VPCs', 'Turn on flow logs (rejected traffic at least) in every VPC.'),
  action(
    'EC2.21',
    'Network ACLs should not allow ingress from 0.0.0.0/0 to port 22 or port 3389',
    'Remove NACL rules admitting 0.0.0.0/0 to ports 22 and 3389.',
  ),
];

function action(id: string, title: string, what: string): Row {
  return { kind: 'action', id, title, action: what };
}

/** IAM.7 (FSBP), IAM.15 and IAM.16 (CIS 1.4.0) read the one password policy. */
function passwordPolicyControls(): Row[] {
  const policy = (problems: (p: Block) => string[]) => (tf: StackJson) =>
    some(tf, 'aws_iam_account_password_policy', 'no IAM account password policy', problems);
  const base = {
    kind: 'checked',
    stack: 'security',
    scope: 'account',
    fix: 'Remove accountControls.off.passwordPolicy and keep accountControls.passwordPolicy within the CIS bounds (src/security/password-policy.ts).',
    turnedOffBy: (env: EnvironmentSettings) => env.accountControls?.off?.passwordPolicy,
  } as const;
  const atLeast = (p: Block, attr: string, min: number) =>
    typeof p[attr] === 'number' && (p[attr] as number) >= min ? [] : [`${attr} is ${JSON.stringify(p[attr])}, below ${min}`];
  return [
    {
      ...base,
      id: 'IAM.7',
      title: 'Password policies for IAM users should have strong configurations',
      check: policy((p) => [
        ...['require_uppercase_characters', 'require_lowercase_characters', 'require_numbers', 'require_symbols'].flatMap((a) =>
          isTrue(p, a),
        ),
        ...atLeast(p, 'minimum_password_length', 8),
      ]),
    },
    {
      ...base,
      id: 'IAM.15',
      title: 'Ensure IAM password policy requires minimum password length of 14 or greater',
      check: policy((p) => atLeast(p, 'minimum_password_length', PASSWORD_POLICY_BOUNDS.minimumLength.min)),
    },
    {
      ...base,
      id: 'IAM.16',
      title: 'Ensure IAM password policy prevents password reuse',
      check: policy((p) => atLeast(p, 'password_reuse_prevention', PASSWORD_POLICY_BOUNDS.reusePrevention.min)),
    },
  ];
}

/** The catalogue: the rows with their standards. */
export const CONTROLS: readonly Control[] = ROWS.map((r): Control => {
  const standards = standardsOf(r.id);
  return r.kind === 'checked' ? { ...r, standards } : { ...r, standards };
});

/**
 * The config checks waivers against WAIVABLE_CONTROL_IDS (src/catalog/controls.ts), which cannot
 * read this catalogue: refuse to load when the two differ, so that a waiver can name every
 * checked control and nothing else.
 */
const checkedIds = CONTROLS.filter((c) => c.kind === 'checked').map((c) => c.id);
if (checkedIds.join(',') !== WAIVABLE_CONTROL_IDS.join(',')) {
  throw new Error(
    `src/catalog/controls.ts WAIVABLE_CONTROL_IDS = ${JSON.stringify(WAIVABLE_CONTROL_IDS)}: must be the checked controls of ` +
      `src/compliance/controls.ts in their order, ${JSON.stringify(checkedIds)}. Add, remove or reorder the IDs there to match.`,
  );
}
