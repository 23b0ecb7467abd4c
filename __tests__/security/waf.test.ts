import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SecurityKey } from '../../src/security/kms';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { Wafv2WebAcl } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { WebApplicationFirewall, WebApplicationFirewallProps } from '../../src/security/waf';
import { ACCOUNT, LOGS_BUCKET, PARTITION, policyJson, ref, synth } from '../helpers/unit';

const KEY_ARN = ref(KmsKey, 'govtech_main', 'arn');

function synthWaf(props: Partial<Omit<WebApplicationFirewallProps, 'context'>> = {}) {
  return synth((scope, context) => {
    const key = new SecurityKey(scope, 'kms', { context });
    new WebApplicationFirewall(scope, 'waf', { context, logsBucket: LOGS_BUCKET, key, logGroupRetentionDays: 90, ...props });
  });
}

interface RuleJson {
  name: string;
  priority: number;
  visibility_config: Record<string, unknown>;
  [key: string]: unknown;
}

describe('WebApplicationFirewall', () => {
  const s = synthWaf();
  const acl = s.resource(Wafv2WebAcl, 'govtech');
  const rules = acl.rule as RuleJson[];

  test('aws_wafv2_web_acl.govtech: regional, allows what no rule blocks', () => {
    expect(acl).toMatchObject({ name: 'govtech-waf-prod', scope: 'REGIONAL', default_action: { allow: {} } });
  });

  test('rules: the 4 AWS managed groups at priorities 1-4, then the rate limit', () => {
    expect(rules.map((r) => [r.priority, r.name])).toEqual([
      [1, 'AWSManagedRulesAmazonIpReputationList'],
      [2, 'AWSManagedRulesCommonRuleSet'],
      [3, 'AWSManagedRulesSQLiRuleSet'],
      [4, 'AWSManagedRulesKnownBadInputsRuleSet'],
      [5, 'RateLimitRule'],
    ]);
  });

  test.each(rules.slice(0, 4).map((r) => [r.name, r] as const))('%s: AWS managed group, own actions kept (override none)', (name, rule) => {
    expect(rule).toMatchObject({
      override_action: { none: {} },
      statement: { managed_rule_group_statement: { name, vendor_name: 'AWS' } },
    });
    expect(rule).not.toHaveProperty('action');
  });

  test('RateLimitRule blocks an IP above 2000 requests per 300 s', () => {
    expect(rules[4]).toMatchObject({
      action: { block: {} },
      statement: { rate_based_statement: { limit: 2000, aggregate_key_type: 'IP', evaluation_window_sec: 300 } },
    });
  });

  test('the rate limit and its window can be set', () => {
    const custom = synthWaf({ rateLimit: 500, rateLimitWindowSeconds: 60 }).resource(Wafv2WebAcl, 'govtech');
    expect(custom.rule[4].statement.rate_based_statement).toMatchObject({ limit: 500, evaluation_window_sec: 60 });
  });

  test.each([...rules.map((r) => [r.name, r.visibility_config] as const), ['govtech-waf-prod', acl.visibility_config] as const])(
    '%s: CloudWatch metrics (named after it) and sampled requests on',
    (name, visibility) => {
      expect(visibility).toEqual({ cloudwatch_metrics_enabled: true, sampled_requests_enabled: true, metric_name: name });
    },
  );

  test('logging configuration of the ACL redacts the authorization and cookie headers', () => {
    expect(s.resource(Wafv2WebAclLoggingConfiguration, 'govtech')).toMatchObject({
      resource_arn: ref(Wafv2WebAcl, 'govtech', 'arn'),
      redacted_fields: [{ single_header: { name: 'authorization' } }, { single_header: { name: 'cookie' } }],
      depends_on: ['aws_cloudwatch_log_resource_policy.waf_log_delivery'],
    });
  });

  test('logs to its own log group by default, whatever the bucket is called: nothing is counted', () => {
    expect(s.resource(Wafv2WebAclLoggingConfiguration, 'govtech').log_destination_configs).toEqual([ref(CloudwatchLogGroup, 'waf', 'arn')]);
    expect(JSON.stringify(s.json)).not.toMatch(/"(count|for_each)"/);
  });

  test('log group aws-waf-logs-<project>-<env>, KMS-encrypted', () => {
    expect(s.resource(CloudwatchLogGroup, 'waf')).toEqual({
      name: 'aws-waf-logs-govtech-prod',
      kms_key_id: KEY_ARN,
      retention_in_days: 90,
    });
  });

  test("logDestination 'logs-bucket': straight to the bucket, no log group, and a plan-time check of the bucket's name", () => {
    const bucket = 'aws-waf-logs-govtech-prod-123456789012';
    const b = synthWaf({ logsBucket: bucket, logDestination: 'logs-bucket' });
    const logging = b.resource(Wafv2WebAclLoggingConfiguration, 'govtech');
    expect(logging.log_destination_configs).toEqual([`arn:${PARTITION}:s3:::${bucket}`]);
    expect(logging.lifecycle.precondition).toEqual([
      expect.objectContaining({
        condition: `\${startswith("${bucket}", "aws-waf-logs-")}`,
        error_message: expect.stringContaining('must start with "aws-waf-logs-"'),
      }),
    ]);
    expect(b.resources(CloudwatchLogGroup)).toEqual({});
    expect(b.resources(CloudwatchLogResourcePolicy)).toEqual({});
  });

  test('log delivery may write to the log group (resource policy for delivery.logs.amazonaws.com)', () => {
    expect(s.resource(CloudwatchLogResourcePolicy, 'waf_log_delivery')).toEqual({
      policy_name: 'govtech-prod-waf-log-delivery',
      policy_document: policyJson('waf_log_delivery'),
    });
    expect(s.statement('waf_log_delivery', 'AWSLogDeliveryWrite')).toMatchObject({
      principals: [{ type: 'Service', identifiers: ['delivery.logs.amazonaws.com'] }],
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [`arn:${PARTITION}:logs:eu-west-2:${ACCOUNT}:log-group:aws-waf-logs-govtech-prod:log-stream:*`],
    });
    expect(s.condition('waf_log_delivery', 'AWSLogDeliveryWrite', 'aws:SourceAccount').values).toEqual([ACCOUNT]);
  });
});

test('the WAF log group grants itself CloudWatch Logs use of the key (whether or not it is created)', () => {
  for (const bucket of [LOGS_BUCKET, 'aws-waf-logs-govtech-prod']) {
    const s = synthWaf({ logsBucket: bucket });
    expect(s.condition('kms_key_policy', 'AllowCloudWatchLogsForModuleLogGroups', 'kms:EncryptionContext:aws:logs:arn').values).toEqual([
      `arn:${PARTITION}:logs:eu-west-2:${ACCOUNT}:log-group:aws-waf-logs-govtech-prod`,
    ]);
  }
});
