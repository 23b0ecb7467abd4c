/**
 * Every security stack as synthesized, with the test-only offline override: `terraform init`
 * against the provider mirror, then one offline `terraform plan` (which validates the whole
 * configuration first) whose JSON every test asserts on.
 */
import { ENVIRONMENTS, EnvironmentName, environmentConfig, loadConfig } from '../../src/config';
import { CIS_MONITORING } from '../../src/catalog/cis-monitoring';
import { ADDITIONAL_OUTPUTS, SECURITY_OUTPUTS } from '../../src/stacks/security-stack';
import { securityStackName } from '../../src/config/plan';
import { DOCUMENTED_ADDRESSES } from '../helpers/documented';
import { decide, IamPolicy } from '../helpers/policy-sim';
import { plainBucketName } from '../helpers/config-edit';
import { describeWithTerraform, planJson, PlanJson, planned, prepareOfflineStack, synthApp, SynthResult } from '../helpers/terraform';

/** A resource of the plan's `configuration` section: its expressions, with what they reference. */
interface ConfiguredResource {
  readonly address: string;
  readonly expressions: Record<string, unknown>;
}

function configured(plan: PlanJson, address: string): ConfiguredResource {
  const resources = (plan.configuration.root_module as { resources?: ConfiguredResource[] }).resources ?? [];
  const found = resources.find((r) => r.address === address);
  if (!found) throw new Error(`${address} is not in the plan's configuration`);
  return found;
}

describeWithTerraform('security stacks: offline plan', (tool) => {
  const config = loadConfig();
  let synth: SynthResult;
  const plans = {} as Record<EnvironmentName, PlanJson>;

  beforeAll(async () => {
    synth = synthApp(config);
    await Promise.all(
      ENVIRONMENTS.map(async (env) => {
        const dir = synth.stackDir(securityStackName(env));
        await prepareOfflineStack(tool, dir);
        plans[env] = await planJson(tool, dir);
      }),
    );
  }, 600_000);
  afterAll(() => synth?.cleanup());

  test.each(ENVIRONMENTS)('%s: plans every documented address, only creations', (env) => {
    const addresses = plans[env].resource_changes.map((r) => r.address);
    expect(addresses).toEqual(expect.arrayContaining(DOCUMENTED_ADDRESSES));
    for (const rc of plans[env].resource_changes.filter((r) => r.mode === 'managed')) expect(rc.change.actions).toEqual(['create']);
  });

  test.each(ENVIRONMENTS)('%s: the eight documented outputs with their documented descriptions, and the alerts topic ARN', (env) => {
    const outputs = plans[env].configuration.root_module.outputs ?? {};
    expect(Object.keys(outputs).sort()).toEqual([...Object.keys(SECURITY_OUTPUTS), ...Object.keys(ADDITIONAL_OUTPUTS)].sort());
    for (const [name, spec] of Object.entries(SECURITY_OUTPUTS)) expect(outputs[name].description).toBe(spec.description);
    expect(outputs.security_alerts_topic_arn.description).toBe(ADDITIONAL_OUTPUTS.security_alerts_topic_arn.description);
  });

  test.each([
    ['dev', 90],
    ['staging', 90],
    ['prod', 365],
  ] as const)('%s: log groups keep events %i days', (env, days) => {
    expect(planned(plans[env], 'aws_cloudwatch_log_group.cloudtrail')).toMatchObject({
      name: `/aws/cloudtrail/govtech-${env}`,
      retention_in_days: days,
    });
    expect(planned(plans[env], 'aws_cloudwatch_log_group.waf')).toMatchObject({
      name: `aws-waf-logs-govtech-${env}`,
      retention_in_days: days,
    });
  });

  test.each(ENVIRONMENTS)('%s: names, key settings and default tags come from config', (env) => {
    const plan = plans[env];
    const { accountId, awsRegion, ...settings } = environmentConfig(config, env);
    const logsBucket = plainBucketName(settings.logsBucket);
    expect(planned(plan, 'aws_kms_key.govtech_main')).toMatchObject({
      enable_key_rotation: true,
      rotation_period_in_days: 365,
      deletion_window_in_days: 30,
      tags_all: { Environment: env, Project: 'govtech', ManagedBy: 'cdktf' },
    });
    expect(planned(plan, 'aws_kms_alias.govtech_main')).toMatchObject({ name: `alias/govtech-${env}` });
    expect(planned(plan, 'aws_cloudtrail.govtech_audit')).toMatchObject({
      name: `govtech-audit-trail-${env}`,
      s3_bucket_name: logsBucket,
      s3_key_prefix: 'cloudtrail',
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
    });
    expect(planned(plan, 'aws_wafv2_web_acl.govtech')).toMatchObject({ name: `govtech-waf-${env}`, scope: 'REGIONAL' });
    expect(planned(plan, 'aws_secretsmanager_secret.db_credentials')).toMatchObject({
      name: `govtech/${env}/db-credentials`,
      recovery_window_in_days: 7,
    });
    expect(planned(plan, 'aws_secretsmanager_secret.jwt_secret')).toMatchObject({ name: `govtech/${env}/jwt-secret` });
    expect(planned(plan, 'aws_guardduty_detector.main')).toMatchObject({ enable: true, finding_publishing_frequency: 'FIFTEEN_MINUTES' });
    expect(planned(plan, 'aws_ce_anomaly_monitor.govtech')).toMatchObject({ monitor_type: 'DIMENSIONAL', monitor_dimension: 'SERVICE' });
    const standards = plan.resource_changes
      .filter((r) => r.type === 'aws_securityhub_standards_subscription')
      .map((r) => r.change.after.standards_arn);
    expect(standards.sort()).toEqual([
      `arn:aws:securityhub:${awsRegion}::standards/aws-foundational-security-best-practices/v/1.0.0`,
      `arn:aws:securityhub:${awsRegion}::standards/cis-aws-foundations-benchmark/v/1.4.0`,
    ]);
    // The key policy is rendered at plan time: it must let CloudWatch Logs use the key for exactly the module's log groups.
    const policy = JSON.parse(planned(plan, 'aws_kms_key.govtech_main').policy as string);
    const logs = policy.Statement.find(
      (s: { Principal: { Service?: unknown } }) => s.Principal.Service === `logs.${awsRegion}.amazonaws.com`,
    );
    expect(logs.Condition.ArnEquals['kms:EncryptionContext:aws:logs:arn']).toEqual([
      `arn:aws:logs:${awsRegion}:${accountId}:log-group:/aws/cloudtrail/govtech-${env}`,
      `arn:aws:logs:${awsRegion}:${accountId}:log-group:aws-waf-logs-govtech-${env}`,
    ]);
  });

  test.each(ENVIRONMENTS)('%s: alarms fire into the alerts topic from metric filters on the trail log group', (env) => {
    const plan = plans[env];
    const cases = [
      ['root_account_usage', 1, 60],
      ['unauthorized_api_calls', 5, 300],
    ] as const;
    for (const [id, threshold, period] of cases) {
      const filter = planned(plan, `aws_cloudwatch_log_metric_filter.${id}`);
      const alarm = planned(plan, `aws_cloudwatch_metric_alarm.${id}`);
      expect(filter.log_group_name).toBe(`/aws/cloudtrail/govtech-${env}`);
      const [transformation] = filter.metric_transformation as { name: string; namespace: string }[];
      expect(alarm).toMatchObject({
        metric_name: transformation.name,
        namespace: transformation.namespace,
        threshold,
        period,
        comparison_operator: 'GreaterThanOrEqualToThreshold',
      });
    }
    // The topic ARN is known only after apply; the configuration shows what the actions reference.
    expect(plan.resource_changes.some((r) => r.address === 'aws_sns_topic.security_alerts')).toBe(true);
    for (const [id] of cases) {
      expect(configured(plan, `aws_cloudwatch_metric_alarm.${id}`).expressions.alarm_actions).toMatchObject({
        references: ['aws_sns_topic.security_alerts.arn', 'aws_sns_topic.security_alerts'],
      });
    }
  });

  /** What an attribute of a configured resource references (values unknown until apply show here). */
  function references(plan: PlanJson, address: string, attribute: string): string[] {
    const resources =
      (plan.configuration.root_module as { resources?: { address: string; expressions: Record<string, { references?: string[] }> }[] })
        .resources ?? [];
    const r = resources.find((x) => x.address === address);
    if (!r) throw new Error(`${address} is not in the configuration`);
    return r.expressions[attribute]?.references ?? [];
  }

  test.each(ENVIRONMENTS)(
    '%s: the 15 CIS 1.4.0 metric filters with the exact published patterns, each alarm into the subscribed topic',
    (env) => {
      const plan = plans[env];
      for (const c of CIS_MONITORING) {
        const filter = planned(plan, `aws_cloudwatch_log_metric_filter.${c.id}`);
        expect(filter).toMatchObject({ pattern: c.filterPattern, log_group_name: `/aws/cloudtrail/govtech-${env}` });
        const alarm = planned(plan, `aws_cloudwatch_metric_alarm.${c.id}`);
        expect(alarm).toMatchObject({
          metric_name: c.metricName,
          threshold: c.threshold ?? 1,
          period: c.periodSeconds ?? 300,
          comparison_operator: 'GreaterThanOrEqualToThreshold',
        });
        expect(references(plan, `aws_cloudwatch_metric_alarm.${c.id}`, 'alarm_actions')).toContain('aws_sns_topic.security_alerts');
      }
      expect(plan.resource_changes.filter((r) => r.type === 'aws_cloudwatch_metric_alarm')).toHaveLength(15);
      // Security Hub passes the controls only when the alarm's topic has a subscriber.
      const subscriptions = plan.resource_changes.filter((r) => r.type === 'aws_sns_topic_subscription');
      expect(subscriptions.map((r) => r.change.after.endpoint)).toEqual(environmentConfig(config, env).alertEmails);
      for (const sub of subscriptions) expect(references(plan, sub.address, 'topic_arn')).toContain('aws_sns_topic.security_alerts');
    },
  );

  test.each(ENVIRONMENTS)('%s: GuardDuty findings of severity 7.0 and above go to the topic', (env) => {
    const pattern = JSON.parse(planned(plans[env], 'aws_cloudwatch_event_rule.guardduty_high').event_pattern as string);
    expect(pattern.detail.severity).toEqual([{ numeric: ['>=', 7] }]);
    expect(references(plans[env], 'aws_cloudwatch_event_target.sns', 'arn')).toContain('aws_sns_topic.security_alerts');
  });

  test.each(ENVIRONMENTS)(
    '%s: AWS Config records everything with the service-linked role and delivers to the logs bucket, encrypted',
    (env) => {
      const plan = plans[env];
      const { logsBucket } = environmentConfig(config, env);
      expect(planned(plan, 'aws_iam_service_linked_role.config')).toMatchObject({ aws_service_name: 'config.amazonaws.com' });
      expect(references(plan, 'aws_config_configuration_recorder.main', 'role_arn')).toContain('aws_iam_service_linked_role.config');
      expect(planned(plan, 'aws_config_configuration_recorder.main')).toMatchObject({
        recording_group: [{ all_supported: true, include_global_resource_types: true }],
      });
      expect(planned(plan, 'aws_config_delivery_channel.main')).toMatchObject({
        s3_bucket_name: logsBucket,
        s3_key_prefix: 'config',
        snapshot_delivery_properties: [{ delivery_frequency: 'TwentyFour_Hours' }],
      });
      expect(references(plan, 'aws_config_delivery_channel.main', 's3_kms_key_arn')).toContain('aws_kms_key.govtech_main');
      expect(planned(plan, 'aws_config_configuration_recorder_status.main')).toMatchObject({ is_enabled: true });
    },
  );

  test.each(ENVIRONMENTS)(
    '%s: the account-level controls: password policy, S3 account public access block, EBS default encryption, Access Analyzer, support role',
    async (env) => {
      const plan = plans[env];
      const { accountId } = environmentConfig(config, env);
      expect(planned(plan, 'aws_iam_account_password_policy.main')).toMatchObject({
        minimum_password_length: 14,
        password_reuse_prevention: 24,
        require_uppercase_characters: true,
        require_lowercase_characters: true,
        require_numbers: true,
        require_symbols: true,
      });
      expect(planned(plan, 'aws_s3_account_public_access_block.main')).toMatchObject({
        account_id: accountId,
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(planned(plan, 'aws_ebs_encryption_by_default.main')).toMatchObject({ enabled: true });
      expect(planned(plan, 'aws_accessanalyzer_analyzer.account')).toMatchObject({
        analyzer_name: `govtech-${env}-account`,
        type: 'ACCOUNT',
      });
      expect(planned(plan, 'aws_iam_role.support')).toMatchObject({ name: `govtech-${env}-support` });
      expect(planned(plan, 'aws_iam_role_policy_attachment.support')).toMatchObject({
        policy_arn: 'arn:aws:iam::aws:policy/AWSSupportAccess',
        role: `govtech-${env}-support`,
      });
      // The trust policy as Terraform renders it: principals of this account only.
      const trust = JSON.parse(planned(plan, 'aws_iam_role.support').assume_role_policy as string) as IamPolicy;
      const assume = (principal: string) =>
        decide(trust, {
          principal,
          action: 'sts:AssumeRole',
          resource: `arn:aws:iam::${accountId}:role/govtech-${env}-support`,
          resourceAccount: accountId,
        });
      expect(await assume(`arn:aws:iam::${accountId}:role/oncall`)).toBe('Allowed');
      expect(await assume('arn:aws:iam::999999999999:role/oncall')).toBe('ImplicitlyDenied');
    },
  );

  describe.each(ENVIRONMENTS)('%s: the key policy Terraform renders, evaluated', (env) => {
    const { accountId, awsRegion, ...settings } = environmentConfig(config, env);
    const logsBucket = plainBucketName(settings.logsBucket);
    const keyArn = `arn:aws:kms:${awsRegion}:${accountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const policy = () => JSON.parse(planned(plans[env], 'aws_kms_key.govtech_main').policy as string) as IamPolicy;
    const configUse = (s3Arn: string, account = accountId, sourceArn = `arn:aws:config:${awsRegion}:${account}:*`) =>
      decide(policy(), {
        principal: 'config.amazonaws.com',
        action: 'kms:GenerateDataKey',
        resource: keyArn,
        resourceAccount: accountId,
        context: { 'aws:SourceAccount': account, 'aws:SourceArn': sourceArn, 'kms:EncryptionContext:aws:s3:arn': s3Arn },
      });

    test("Config delivery may use the key for this account's delivery channels, with S3 Bucket Keys off (object ARN) or on (bucket ARN)", async () => {
      const object = `arn:aws:s3:::${logsBucket}/config/AWSLogs/${accountId}/Config/${awsRegion}/2026/1/1/ConfigSnapshot/x.json.gz`;
      expect(await configUse(object)).toBe('Allowed');
      expect(await configUse(`arn:aws:s3:::${logsBucket}`)).toBe('Allowed');
      expect(await configUse(object, '999999999999')).toBe('ImplicitlyDenied');
      expect(await configUse(object, accountId, `arn:aws:config:${awsRegion}:999999999999:*`)).toBe('ImplicitlyDenied');
    });

    test.each(['events.amazonaws.com', 'cloudwatch.amazonaws.com', 'costalerts.amazonaws.com'])(
      'publisher %s may use the key for the topic',
      async (service) => {
        for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
          expect(await decide(policy(), { principal: service, action, resource: keyArn, resourceAccount: accountId })).toBe('Allowed');
        }
      },
    );

    test('a principal of another account may not use the key', async () => {
      for (const action of ['kms:Decrypt', 'kms:GenerateDataKey']) {
        expect(
          await decide(policy(), {
            principal: 'arn:aws:iam::999999999999:role/intruder',
            action,
            resource: keyArn,
            resourceAccount: accountId,
            context: { 'kms:CallerAccount': '999999999999', 'kms:ViaService': `s3.${awsRegion}.amazonaws.com` },
          }),
        ).toBe('ImplicitlyDenied');
      }
    });
  });

  test('no secret value in any plan', () => {
    for (const env of ENVIRONMENTS) {
      expect(plans[env].resource_changes.filter((r) => r.type === 'aws_secretsmanager_secret_version')).toEqual([]);
      // allow_users_to_change_password (the account password policy) is a rule, not a password.
      expect(JSON.stringify(plans[env])).not.toMatch(/secret_string|(?<!change_)password"\s*:/i);
    }
  });
});
