/**
 * WAF: the regional web ACL (`aws_wafv2_web_acl.govtech`) with AWS managed rule groups and a
 * per-IP rate limit, and its logging. WAF only logs to destinations named `aws-waf-logs-*`,
 * so it logs to a KMS-encrypted log group of that name, or straight to `logs_bucket` when
 * the bucket's name carries the prefix. The choice is a Terraform expression on the
 * bucket name, so `-var logs_bucket=...` switches it at plan time.
 */
import { Construct } from 'constructs';
import { Fn, ref, Token } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { Wafv2WebAcl, Wafv2WebAclRule, Wafv2WebAclRuleVisibilityConfig } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { arnOf, logGroupArn, resourceNames, SecurityContext } from './context';
import { condition, policyDocument, servicePrincipal } from './iam';
import { SecurityKey } from './kms';
import { WAF_LOG_PREFIX } from './log-writers';

export { WAF_LOG_PREFIX };

export interface ManagedRuleGroup {
  /** Name of the AWS managed rule group (`AWSManagedRules<name>`). */
  readonly name: string;
  readonly priority: number;
  /** What it protects against, for readers of the code and the console. */
  readonly purpose: string;
}

/** The AWS managed rule groups of the web ACL, in evaluation order. */
export const MANAGED_RULE_GROUPS: readonly ManagedRuleGroup[] = [
  { name: 'AWSManagedRulesAmazonIpReputationList', priority: 1, purpose: 'Blocks known malicious IPs' },
  { name: 'AWSManagedRulesCommonRuleSet', priority: 2, purpose: 'OWASP Top 10: XSS, path traversal, ...' },
  { name: 'AWSManagedRulesSQLiRuleSet', priority: 3, purpose: 'SQL injection' },
  { name: 'AWSManagedRulesKnownBadInputsRuleSet', priority: 4, purpose: 'Log4Shell, SSRF and other exploit attempts' },
];

/** Headers whose values never reach the WAF logs. */
export const REDACTED_HEADERS = ['authorization', 'cookie'] as const;

export interface WebApplicationFirewallProps {
  readonly context: SecurityContext;
  /** `logs_bucket`; WAF logs there only when its name starts with `aws-waf-logs-`. */
  readonly logsBucket: string;
  /** Key for the WAF log group, which grants itself CloudWatch Logs use of it. */
  readonly key: SecurityKey;
  /** Days the WAF log group keeps requests. */
  readonly logRetentionDays: number;
  /** Requests one IP may send per evaluation window before it is blocked. @default 2000 */
  readonly rateLimit?: number;
  /** Evaluation window of the rate limit in seconds. @default 300 */
  readonly rateLimitWindowSeconds?: 60 | 120 | 300 | 600;
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
  /** The log group (count 0 when WAF logs to the bucket). */
  readonly logGroup: CloudwatchLogGroup;
  /** Name of the WAF log group the module would create (whether or not it is created). */
  readonly logGroupName: string;

  constructor(scope: Construct, id: string, props: WebApplicationFirewallProps) {
    super(scope, id);
    const ctx = props.context;
    const names = resourceNames(ctx);
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

    this.webAcl = new Wafv2WebAcl(this, 'govtech', {
      name: names.webAcl,
      description: `${ctx.projectName} ${ctx.environment}: AWS managed rules and a per-IP rate limit`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      rule: rules,
      visibilityConfig: visibility(names.webAcl),
    });
    this.webAcl.overrideLogicalId('govtech');
    this.webAclArn = this.webAcl.arn;

    // WAF logs to the bucket itself when it may; otherwise to a log group made for it.
    const logsToBucket = Fn.startswith(props.logsBucket, WAF_LOG_PREFIX);
    const logGroupCount = Token.asNumber(Fn.conditional(logsToBucket, 0, 1));
    this.logGroupName = names.wafLogGroup;
    // Granted whether or not the group is created: `-var logs_bucket` may switch it at plan time.
    props.key.grantLogGroup(logGroupArn(ctx, names.wafLogGroup));

    this.logGroup = new CloudwatchLogGroup(this, 'waf', {
      count: logGroupCount,
      name: names.wafLogGroup,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.key.keyArn,
    });
    this.logGroup.overrideLogicalId('waf');

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
      count: logGroupCount,
      policyName: names.wafLogDeliveryPolicy,
      policyDocument: delivery.json,
    });
    deliveryPolicy.overrideLogicalId('waf_log_delivery');

    // A counted resource is addressed per instance: one() of the splat is its ARN or null.
    const logGroupArnExpr = Fn.one(ref(`${this.logGroup.terraformResourceType}.waf[*].arn`));
    this.logging = new Wafv2WebAclLoggingConfiguration(this, 'govtech_logging', {
      resourceArn: this.webAcl.arn,
      logDestinationConfigs: [
        Token.asString(Fn.conditional(logsToBucket, `arn:${ctx.partition}:s3:::${props.logsBucket}`, logGroupArnExpr)),
      ],
      redactedFields: REDACTED_HEADERS.map((name) => ({ singleHeader: { name } })),
      // Without the resource policy in place WAF would write its own, broader one.
      dependsOn: [deliveryPolicy],
    });
    this.logging.overrideLogicalId('govtech');
  }
}
