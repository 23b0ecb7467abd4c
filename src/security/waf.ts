/**
 * WAF: the regional web ACL (`aws_wafv2_web_acl.govtech`) with AWS managed rule groups and a
 * per-IP rate limit, and its logging. WAF only logs to destinations named `aws-waf-logs-*`,
 * so it logs to a KMS-encrypted log group of that name, or straight to `logs_bucket` when
 * the bucket's name carries the prefix. The choice is made at synth (`logDestination`), not
 * from the bucket name at plan time: a `count` on a name the caller may only know after
 * apply (a bucket created in the same run) cannot be planned.
 */
import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { Wafv2WebAcl, Wafv2WebAclRule, Wafv2WebAclRuleVisibilityConfig } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { arnOf, logGroupArn, SecurityContext } from './context';
import { resourceNames } from '../catalog/resource-names';
import { condition, policyDocument, servicePrincipal } from './iam';
import { SecurityKey } from './kms';
import { WAF_LOG_PREFIX } from './log-writers';
import { checkNumber, checkRetentionDays, RetentionDays, wholeNumberIn } from './validation';

export { WAF_LOG_PREFIX };

export interface ManagedRuleGroup {
  /** Name of the AWS managed rule group (`AWSManagedRules<name>`). */
  readonly name: string;
  readonly priority: number;
  /** What it protects against, for readers of the code and the console. */
  readonly purpose: string;
}

/** The AWS managed rule groups of the web ACL, in evaluation order. */
const MANAGED_RULE_GROUPS: readonly ManagedRuleGroup[] = [
  { name: 'AWSManagedRulesAmazonIpReputationList', priority: 1, purpose: 'Blocks known malicious IPs' },
  { name: 'AWSManagedRulesCommonRuleSet', priority: 2, purpose: 'OWASP Top 10: XSS, path traversal, ...' },
  { name: 'AWSManagedRulesSQLiRuleSet', priority: 3, purpose: 'SQL injection' },
  { name: 'AWSManagedRulesKnownBadInputsRuleSet', priority: 4, purpose: 'Log4Shell, SSRF and other exploit attempts' },
];

/** Requests per window AWS WAF accepts as a rate-based rule's limit (the minimum was 100 until 2024). */
const RATE_LIMIT_RANGE = { min: 10, max: 2_000_000_000 } as const;
/** 2,000,000,000; written out, as toLocaleString would load the locale data (~0.2 s) on every synth. */
const RATE_LIMIT_MAX_TEXT = String(RATE_LIMIT_RANGE.max).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
/** Evaluation windows AWS WAF accepts for a rate-based rule, in seconds. */
const RATE_LIMIT_WINDOWS = [60, 120, 300, 600] as const;
export type RateLimitWindowSeconds = (typeof RATE_LIMIT_WINDOWS)[number];

/** Headers whose values never reach the WAF logs. */
const REDACTED_HEADERS = ['authorization', 'cookie'] as const;

/** Where WAF writes its logs. */
export type WafLogDestination = 'log-group' | 'logs-bucket';

export interface WebApplicationFirewallProps {
  readonly context: SecurityContext;
  /** `logs_bucket`; WAF logs there only with `logDestination: 'logs-bucket'`. */
  readonly logsBucket: string;
  /**
   * `log-group`: a log group `aws-waf-logs-<project>-<env>` made for WAF, whatever the bucket;
   * `logs-bucket`: `logs_bucket` itself, whose name must then start with `aws-waf-logs-`
   * (checked by a precondition at plan).
   * @default 'log-group'
   */
  readonly logDestination?: WafLogDestination;
  /** Key for the WAF log group, which grants itself CloudWatch Logs use of it. */
  readonly key: SecurityKey;
  /** Days the WAF log group keeps requests: one of RetentionDays. */
  readonly logGroupRetentionDays: RetentionDays;
  /** Requests one IP may send per evaluation window before it is blocked: 10 to 2,000,000,000. @default 2000 */
  readonly rateLimit?: number;
  /** Evaluation window of the rate limit in seconds: 60, 120, 300 or 600. @default 300 */
  readonly rateLimitWindowSeconds?: RateLimitWindowSeconds;
  /** Managed rule groups. @default MANAGED_RULE_GROUPS */
  readonly managedRuleGroups?: readonly ManagedRuleGroup[];
}

function visibility(metricName: string): Wafv2WebAclRuleVisibilityConfig {
  return { cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}

export class WebApplicationFirewall extends Construct {
  readonly webAcl: Wafv2WebAcl;
  readonly webAclArn: string;
  readonly logging: Wafv2WebAclLoggingConfiguration;
  /** The log group; none when WAF logs to the bucket. */
  readonly logGroup?: CloudwatchLogGroup;
  /** Name of the WAF log group (the key policy names it whether or not it is created). */
  readonly logGroupName: string;

  constructor(scope: Construct, id: string, props: WebApplicationFirewallProps) {
    super(scope, id);
    this.checkProps(props);
    const ctx = props.context;
    const names = resourceNames(ctx);
    this.webAcl = new Wafv2WebAcl(this, 'govtech', {
      name: names.webAcl,
      description: `${ctx.projectName} ${ctx.environment}: AWS managed rules and a per-IP rate limit`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      rule: webAclRules(props),
      visibilityConfig: visibility(names.webAcl),
    });
    this.webAcl.overrideLogicalId('govtech');
    this.webAclArn = this.webAcl.arn;

    this.logGroupName = names.wafLogGroup;
    if (props.logDestination === 'logs-bucket') {
      this.logging = this.logToBucket(props);
    } else {
      this.logGroup = this.createLogGroup(props);
      this.logging = this.logToLogGroup(props, this.logGroup);
    }
    this.logging.overrideLogicalId('govtech');
  }

  private checkProps(props: WebApplicationFirewallProps): void {
    checkNumber(
      this,
      'rateLimit',
      props.rateLimit,
      wholeNumberIn(RATE_LIMIT_RANGE.min, RATE_LIMIT_RANGE.max),
      `be a whole number of requests from ${RATE_LIMIT_RANGE.min} to ${RATE_LIMIT_MAX_TEXT} (AWS WAF rate-based rule limit)`,
    );
    checkNumber(
      this,
      'rateLimitWindowSeconds',
      props.rateLimitWindowSeconds,
      (v) => (RATE_LIMIT_WINDOWS as readonly number[]).includes(v),
      `be one of the evaluation windows AWS WAF accepts: ${RATE_LIMIT_WINDOWS.join(', ')} seconds`,
    );
    checkRetentionDays(this, 'logGroupRetentionDays', props.logGroupRetentionDays);
  }

  /** Logging straight into `logs_bucket`, whose name a precondition checks at plan. */
  private logToBucket(props: WebApplicationFirewallProps): Wafv2WebAclLoggingConfiguration {
    return new Wafv2WebAclLoggingConfiguration(this, 'govtech_logging', {
      resourceArn: this.webAcl.arn,
      logDestinationConfigs: [`arn:${props.context.partition}:s3:::${props.logsBucket}`],
      redactedFields: redactedFields(),
      lifecycle: {
        precondition: [
          {
            condition: Fn.startswith(props.logsBucket, WAF_LOG_PREFIX),
            errorMessage: `WAF logs to logs_bucket in this configuration, so its name must start with "${WAF_LOG_PREFIX}" (WAF refuses other destinations); "${props.logsBucket}" does not. Use a bucket named ${WAF_LOG_PREFIX}..., or synthesize with WAF logging to its own log group.`,
          },
        ],
      },
    });
  }

  /** The WAF log group, encrypted with the key. */
  private createLogGroup(props: WebApplicationFirewallProps): CloudwatchLogGroup {
    const names = resourceNames(props.context);
    props.key.grantLogGroup(logGroupArn(props.context, names.wafLogGroup));
    const logGroup = new CloudwatchLogGroup(this, 'waf', {
      name: names.wafLogGroup,
      retentionInDays: props.logGroupRetentionDays,
      kmsKeyId: props.key.keyArn,
    });
    logGroup.overrideLogicalId('waf');
    return logGroup;
  }

  /** Logging into `logGroup`, through the log delivery resource policy this adds. */
  private logToLogGroup(props: WebApplicationFirewallProps, logGroup: CloudwatchLogGroup): Wafv2WebAclLoggingConfiguration {
    const ctx = props.context;
    const names = resourceNames(ctx);
    const delivery = policyDocument(this, 'waf_log_delivery', [
      {
        sid: 'AWSLogDeliveryWrite',
        principals: servicePrincipal('delivery.logs.amazonaws.com'),
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [`${logGroupArn(ctx, names.wafLogGroup)}:log-stream:*`],
        condition: [
          condition('StringEquals', 'aws:SourceAccount', ctx.accountId),
          condition('ArnLike', 'aws:SourceArn', arnOf(ctx, 'logs', '*')),
        ],
      },
    ]);
    const deliveryPolicy = new CloudwatchLogResourcePolicy(this, 'waf_log_delivery_policy', {
      policyName: names.wafLogDeliveryPolicy,
      policyDocument: delivery.json,
    });
    deliveryPolicy.overrideLogicalId('waf_log_delivery');

    return new Wafv2WebAclLoggingConfiguration(this, 'govtech_logging', {
      resourceArn: this.webAcl.arn,
      logDestinationConfigs: [logGroup.arn],
      redactedFields: redactedFields(),
      // Without the resource policy in place WAF would write its own, broader one.
      dependsOn: [deliveryPolicy],
    });
  }
}

/** The managed rule groups, then the per-IP rate limit after the last of them. */
function webAclRules(props: WebApplicationFirewallProps): Wafv2WebAclRule[] {
  const groups = props.managedRuleGroups ?? MANAGED_RULE_GROUPS;
  const ratePriority = Math.max(0, ...groups.map((g) => g.priority)) + 1;
  const rules: Wafv2WebAclRule[] = groups.map((g) => ({
    name: g.name,
    priority: g.priority,
    overrideAction: { none: {} },
    // The provider types `statement` loosely, so its keys are Terraform's own.
    statement: { managed_rule_group_statement: { name: g.name, vendor_name: 'AWS' } },
    visibilityConfig: visibility(g.name),
  }));
  rules.push({
    name: 'RateLimitRule',
    priority: ratePriority,
    action: { block: {} },
    statement: {
      rate_based_statement: {
        limit: props.rateLimit ?? 2000,
        aggregate_key_type: 'IP',
        evaluation_window_sec: props.rateLimitWindowSeconds ?? 300,
      },
    },
    visibilityConfig: visibility('RateLimitRule'),
  });
  return rules;
}

/** REDACTED_HEADERS as the logging configuration names them. */
function redactedFields() {
  return REDACTED_HEADERS.map((name) => ({ singleHeader: { name } }));
}
