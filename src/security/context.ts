/**
 * What every service construct of the security module needs to know about where it runs.
 * Values may be literals or Terraform expressions (`var.environment`): the constructs build
 * names and ARNs as Terraform string templates, so they work either way.
 */
import { Construct } from 'constructs';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';

export interface SecurityContext {
  /** `project_name`: prefix of every resource name. */
  readonly projectName: string;
  /** `environment`: dev, staging or prod. */
  readonly environment: string;
  /** `account_id`: the account every policy is limited to. */
  readonly accountId: string;
  /** `aws_region`: the region the stack deploys to. */
  readonly awsRegion: string;
  /** The ARN partition (`aws`, `aws-us-gov`, `aws-cn`), from `data.aws_partition`. */
  readonly partition: string;
}

/**
 * `arn:<partition>:<service>:<region>:<account>:<resource>` in this context; `region` and
 * `account` default to the context's and may be set to `''` (global services) or `'*'`.
 */
export function arnOf(ctx: SecurityContext, service: string, resource: string, opts: { region?: string; account?: string } = {}): string {
  return `arn:${ctx.partition}:${service}:${opts.region ?? ctx.awsRegion}:${opts.account ?? ctx.accountId}:${resource}`;
}

/** The account's root principal, which delegates to IAM policies in the account. */
export function accountRoot(ctx: SecurityContext): string {
  return `arn:${ctx.partition}:iam::${ctx.accountId}:root`;
}

/** ARN of a CloudWatch Logs log group, as used in KMS encryption contexts and resource policies. */
export function logGroupArn(ctx: SecurityContext, name: string): string {
  return arnOf(ctx, 'logs', `log-group:${name}`);
}

/** `<service>.<region>.amazonaws.com`, the regional form some service principals take. */
export function regionalServicePrincipal(ctx: SecurityContext, service: string): string {
  return `${service}.${ctx.awsRegion}.amazonaws.com`;
}

/**
 * The names the module gives its resources, in one place: some are needed before the
 * resource exists (the key policy names the trail and the log groups it may serve).
 */
export function resourceNames(ctx: SecurityContext) {
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
    metricNamespace: `${p}/${e}/Security`,
    dbSecret: `${p}/${e}/db-credentials`,
    jwtSecret: `${p}/${e}/jwt-secret`,
    costMonitor: `${p}-${e}-service-spend`,
    costAlerts: `${p}-${e}-cost-anomalies`,
  };
}

/** `data.aws_partition.current`'s partition (read from the provider's region, no AWS call). */
export function currentPartition(scope: Construct): string {
  const partition = new DataAwsPartition(scope, 'partition');
  partition.overrideLogicalId('current');
  return partition.partition;
}
