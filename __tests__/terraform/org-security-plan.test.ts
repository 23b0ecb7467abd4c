/**
 * The security account's stacks through Terraform, offline: `org-security` (home region) and
 * `org-security-eu-west-1`, synthesized in an App of their own from the example organization
 * (the config's resolver does not produce an OrganizationPlan yet), each planned with one AWS
 * provider. A plan validates the configuration against hashicorp/aws 5.100.0 first (value
 * sets such as linking_mode, auto_enable, configuration_type), then shows what would be created.
 */
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { DELEGATED_DETECTOR_DATA, DELEGATED_DETECTOR_IDS_LOCAL } from '../../src/security/guardduty-organization';
import { OrgSecurityRegionalStack } from '../../src/stacks/org-security-regional-stack';
import { OrgSecurityStack } from '../../src/stacks/org-security-stack';
import { orgPlanFixture, ORG_ROOT, SECURITY_ACCOUNT } from '../helpers/org-fixture-securityacct';
import { decide } from '../helpers/policy-sim';
import { describeWithTerraform, planJson, PlanJson, planned, prepareOfflineStack } from '../helpers/terraform';

const REGIONAL = 'org-security-eu-west-1';

describeWithTerraform('security account stacks: offline plans', (tool) => {
  const org = orgPlanFixture({ guardDuty: { runtimeMonitoring: true } });
  const outdir = mkdtempSync(path.join(tmpdir(), 'govtech-org-security-'));
  const stackDir = (stack: string) => path.join(outdir, 'stacks', stack);
  const cdkJson = (stack: string) => JSON.parse(readFileSync(path.join(stackDir(stack), 'cdk.tf.json'), 'utf8'));
  const plans: Record<string, PlanJson> = {};

  beforeAll(async () => {
    const app = new App({ outdir });
    new OrgSecurityStack(app, org.security.stack, { org });
    const [regional] = org.security.regionalStacks;
    new OrgSecurityRegionalStack(app, regional.stack, { org, region: regional });
    app.synth();
    await Promise.all(
      [org.security.stack, REGIONAL].map(async (stack) => {
        // data.aws_guardduty_detector reads AWS: offline, no detector to import (the plan creates it), as org-design.md sets out.
        await prepareOfflineStack(tool, stackDir(stack), {
          data: { aws_guardduty_detector: { [DELEGATED_DETECTOR_DATA]: { count: 0 } } },
          locals: { [DELEGATED_DETECTOR_IDS_LOCAL]: [] },
        });
        plans[stack] = await planJson(tool, stackDir(stack));
      }),
    );
  }, 600_000);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  const creates = (plan: PlanJson) =>
    plan.resource_changes
      .filter((r) => r.mode === 'managed')
      .map((r) => {
        expect(r.change.actions).toEqual(['create']);
        return r.address;
      })
      .sort();

  test('each stack has one AWS provider, in its region, limited to the security account; its state under its own key', () => {
    for (const [stack, region] of [
      [org.security.stack, 'us-east-1'],
      [REGIONAL, 'eu-west-1'],
    ]) {
      const json = cdkJson(stack);
      expect(json.provider.aws).toHaveLength(1);
      expect(json.provider.aws[0]).toMatchObject({ region, allowed_account_ids: [SECURITY_ACCOUNT] });
      expect(json.terraform.backend.s3.key).toBe(`${org.security.state.backend.keyPrefix}/${stack}/terraform.tfstate`);
      expect(json.terraform.backend.s3.assume_role).toEqual({ role_arn: org.security.state.roleArn });
    }
  });

  test('org-security creates exactly the delegated administrator home-region resources', () => {
    expect(creates(plans[org.security.stack])).toEqual(
      [
        'aws_accessanalyzer_analyzer.organization',
        'aws_cloudwatch_event_rule.organization_guardduty_high',
        'aws_cloudwatch_event_target.organization_guardduty_high',
        'aws_config_configuration_aggregator.organization',
        'aws_guardduty_detector.main',
        ...[
          'ebs_malware_protection',
          'eks_audit_logs',
          'lambda_network_logs',
          'rds_login_events',
          'runtime_monitoring',
          's3_data_events',
        ].flatMap((f) => [`aws_guardduty_detector_feature.${f}`, `aws_guardduty_organization_configuration_feature.${f}`]),
        'aws_guardduty_organization_configuration.organization',
        'aws_iam_role.config_aggregator',
        'aws_iam_role_policy_attachment.config_aggregator',
        'aws_kms_alias.govtech_main',
        'aws_kms_key.govtech_main',
        'aws_securityhub_configuration_policy.organization',
        'aws_securityhub_configuration_policy_association.root',
        'aws_securityhub_finding_aggregator.organization',
        'aws_securityhub_organization_configuration.organization',
        'aws_sns_topic.security_alerts',
        'aws_sns_topic_policy.security_alerts',
        'aws_sns_topic_subscription.' + Object.keys(cdkJson(org.security.stack).resource.aws_sns_topic_subscription)[0],
      ].sort(),
    );
  });

  test('Security Hub: CENTRAL from the aggregator linking eu-west-1, the policy with the aws partition ARNs, on the root', () => {
    const plan = plans[org.security.stack];
    expect(planned(plan, 'aws_securityhub_finding_aggregator.organization')).toMatchObject({
      linking_mode: 'SPECIFIED_REGIONS',
      specified_regions: ['eu-west-1'],
    });
    expect(planned(plan, 'aws_securityhub_organization_configuration.organization')).toMatchObject({
      auto_enable: false,
      auto_enable_standards: 'NONE',
      organization_configuration: [{ configuration_type: 'CENTRAL' }],
    });
    expect(planned(plan, 'aws_securityhub_configuration_policy.organization').configuration_policy).toEqual([
      {
        service_enabled: true,
        enabled_standard_arns: [
          'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0',
          'arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/1.4.0',
        ],
        // An empty set plans as null; with both lists null the provider sends DisabledSecurityControlIdentifiers = []
        // ("every control on, new ones too"): hashicorp/aws internal/service/securityhub/configuration_policy.go,
        // validatePolicyMemberSecurityHub.
        security_controls_configuration: [
          { disabled_control_identifiers: null, enabled_control_identifiers: null, security_control_custom_parameter: [] },
        ],
      },
    ]);
    expect(planned(plan, 'aws_securityhub_configuration_policy_association.root')).toMatchObject({ target_id: ORG_ROOT });
  });

  test('GuardDuty in both regions: ALL members enrolled, the configured plans with their agents, on the account’s own detector too', () => {
    for (const stack of [org.security.stack, REGIONAL]) {
      const plan = plans[stack];
      expect(planned(plan, 'aws_guardduty_organization_configuration.organization')).toMatchObject({
        auto_enable_organization_members: 'ALL',
      });
      expect(planned(plan, 'aws_guardduty_organization_configuration_feature.runtime_monitoring')).toMatchObject({
        name: 'RUNTIME_MONITORING',
        auto_enable: 'ALL',
        additional_configuration: [
          { name: 'EKS_ADDON_MANAGEMENT', auto_enable: 'ALL' },
          { name: 'EC2_AGENT_MANAGEMENT', auto_enable: 'ALL' },
          { name: 'ECS_FARGATE_AGENT_MANAGEMENT', auto_enable: 'ALL' },
        ],
      });
      expect(planned(plan, 'aws_guardduty_organization_configuration_feature.rds_login_events')).toMatchObject({ auto_enable: 'NONE' });
      expect(planned(plan, 'aws_guardduty_detector_feature.runtime_monitoring')).toMatchObject({ status: 'ENABLED' });
      expect(Object.keys(plan.configuration.root_module.outputs ?? {})).toContain('guardduty_detector_id');
      // As deployed, the stack imports the detector the delegation enabled (offline, the override leaves nothing to import).
      expect(cdkJson(stack).import).toEqual([
        { for_each: `\${toset(local.${DELEGATED_DETECTOR_IDS_LOCAL})}`, to: 'aws_guardduty_detector.main', id: '${each.value}' },
      ]);
      expect(plan.resource_changes.filter((r) => r.mode === 'data' && r.type === 'aws_guardduty_detector')).toEqual([]);
    }
    expect(creates(plans[REGIONAL]).filter((a) => !a.startsWith('aws_guardduty_'))).toEqual([]);
  });

  test('Config aggregates the organization in the covered regions; the analyzer is of type ORGANIZATION', () => {
    const plan = plans[org.security.stack];
    expect(planned(plan, 'aws_config_configuration_aggregator.organization').organization_aggregation_source).toMatchObject([
      { all_regions: false, regions: ['us-east-1', 'eu-west-1'] },
    ]);
    expect(planned(plan, 'aws_iam_role_policy_attachment.config_aggregator')).toMatchObject({
      policy_arn: 'arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations',
    });
    expect(planned(plan, 'aws_accessanalyzer_analyzer.organization')).toMatchObject({
      analyzer_name: 'govtech-organization',
      type: 'ORGANIZATION',
    });
  });

  test("the alerts key's planned policy: EventBridge may use it, a member account may not (evaluated)", async () => {
    const policy = JSON.parse(planned(plans[org.security.stack], 'aws_kms_key.govtech_main').policy as string);
    const keyArn = `arn:aws:kms:us-east-1:${SECURITY_ACCOUNT}:key/k`;
    const use = (principal: string, context: Record<string, string> = {}) =>
      decide(policy, { principal, action: 'kms:GenerateDataKey', resource: keyArn, resourceAccount: SECURITY_ACCOUNT, context });
    expect(await use('events.amazonaws.com')).toBe('Allowed');
    expect(await use('arn:aws:iam::123456789012:role/admin', { 'kms:CallerAccount': '123456789012' })).toBe('ImplicitlyDenied');
    expect(planned(plans[org.security.stack], 'aws_cloudwatch_event_rule.organization_guardduty_high')).toMatchObject({
      name: 'govtech-org-guardduty-high',
    });
  });
});
