/**
 * Every security stack as synthesized, with the test-only offline override: `terraform init`
 * against the provider mirror, then one offline `terraform plan` (which validates the whole
 * configuration first) whose JSON every test asserts on.
 */
import { ENVIRONMENTS, EnvironmentName, environmentConfig, loadConfig } from '../../src/config';
import { SECURITY_OUTPUTS, securityStackName } from '../../src/stacks/security-stack';
import { DOCUMENTED_ADDRESSES } from '../helpers/documented';
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

  test.each(ENVIRONMENTS)('%s: the eight documented outputs with their documented descriptions', (env) => {
    const outputs = plans[env].configuration.root_module.outputs ?? {};
    expect(Object.keys(outputs).sort()).toEqual(Object.keys(SECURITY_OUTPUTS).sort());
    for (const [name, spec] of Object.entries(SECURITY_OUTPUTS)) expect(outputs[name].description).toBe(spec.description);
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
    const { accountId, awsRegion, logsBucket } = environmentConfig(config, env);
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
    const standards = plan.resource_changes.filter((r) => r.type === 'aws_securityhub_standards_subscription').map((r) => r.change.after.standards_arn);
    expect(standards.sort()).toEqual([
      `arn:aws:securityhub:${awsRegion}::standards/aws-foundational-security-best-practices/v/1.0.0`,
      `arn:aws:securityhub:${awsRegion}::standards/cis-aws-foundations-benchmark/v/1.4.0`,
    ]);
    // The key policy is rendered at plan time: it must let CloudWatch Logs use the key for exactly the module's log groups.
    const policy = JSON.parse(planned(plan, 'aws_kms_key.govtech_main').policy as string);
    const logs = policy.Statement.find((s: { Principal: { Service?: unknown } }) => s.Principal.Service === `logs.${awsRegion}.amazonaws.com`);
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

  test('no secret value in any plan', () => {
    for (const env of ENVIRONMENTS) {
      expect(plans[env].resource_changes.filter((r) => r.type === 'aws_secretsmanager_secret_version')).toEqual([]);
      expect(JSON.stringify(plans[env])).not.toMatch(/secret_string|password"\s*:/i);
    }
  });
});
