/**
 * The names the security module gives its resources and AWS's length limit of each: the
 * constructs name their resources with them, and the config derives the longest allowed
 * `project_name` from them. Values may be literals or Terraform expressions (`var.environment`).
 */

/** What every name is made of (a SecurityContext has both). */
export interface NameParts {
  /** `project_name`: prefix of every resource name. */
  readonly projectName: string;
  /** `environment`: dev, staging or prod. */
  readonly environment: string;
}

/**
 * The names the module gives its resources, in one place: some are needed before the
 * resource exists (the key policy names the trail and the log groups it may serve).
 */
export function resourceNames(ctx: NameParts) {
  const p = ctx.projectName;
  const e = ctx.environment;
  return {
    keyAlias: `alias/${p}-${e}`,
    trail: `${p}-audit-trail-${e}`,
    trailLogGroup: `/aws/cloudtrail/${p}-${e}`,
    trailLogsRole: `${p}-${e}-cloudtrail-to-logs`,
    webAcl: `${p}-waf-${e}`,
    /** WAF only logs to destinations whose name starts with `aws-waf-logs-`. */
    wafLogGroup: `aws-waf-logs-${p}-${e}`,
    wafLogDeliveryPolicy: `${p}-${e}-waf-log-delivery`,
    alertsTopic: `${p}-security-alerts-${e}`,
    guardDutyRule: `${p}-${e}-guardduty-high-severity`,
    /** GuardDuty findings of the other covered regions, as Security Hub aggregates them. */
    guardDutyLinkedRule: `${p}-${e}-guardduty-high-linked`,
    metricNamespace: `${p}/${e}/Security`,
    dbSecret: `${p}/${e}/db-credentials`,
    jwtSecret: `${p}/${e}/jwt-secret`,
    costMonitor: `${p}-${e}-service-spend`,
    costAlerts: `${p}-${e}-cost-anomalies`,
    supportRole: `${p}-${e}-support`,
    accessAnalyzer: `${p}-${e}-account`,
  };
}

export type ResourceNameKey = keyof ReturnType<typeof resourceNames>;

export interface NameLimit {
  /** What AWS calls the name, for messages. */
  readonly resource: string;
  /** The most characters AWS accepts (per the service's API reference). */
  readonly maxLength: number;
}

/**
 * AWS's length limit of every name in `resourceNames` (a new name needs an entry; `null`:
 * AWS documents none). The longest `project_name` the variable rule allows is derived from
 * these.
 */
export const NAME_LIMITS: Readonly<Record<ResourceNameKey, NameLimit | null>> = {
  keyAlias: { resource: 'KMS alias name', maxLength: 256 },
  trail: { resource: 'CloudTrail trail name', maxLength: 128 },
  trailLogGroup: { resource: 'CloudWatch Logs log group name', maxLength: 512 },
  trailLogsRole: { resource: 'IAM role name', maxLength: 64 },
  webAcl: { resource: 'WAF web ACL name', maxLength: 128 },
  wafLogGroup: { resource: 'CloudWatch Logs log group name', maxLength: 512 },
  // PutResourcePolicy documents no length limit for policyName.
  wafLogDeliveryPolicy: null,
  alertsTopic: { resource: 'SNS topic name', maxLength: 256 },
  guardDutyRule: { resource: 'EventBridge rule name', maxLength: 64 },
  guardDutyLinkedRule: { resource: 'EventBridge rule name', maxLength: 64 },
  metricNamespace: { resource: 'CloudWatch metric namespace', maxLength: 255 },
  dbSecret: { resource: 'Secrets Manager secret name', maxLength: 512 },
  jwtSecret: { resource: 'Secrets Manager secret name', maxLength: 512 },
  // Cost Explorer names allow 1024 characters.
  costMonitor: { resource: 'Cost anomaly monitor name', maxLength: 1024 },
  // The subscriptions append `-immediate`, `-daily` or `-weekly`.
  costAlerts: { resource: 'Cost anomaly subscription name', maxLength: 1024 - '-immediate'.length },
  supportRole: { resource: 'IAM role name', maxLength: 64 },
  accessAnalyzer: { resource: 'Access Analyzer analyzer name', maxLength: 255 },
};

/** The names that have a documented limit, with it. */
export function limitedNames(): [ResourceNameKey, NameLimit][] {
  return Object.entries(NAME_LIMITS).flatMap(([k, limit]) => (limit ? [[k as ResourceNameKey, limit]] : []));
}
