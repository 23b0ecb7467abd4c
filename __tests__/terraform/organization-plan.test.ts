/**
 * Organization mode through Terraform, offline: the organization app synthesized ONCE from
 * ORGANIZATION_CONFIG (the checked-in environments as members, issue 18's organization), then
 * each stack the issue names planned once, all concurrently: org-log-archive, org-management and
 * org-management-<region>, org-security and org-security-<region>, and the member security-dev
 * (on a state seeded with what its standalone deployment holds and the member's stack does not:
 * the move) with security-dev-<region>. A plan validates the configuration against
 * hashicorp/aws 5.100.0 first, then shows what would be created.
 *
 * Offline stand-ins, each in the test-only override file: the deploy role (no STS to assume it
 * with), the organization's trusted principals (data.aws_organizations_organization), the log
 * archive's state (a local file holding the trail key's ARN), the GuardDuty detectors that
 * data sources would read.
 */
import { mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { CIS_MONITORING } from '../../src/catalog/cis-monitoring';
import { resolvePlan } from '../../src/config/plan';
import { DELEGATED_DETECTOR_DATA, DELEGATED_DETECTOR_IDS_LOCAL } from '../../src/security/guardduty-organization';
import {
  enableTrustedAccessCommand,
  SERVICE_ACCESS_PRINCIPALS_LOCAL,
  TRUSTED_ACCESS_PRINCIPALS,
} from '../../src/security/organization-admins';
import { stateKey } from '../../src/stacks/backend';
import { OrgManagementRegionalStack } from '../../src/stacks/org-management-regional-stack';
import { validateConfig } from '../../src/config';
import { ORGANIZATION_CONFIG, standaloneConfigJson } from '../fixtures/organization-config';
import {
  expectAccessLogsPolicy,
  expectConfigDeliveries,
  expectInvestigatorReads,
  expectTrailKeyPolicy,
  expectTrailWrites,
} from '../helpers/org-log-archive-checks';
import { decide, renderPolicy } from '../helpers/policy-sim';
import {
  describeWithTerraform,
  localRemoteState,
  OFFLINE_AWS_PROVIDER,
  planJson,
  PlanJson,
  planned,
  prepareOfflineStack,
  stackJson,
  synthApp,
  SynthResult,
  terraform,
  terraformOk,
} from '../helpers/terraform';

const project = resolvePlan(ORGANIZATION_CONFIG);
const org = project.organization!;
const HOME = org.awsRegion;
const [, OTHER] = org.regions;
const LOG_ARCHIVE = org.logArchive.stack;
const MANAGEMENT = org.management.stack;
const MANAGEMENT_REGIONAL = org.management.regionalStacks[0].stack;
const SECURITY = org.security.stack;
const SECURITY_REGIONAL = org.security.regionalStacks[0].stack;
const dev = project.environments.find((e) => e.environment === 'dev')!;
const MEMBER = dev.securityStack;
const MEMBER_REGIONAL = dev.regionalStacks[0].stack;
const TRAIL_KEY_ARN = `arn:aws:kms:${HOME}:${org.logArchive.accountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const DETECTOR_FIXTURE = '6ab12c34d567e8fa901bc2d34e56789f';

/**
 * The offline provider, its deploy role neutralised: with an empty role_arn the AWS provider
 * assumes no role, only warning that role_arn will be required (hashicorp/aws 5.100.0,
 * internal/provider/provider.go, configure); offline there is no STS to assume it with. An
 * override's nested block replaces the stack's (Terraform, "Override Files"). Every organization
 * stack has one AWS provider, without alias (asserted in __tests__/stacks/organization-app.test.ts).
 */
const OFFLINE_PROVIDER = { provider: { aws: [{ ...OFFLINE_AWS_PROVIDER, assume_role: [{ role_arn: '' }] }] } };
/** The organization as Control Tower leaves it: more principals trusted than this project needs. */
const TRUSTED_BY_CONTROL_TOWER = ['controltower.amazonaws.com', 'sso.amazonaws.com', ...TRUSTED_ACCESS_PRINCIPALS];
/** The security account's detectors that designating the administrator enabled: none to import offline (the plan creates them). */
const DELEGATED_DETECTOR_OVERRIDE = {
  data: { aws_guardduty_detector: { [DELEGATED_DETECTOR_DATA]: { count: 0 } } },
  locals: { [DELEGATED_DETECTOR_IDS_LOCAL]: [] },
};
/** The member's detector: no AWS call, the local everything reads a fixture (override files may override meta-arguments and locals). */
const MEMBER_DETECTOR_OVERRIDE = {
  data: { aws_guardduty_detector: { member: { count: 0 } } },
  locals: { guardduty_detector_id: DETECTOR_FIXTURE },
};
/** Resource types the organization's accounts run for a member: none of them planned in its stacks. */
const ORGANIZATION_RUN_TYPES = [
  'aws_guardduty_detector',
  'aws_guardduty_detector_feature',
  'aws_securityhub_account',
  'aws_securityhub_standards_subscription',
  'aws_securityhub_finding_aggregator',
  'aws_cloudtrail',
  'aws_cloudwatch_log_metric_filter',
  'aws_cloudwatch_metric_alarm',
];
/**
 * Resource types whose state schema hashicorp/aws 5.100.0 is at version 1 (`terraform providers
 * schema -json`); the others leaving are at 0. A seeded object at an older version would go
 * through the provider's state upgrader, which needs attributes an ID-only seed lacks.
 */
const SCHEMA_VERSION_1 = [
  'aws_securityhub_account',
  'aws_cloudwatch_event_rule',
  'aws_cloudwatch_event_target',
  'aws_cloudtrail',
  'aws_cloudwatch_metric_alarm',
];

/** Every `<type>.<name>` of a stack's JSON. */
// `any`: Terraform JSON is open-ended.
const addresses = (tf: any): string[] =>
  Object.entries((tf.resource ?? {}) as Record<string, object>).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`));

/** Managed resources of a plan, each asserted to be created, sorted. */
const creates = (plan: PlanJson) =>
  plan.resource_changes
    .filter((r) => r.mode === 'managed')
    .map((r) => {
      expect(`${r.address}: ${r.change.actions.join()}`).toBe(`${r.address}: create`);
      return r.address;
    })
    .sort();

const synth: SynthResult = synthApp(ORGANIZATION_CONFIG);
const json = (stack: string) => stackJson(synth, stack);
afterAll(() => synth.cleanup());

describe('organization app: the management stacks as synthesized', () => {
  test("org-management reads the trail key from the log archive stack's state, through the log archive state role", () => {
    const tf = json(MANAGEMENT);
    expect(tf.data.terraform_remote_state.log_archive.config).toMatchObject({
      key: stateKey(org.logArchive.state.backend, org.logArchive.stack),
      assume_role: { role_arn: org.logArchive.state.roleArn },
    });
    expect(tf.resource.aws_cloudtrail.organization.kms_key_id).toBe('${data.terraform_remote_state.log_archive.outputs.org_trail_key_arn}');
    // CloudTrail creates an organization trail through the API only once the organization trusts it.
    expect(tf.resource.aws_cloudtrail.organization.depends_on).toContain('terraform_data.trusted_access');
    // What the trusted-access check reads, and what the offline plans replace: the organization's principals.
    expect(tf.locals).toEqual({
      [SERVICE_ACCESS_PRINCIPALS_LOCAL]: '${tolist(data.aws_organizations_organization.current.aws_service_access_principals)}',
    });
  });

  test("org-management-<region> registers GuardDuty's administrator for its region and nothing else", () => {
    const tf = json(MANAGEMENT_REGIONAL);
    expect(Object.keys(tf.resource)).toEqual(['aws_guardduty_organization_admin_account']);
    expect(tf.resource.aws_guardduty_organization_admin_account.guardduty.admin_account_id).toBe(org.security.accountId);
  });

  test('a regional stack for the home region is refused', () => {
    const app = new App({ outdir: synth.outdir });
    expect(() => new OrgManagementRegionalStack(app, 'x', { org, region: { region: HOME, stack: 'x' } })).toThrow(
      /region us-east-1 is the home region/,
    );
  });

  test("every CIS 1.4.0 monitoring row: a metric filter on the organization trail's log group and an alarm notifying the management topic", () => {
    const tf = json(MANAGEMENT);
    const filters = tf.resource.aws_cloudwatch_log_metric_filter;
    const alarms = tf.resource.aws_cloudwatch_metric_alarm;
    expect(Object.keys(filters).sort()).toEqual(CIS_MONITORING.map((c) => c.id).sort());
    for (const c of CIS_MONITORING) {
      expect(filters[c.id]).toMatchObject({
        log_group_name: '${aws_cloudwatch_log_group.organization_trail.name}',
        pattern: c.filterPattern,
      });
      expect(alarms[c.id].alarm_actions).toEqual(['${aws_sns_topic.security_alerts.arn}']);
    }
    expect(Object.values(tf.resource.aws_sns_topic_subscription)).toEqual([
      expect.objectContaining({ protocol: 'email', endpoint: 'security-team@example.gov' }),
    ]);
  });

  test("the topic takes alarms of the management account's CloudWatch only, over TLS (evaluated)", async () => {
    const tf = json(MANAGEMENT);
    const management = org.management.accountId;
    const topicArn = `arn:aws:sns:${HOME}:${management}:govtech-security-alerts-management`;
    const policy = renderPolicy(tf.data.aws_iam_policy_document.security_alerts_topic.statement, {
      'aws_sns_topic.security_alerts.arn': topicArn,
      'data.aws_partition.current.partition': 'aws',
    });
    const publish = (account: string, secure = 'true') =>
      decide(policy, {
        principal: 'cloudwatch.amazonaws.com',
        action: 'sns:Publish',
        resource: topicArn,
        resourceAccount: management,
        context: {
          'aws:SourceAccount': account,
          'aws:SourceArn': `arn:aws:cloudwatch:${HOME}:${account}:alarm:govtech-management-root-account-usage`,
          'aws:SecureTransport': secure,
        },
      });
    expect(await publish(management)).toBe('Allowed');
    expect(await publish(org.security.accountId)).toBe('ImplicitlyDenied');
    expect(await publish(management, 'false')).toBe('ExplicitlyDenied');
  });
});

describeWithTerraform('organization mode: offline plans of the organization app', (tool) => {
  const plans: Record<string, PlanJson> = {};
  let standalone: SynthResult;
  /** What security-dev's standalone state holds that the member's stack does not: seeded. */
  let leaving: string[];
  let memberPlanText: string;

  /** The test override of org-management: the organization trusting `principals`, the log archive's state from a file. */
  const managementOverride = (principals: readonly string[]) => ({
    data: {
      aws_organizations_organization: { current: { count: 0 } },
      ...localRemoteState(path.join(synth.outdir, 'org-log-archive.tfstate'), 'log_archive', {
        org_trail_key_arn: { value: TRAIL_KEY_ARN, type: 'string' },
      }),
    },
    locals: { [SERVICE_ACCESS_PRINCIPALS_LOCAL]: principals },
  });

  async function prepareAndPlan(stack: string, override: Record<string, unknown> = {}): Promise<void> {
    const dir = synth.stackDir(stack);
    await prepareOfflineStack(tool, dir, { ...override, ...OFFLINE_PROVIDER });
    plans[stack] = await planJson(tool, dir);
  }

  /** A state as the standalone security-dev left it: `leaving`, each with an ID only (the plan does not refresh). */
  function seedStandaloneState(dir: string): void {
    const provider = 'provider["registry.terraform.io/hashicorp/aws"]';
    const resources = leaving.map((address) => {
      const [type, name] = address.split('.');
      return {
        mode: 'managed',
        type,
        name,
        provider,
        instances: [
          { schema_version: SCHEMA_VERSION_1.includes(type) ? 1 : 0, attributes: { id: `seeded-${name}` }, sensitive_attributes: [] },
        ],
      };
    });
    const state = { version: 4, terraform_version: '1.11.4', serial: 3, lineage: 'seeded-standalone', outputs: {}, resources };
    writeFileSync(path.join(dir, 'terraform.tfstate'), JSON.stringify(state));
  }

  async function planTheMove(): Promise<void> {
    const dir = synth.stackDir(MEMBER);
    await prepareOfflineStack(tool, dir, { ...MEMBER_DETECTOR_OVERRIDE, ...OFFLINE_PROVIDER });
    seedStandaloneState(dir);
    const run = await terraformOk(tool, dir, ['plan', '-input=false', '-no-color', '-lock=false', '-refresh=false', '-out=move.tfplan']);
    memberPlanText = run.stdout;
    plans[MEMBER] = JSON.parse((await terraformOk(tool, dir, ['show', '-json', '-no-color', 'move.tfplan'])).stdout) as PlanJson;
  }

  beforeAll(async () => {
    standalone = synthApp(validateConfig(standaloneConfigJson(), 'standalone counterpart of the organization fixture'));
    const own = addresses(json(MEMBER));
    leaving = addresses(stackJson(standalone, MEMBER)).filter((a) => !own.includes(a));
    await Promise.all([
      prepareAndPlan(LOG_ARCHIVE),
      prepareAndPlan(MANAGEMENT, managementOverride(TRUSTED_BY_CONTROL_TOWER)),
      prepareAndPlan(MANAGEMENT_REGIONAL),
      prepareAndPlan(SECURITY, DELEGATED_DETECTOR_OVERRIDE),
      prepareAndPlan(SECURITY_REGIONAL, DELEGATED_DETECTOR_OVERRIDE),
      planTheMove(),
      prepareAndPlan(MEMBER_REGIONAL, MEMBER_DETECTOR_OVERRIDE),
    ]);
  }, 600_000);
  afterAll(() => standalone?.cleanup());

  describe('org-log-archive', () => {
    const policyOf = (address: string) => JSON.parse(planned(plans[LOG_ARCHIVE], address).policy as string);

    test('creates the two buckets, their settings and the trail key, and nothing else', () => {
      expect(creates(plans[LOG_ARCHIVE])).toEqual(
        [
          'aws_kms_alias.org_trail',
          'aws_kms_key.org_trail',
          ...['logs', 'access_logs'].flatMap((b) => [
            `aws_s3_bucket.${b}`,
            `aws_s3_bucket_lifecycle_configuration.${b}`,
            `aws_s3_bucket_ownership_controls.${b}`,
            `aws_s3_bucket_policy.${b}`,
            `aws_s3_bucket_public_access_block.${b}`,
            `aws_s3_bucket_server_side_encryption_configuration.${b}`,
            `aws_s3_bucket_versioning.${b}`,
          ]),
          'aws_s3_bucket_logging.logs',
        ].sort(),
      );
    });

    test('the bucket and the key as configured: name, lifecycle, access logging, rotation, alias', () => {
      const plan = plans[LOG_ARCHIVE];
      expect(planned(plan, 'aws_s3_bucket.logs')).toMatchObject({ bucket: 'govtech-org-logs-555555555555' });
      expect(planned(plan, 'aws_s3_bucket.access_logs')).toMatchObject({ bucket: 'govtech-org-logs-555555555555-access' });
      const [rule] = planned(plan, 'aws_s3_bucket_lifecycle_configuration.logs').rule as Record<string, unknown>[];
      // The config's defaults: Glacier after 90 days, kept 365 (the organization's minimum).
      expect(rule).toMatchObject({
        status: 'Enabled',
        transition: [{ days: 90, storage_class: 'GLACIER' }],
        expiration: [{ days: 365 }],
        noncurrent_version_expiration: [{ noncurrent_days: 30 }],
      });
      expect(planned(plan, 'aws_s3_bucket_logging.logs')).toMatchObject({ target_prefix: 's3-access-logs/' });
      expect(planned(plan, 'aws_kms_key.org_trail')).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
      expect(planned(plan, 'aws_kms_alias.org_trail')).toMatchObject({ name: 'alias/govtech-org-trail' });
    });

    test('the planned bucket policy decides as the synthesized one: the trail, Config of the organization, the security account', async () => {
      const policy = policyOf('aws_s3_bucket_policy.logs');
      await expectTrailWrites(policy, org);
      await expectConfigDeliveries(policy, org);
      await expectInvestigatorReads(policy, org);
    });

    test('the planned access-logs policy: only the S3 logging service, for the log archive bucket', async () => {
      await expectAccessLogsPolicy(policyOf('aws_s3_bucket_policy.access_logs'), org);
    });

    test('the planned key policy: the organization trail encrypts, the security account decrypts, the management account only describes', async () => {
      await expectTrailKeyPolicy(policyOf('aws_kms_key.org_trail'), org);
    });

    test('outputs org_trail_key_arn and org_logs_bucket_name', () => {
      const outputs = plans[LOG_ARCHIVE].configuration.root_module.outputs ?? {};
      expect(Object.keys(outputs).sort()).toEqual(['org_logs_bucket_name', 'org_trail_key_arn']);
      expect(outputs.org_trail_key_arn.description).toMatch(/KMS key/);
    });
  });

  describe('org-management and org-management-<region>', () => {
    test('org-management plans the delegated administrators: GuardDuty and Security Hub, AWS Config (both principals), IAM Access Analyzer', () => {
      const plan = plans[MANAGEMENT];
      const security = org.security.accountId;
      expect(planned(plan, 'aws_guardduty_organization_admin_account.guardduty')).toMatchObject({ admin_account_id: security });
      expect(planned(plan, 'aws_securityhub_organization_admin_account.securityhub')).toMatchObject({ admin_account_id: security });
      for (const [name, principal] of [
        ['config', 'config.amazonaws.com'],
        ['config_multiaccountsetup', 'config-multiaccountsetup.amazonaws.com'],
        ['access_analyzer', 'access-analyzer.amazonaws.com'],
      ]) {
        expect(planned(plan, `aws_organizations_delegated_administrator.${name}`)).toMatchObject({
          account_id: security,
          service_principal: principal,
        });
      }
      // The organization itself is read, never managed; the trusted-access check passes and is planned.
      expect(plan.resource_changes.some((r) => r.type === 'aws_organizations_organization' && r.mode === 'managed')).toBe(false);
      expect(planned(plan, 'terraform_data.trusted_access')).toMatchObject({ input: { required: [...TRUSTED_ACCESS_PRINCIPALS] } });
    });

    test('org-management plans the organization trail with the log archive key, into the log archive bucket', () => {
      expect(planned(plans[MANAGEMENT], 'aws_cloudtrail.organization')).toMatchObject({
        name: 'govtech-organization-trail',
        s3_bucket_name: 'govtech-org-logs-555555555555',
        is_organization_trail: true,
        is_multi_region_trail: true,
        include_global_service_events: true,
        enable_log_file_validation: true,
        kms_key_id: TRAIL_KEY_ARN,
      });
      expect(planned(plans[MANAGEMENT], 'aws_cloudwatch_log_group.organization_trail')).toMatchObject({
        name: '/aws/cloudtrail/govtech-organization-trail',
        retention_in_days: 365,
      });
    });

    test('org-management-<region> plans only the GuardDuty administrator of its region', () => {
      expect(plans[MANAGEMENT_REGIONAL].resource_changes.map((r) => r.address)).toEqual([
        'aws_guardduty_organization_admin_account.guardduty',
      ]);
      expect(planned(plans[MANAGEMENT_REGIONAL], 'aws_guardduty_organization_admin_account.guardduty')).toMatchObject({
        admin_account_id: org.security.accountId,
      });
    });

    /**
     * The precondition exactly as synthesized (terraform_data.trusted_access, byte for byte), in a
     * configuration of its own with the organization's principals as the local it reads (as the
     * full plan's override sets them): Terraform evaluates it in a tenth of a second, with no
     * provider to start. Trusting every principal passes; without config.amazonaws.com it fails.
     */
    test('without trusted access for config.amazonaws.com the plan fails, naming it and the command that enables it', async () => {
      const check = (name: string, principals: readonly string[]) => {
        const dir = path.join(synth.outdir, 'trusted-access-only', name);
        mkdirSync(dir, { recursive: true });
        const only = {
          resource: { terraform_data: { trusted_access: json(MANAGEMENT).resource.terraform_data.trusted_access } },
          locals: { [SERVICE_ACCESS_PRINCIPALS_LOCAL]: principals },
        };
        writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(only));
        return terraform(tool, dir, ['plan', '-input=false', '-no-color', '-lock=false']);
      };
      const [trusted, untrusted] = await Promise.all([
        check('trusted', TRUSTED_BY_CONTROL_TOWER),
        check(
          'untrusted',
          TRUSTED_BY_CONTROL_TOWER.filter((p) => p !== 'config.amazonaws.com'),
        ),
      ]);
      expect(trusted.code).toBe(0);
      const message = untrusted.stderr.replace(/\s+/g, ' ');
      expect(untrusted.code).not.toBe(0);
      expect(message).toContain('Resource precondition failed');
      expect(message).toContain('Trusted access is not enabled in the organization for config.amazonaws.com.');
      expect(message).toContain(enableTrustedAccessCommand('config.amazonaws.com'));
      expect(message).not.toContain(enableTrustedAccessCommand('config-multiaccountsetup.amazonaws.com'));
    });
  });

  describe('org-security and org-security-<region>', () => {
    test('org-security creates exactly the delegated administrator home-region resources', () => {
      expect(creates(plans[SECURITY])).toEqual(
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
          'aws_sns_topic_subscription.' + Object.keys(json(SECURITY).resource.aws_sns_topic_subscription)[0],
        ].sort(),
      );
    });

    test('Security Hub: CENTRAL from the aggregator linking eu-west-1, the policy with the aws partition ARNs, on the root', () => {
      const plan = plans[SECURITY];
      expect(planned(plan, 'aws_securityhub_finding_aggregator.organization')).toMatchObject({
        linking_mode: 'SPECIFIED_REGIONS',
        specified_regions: [OTHER],
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
      expect(planned(plan, 'aws_securityhub_configuration_policy_association.root')).toMatchObject({ target_id: 'r-ab12' });
    });

    // organization.guardDuty of the fixture (prod's): RDS login events and Lambda network logs on, Runtime Monitoring off.
    test('GuardDuty in both regions: ALL members enrolled, the configured plans (an agent plan off with its agents), on the account’s own detector too', () => {
      for (const stack of [SECURITY, SECURITY_REGIONAL]) {
        const plan = plans[stack];
        expect(planned(plan, 'aws_guardduty_organization_configuration.organization')).toMatchObject({
          auto_enable_organization_members: 'ALL',
        });
        expect(planned(plan, 'aws_guardduty_organization_configuration_feature.runtime_monitoring')).toMatchObject({
          name: 'RUNTIME_MONITORING',
          auto_enable: 'NONE',
          additional_configuration: [
            { name: 'EKS_ADDON_MANAGEMENT', auto_enable: 'NONE' },
            { name: 'EC2_AGENT_MANAGEMENT', auto_enable: 'NONE' },
            { name: 'ECS_FARGATE_AGENT_MANAGEMENT', auto_enable: 'NONE' },
          ],
        });
        expect(planned(plan, 'aws_guardduty_organization_configuration_feature.rds_login_events')).toMatchObject({ auto_enable: 'ALL' });
        expect(planned(plan, 'aws_guardduty_organization_configuration_feature.s3_data_events')).toMatchObject({ auto_enable: 'ALL' });
        expect(planned(plan, 'aws_guardduty_detector_feature.runtime_monitoring')).toMatchObject({ status: 'DISABLED' });
        expect(planned(plan, 'aws_guardduty_detector_feature.rds_login_events')).toMatchObject({ status: 'ENABLED' });
        expect(Object.keys(plan.configuration.root_module.outputs ?? {})).toContain('guardduty_detector_id');
        // As deployed, the stack imports the detector the delegation enabled (offline, the override leaves nothing to import).
        expect(json(stack).import).toEqual([
          { for_each: `\${toset(local.${DELEGATED_DETECTOR_IDS_LOCAL})}`, to: 'aws_guardduty_detector.main', id: '${each.value}' },
        ]);
        expect(plan.resource_changes.filter((r) => r.mode === 'data' && r.type === 'aws_guardduty_detector')).toEqual([]);
      }
      expect(creates(plans[SECURITY_REGIONAL]).filter((a) => !a.startsWith('aws_guardduty_'))).toEqual([]);
    });

    test('Config aggregates the organization in the covered regions; the analyzer is of type ORGANIZATION', () => {
      const plan = plans[SECURITY];
      expect(planned(plan, 'aws_config_configuration_aggregator.organization').organization_aggregation_source).toMatchObject([
        { all_regions: false, regions: [HOME, OTHER] },
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
      const security = org.security.accountId;
      const policy = JSON.parse(planned(plans[SECURITY], 'aws_kms_key.govtech_main').policy as string);
      const keyArn = `arn:aws:kms:us-east-1:${security}:key/k`;
      const use = (principal: string, context: Record<string, string> = {}) =>
        decide(policy, { principal, action: 'kms:GenerateDataKey', resource: keyArn, resourceAccount: security, context });
      expect(await use('events.amazonaws.com')).toBe('Allowed');
      expect(await use('arn:aws:iam::123456789012:role/admin', { 'kms:CallerAccount': '123456789012' })).toBe('ImplicitlyDenied');
      expect(planned(plans[SECURITY], 'aws_cloudwatch_event_rule.organization_guardduty_high')).toMatchObject({
        name: 'govtech-org-guardduty-high',
      });
    });
  });

  describe('a member: security-dev moved over from standalone, security-dev-<region> fresh', () => {
    test('moving over: every standalone resource that leaves "will no longer be managed", nothing is destroyed', () => {
      const home = plans[MEMBER];
      expect(leaving).toEqual(
        expect.arrayContaining(['aws_guardduty_detector.main', 'aws_securityhub_account.main', 'aws_cloudtrail.govtech_audit']),
      );
      for (const type of ['aws_cloudwatch_metric_alarm', 'aws_cloudwatch_log_metric_filter', 'aws_guardduty_detector_feature']) {
        expect(leaving.filter((a) => a.startsWith(`${type}.`)).length).toBeGreaterThan(0);
      }
      const forgotten = home.resource_changes.filter((r) => r.change.actions.includes('forget')).map((r) => r.address);
      expect(forgotten.sort()).toEqual([...leaving].sort());
      expect(home.resource_changes.filter((r) => r.change.actions.includes('delete'))).toEqual([]);
      expect(memberPlanText).toContain('will no longer be managed by Terraform');
      expect(memberPlanText).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy/);
      for (const a of leaving) expect(memberPlanText).toContain(` - ${a}\n`);
    });

    test.each([MEMBER, MEMBER_REGIONAL])(
      '%s: no GuardDuty, Security Hub, trail or CIS alarm is planned; Config delivers to the log archive bucket, SSE-S3',
      (stack) => {
        const created = plans[stack].resource_changes.filter((r) => r.change.actions.includes('create')).map((r) => r.type);
        for (const t of ORGANIZATION_RUN_TYPES) expect(created).not.toContain(t);
        expect(created).toEqual(
          expect.arrayContaining(['aws_config_configuration_recorder', 'aws_ebs_encryption_by_default', 'aws_accessanalyzer_analyzer']),
        );
        const channel = planned(plans[stack], 'aws_config_delivery_channel.main');
        expect(channel).toMatchObject({ s3_bucket_name: org.trail.bucket, s3_key_prefix: 'config' });
        expect(channel.s3_kms_key_arn ?? null).toBeNull();
      },
    );

    test('a fresh member: the removed blocks of resources not in state are ignored', () => {
      expect(json(MEMBER_REGIONAL).removed.length).toBeGreaterThan(0);
      expect(plans[MEMBER_REGIONAL].resource_changes.filter((r) => !r.change.actions.every((a) => a === 'create'))).toEqual([]);
    });

    test("outputs: the detector read through the local (here the override's fixture), the organization trail's ARN", () => {
      expect(plans[MEMBER].planned_values.outputs).toMatchObject({
        guardduty_detector_id: { value: DETECTOR_FIXTURE },
        guardduty_detector_ids: { value: { [HOME]: DETECTOR_FIXTURE } },
        cloudtrail_arn: { value: 'arn:aws:cloudtrail:us-east-1:100000000001:trail/govtech-organization-trail' },
      });
      expect(plans[MEMBER_REGIONAL].planned_values.outputs).toMatchObject({ guardduty_detector_id: { value: DETECTOR_FIXTURE } });
    });
  });
});
