/**
 * Organization mode, a member's stacks (security-<env>, security-<env>-<region>) as synthesized:
 * no GuardDuty, Security Hub, finding aggregator, trail or CIS alarms of their own; what stays
 * per account; Config delivering to the log archive bucket; the detector IDs read through
 * `data.aws_guardduty_detector` and a local; the documented outputs; and a `removed` block
 * (destroy = false) for every resource a standalone deployment of the same config holds that
 * the member's stack does not.
 */
import { App } from 'cdktf';
import { ConfigError, validateConfig } from '../../src/config';
import { resolvePlan } from '../../src/config/plan';
import { SecurityStack } from '../../src/stacks/security-stack';
import { deployRoleArn, organizationConfigJson, standaloneConfigJson } from '../fixtures/organization-config';
import { stackJson, synthApp, SynthResult } from '../helpers/terraform';

/**
 * The organization fixture with a disabled control in the configuration policy, and staging in
 * dev's account (dev owns its services); its standalone counterpart (standaloneConfigJson) is the
 * same deployment before the move: dev and prod over both regions with the control disabled.
 */
const VARIANT_JSON = (() => {
  const c = organizationConfigJson();
  c.organization.securityHub = { disabledControls: [{ control: 'IAM.1', reason: 'policies are reviewed in the pipeline' }] };
  c.environments.staging.accountId = c.environments.dev.accountId;
  c.environments.staging.deployRoleArn = deployRoleArn(c.environments.dev.accountId);
  c.environments.staging.accountServicesOwner = 'dev';
  return c;
})();
const VARIANT = validateConfig(VARIANT_JSON, 'member-mode variant');
const ORG = resolvePlan(VARIANT).organization!;
const ORG_BUCKET = 'govtech-org-logs-555555555555';
const ORG_TRAIL_ARN = 'arn:aws:cloudtrail:us-east-1:100000000001:trail/govtech-organization-trail';
const CONFIG_PREFIX = 'config';

/** A synthesized app's stacks by name. */
function synthesized(synth: SynthResult) {
  return { ...synth, json: (stack: string) => stackJson(synth, stack) };
}

/** Resource types the organization's accounts run for a member: none of them in its stacks. */
const ORGANIZATION_RUN_TYPES = [
  'aws_guardduty_detector',
  'aws_guardduty_detector_feature',
  'aws_securityhub_account',
  'aws_securityhub_standards_subscription',
  'aws_securityhub_standards_control_association',
  'aws_securityhub_finding_aggregator',
  'aws_cloudtrail',
  'aws_cloudwatch_log_metric_filter',
  'aws_cloudwatch_metric_alarm',
];

/** Every `<type>.<name>` of a stack's JSON. */
const addresses = (tf: any): string[] =>
  Object.entries((tf.resource ?? {}) as Record<string, object>).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`));
const removedOf = (tf: any): { from: string; lifecycle: { destroy: boolean } }[] => tf.removed ?? [];

describe('organization mode: member stacks', () => {
  let member: ReturnType<typeof synthesized>;
  let standalone: ReturnType<typeof synthesized>;

  beforeAll(() => {
    member = synthesized(synthApp(VARIANT));
    standalone = synthesized(synthApp(validateConfig(standaloneConfigJson(VARIANT_JSON), 'member-mode variant, standalone')));
    expect([ORG.trail.bucket, ORG.trail.arn, ORG.trail.configPrefix]).toEqual([ORG_BUCKET, ORG_TRAIL_ARN, CONFIG_PREFIX]);
  });
  afterAll(() => {
    member?.cleanup();
    standalone?.cleanup();
  });

  test.each(['security-dev', 'security-dev-eu-west-1', 'security-staging', 'security-prod'])(
    '%s: no GuardDuty, Security Hub, aggregator, trail or CIS alarm resources',
    (stack) => {
      const types = Object.keys(member.json(stack).resource ?? {});
      for (const t of ORGANIZATION_RUN_TYPES) expect(types).not.toContain(t);
      // The standalone stack has the GuardDuty and Security Hub ones (where it owns its account's services): the test tells them apart.
      if (stack !== 'security-staging') expect(Object.keys(standalone.json(stack).resource)).toContain('aws_securityhub_account');
    },
  );

  test('security-dev keeps what stays per account: key, WAF, secrets, alerts topic, cost monitor, account controls, EBS encryption, Access Analyzer, Config', () => {
    const types = Object.keys(member.json('security-dev').resource);
    for (const t of [
      'aws_kms_key',
      'aws_wafv2_web_acl',
      'aws_secretsmanager_secret',
      'aws_sns_topic',
      'aws_ce_anomaly_monitor',
      'aws_iam_account_password_policy',
      'aws_s3_account_public_access_block',
      'aws_iam_role_policy_attachment',
      'aws_ebs_encryption_by_default',
      'aws_accessanalyzer_analyzer',
      'aws_config_configuration_recorder',
      'aws_config_configuration_recorder_status',
      'aws_iam_service_linked_role',
    ])
      expect(types).toContain(t);
    expect(addresses(member.json('security-dev'))).not.toContain('aws_cloudwatch_log_group.cloudtrail');
  });

  test.each(['security-dev', 'security-dev-eu-west-1'])(
    "%s: Config delivers to the log archive bucket under the organization's Config prefix, SSE-S3 (no KMS key)",
    (stack) => {
      const channels = Object.values<Record<string, unknown>>(member.json(stack).resource.aws_config_delivery_channel);
      expect(channels).toHaveLength(1);
      expect(channels[0]).toMatchObject({ s3_bucket_name: ORG_BUCKET, s3_key_prefix: CONFIG_PREFIX });
      expect(channels[0]).not.toHaveProperty('s3_kms_key_arn');
      // The standalone channel delivers to the logs bucket with the module key.
      const own = Object.values(standalone.json(stack).resource.aws_config_delivery_channel)[0] as Record<string, unknown>;
      expect(own.s3_kms_key_arn).toEqual(expect.any(String));
    },
  );

  test("the member's key policy grants neither CloudTrail nor Config delivery (nothing of the member encrypts with it for them)", () => {
    const statements = (member.json('security-dev').data.aws_iam_policy_document.kms_key_policy.statement as { sid: string }[]).map(
      (s) => s.sid,
    );
    expect(statements.filter((s) => /CloudTrail|Config/.test(s))).toEqual([]);
    const own = (standalone.json('security-dev').data.aws_iam_policy_document.kms_key_policy.statement as { sid: string }[]).map(
      (s) => s.sid,
    );
    expect(own).toEqual(expect.arrayContaining(['AllowCloudTrailEncryptLogs', 'AllowConfigDeliveryEncryption']));
  });

  test('the GuardDuty detector is read (data source through a local), in the home and the regional stack; no remote state of the home stack in the regional one', () => {
    for (const stack of ['security-dev', 'security-dev-eu-west-1']) {
      const tf = member.json(stack);
      expect(Object.keys(tf.data.aws_guardduty_detector)).toEqual(['member']);
      // No argument (cdktf's metadata aside): the account's single detector in the region.
      expect(Object.keys(tf.data.aws_guardduty_detector.member).filter((k) => k !== '//')).toEqual([]);
      expect(tf.locals).toEqual({ guardduty_detector_id: '${data.aws_guardduty_detector.member.id}' });
      expect(tf.output.guardduty_detector_id.value).toBe('${local.guardduty_detector_id}');
    }
    expect(member.json('security-dev').output.guardduty_detector_ids.value).toBe(
      '${zipmap([var.aws_region], [local.guardduty_detector_id])}',
    );
    expect(member.json('security-dev-eu-west-1').data.terraform_remote_state).toBeUndefined();
    expect(standalone.json('security-dev-eu-west-1').data.terraform_remote_state.home).toBeDefined();
  });

  test("a member sharing its account reports the owner's detector (its state), reading none itself", () => {
    const tf = member.json('security-staging');
    expect(tf.data.aws_guardduty_detector).toBeUndefined();
    expect(tf.output.guardduty_detector_id.value).toBe(
      '${data.terraform_remote_state.account_services_owner.outputs.guardduty_detector_id}',
    );
  });

  test.each(['security-dev', 'security-staging', 'security-prod'])(
    '%s: the documented outputs keep their names; cloudtrail_arn is the organization trail that records the account',
    (stack) => {
      const outputs = member.json(stack).output;
      expect(Object.keys(outputs).sort()).toEqual(Object.keys(standalone.json(stack).output).sort());
      expect(outputs.cloudtrail_arn.value).toBe(ORG_TRAIL_ARN);
    },
  );

  test.each([
    [
      'security-dev',
      [
        'aws_guardduty_detector.main',
        'aws_securityhub_account.main',
        'aws_cloudtrail.govtech_audit',
        'aws_securityhub_finding_aggregator.all_regions',
      ],
    ],
    ['security-dev-eu-west-1', ['aws_guardduty_detector.main', 'aws_securityhub_account.main']],
    ['security-prod', ['aws_guardduty_detector.main', 'aws_securityhub_account.main', 'aws_cloudtrail.govtech_audit']],
  ])(
    '%s: a removed block (destroy = false) for every resource its standalone stack holds and it does not, none for one it has',
    (stack, atLeast) => {
      const removed = removedOf(member.json(stack));
      for (const r of removed) expect(r.lifecycle).toEqual({ destroy: false });
      const from = removed.map((r) => r.from);
      const own = addresses(member.json(stack));
      const left = addresses(standalone.json(stack)).filter((a) => !own.includes(a));
      expect(left.length).toBeGreaterThan(0);
      expect(from).toEqual(expect.arrayContaining([...left, ...atLeast]));
      expect(from.filter((a) => own.includes(a))).toEqual([]);
      // dev's disabled control: its association in both chosen standards.
      if (stack.startsWith('security-dev')) {
        expect(left).toEqual(
          expect.arrayContaining([
            'aws_securityhub_standards_control_association.aws_foundational_disable_iam_1',
            'aws_securityhub_standards_control_association.cis_1_4_0_disable_iam_1',
          ]),
        );
      }
    },
  );

  test('standalone stacks have no removed blocks and no GuardDuty data source', () => {
    for (const stack of ['security-dev', 'security-dev-eu-west-1', 'security-prod']) {
      expect(standalone.json(stack).removed).toBeUndefined();
      expect(standalone.json(stack).data?.aws_guardduty_detector).toBeUndefined();
    }
  });

  test('organization mode refuses regionalStacksMigration: the config, naming the field and what to do; the stack too, naming the order of the two moves', () => {
    const migrating = JSON.parse(JSON.stringify(VARIANT_JSON));
    migrating.environments.dev.regionalStacksMigration = true;
    expect(() => validateConfig(migrating, 'test.json')).toThrow(ConfigError);
    expect(() => validateConfig(migrating, 'test.json')).toThrow(
      /environments\.dev\.regionalStacksMigration.*must not be on in organization mode.*Apply the migration in standalone mode first/s,
    );
    const dev = resolvePlan(VARIANT).environments.find((e) => e.environment === 'dev')!;
    expect(
      () =>
        new SecurityStack(new App(), dev.securityStack, {
          plan: { ...dev, regionalStacksMigration: { guardDutyDetectorIds: { 'eu-west-1': '34cde56f34cde56f34cde56f34cde56f' } } },
        }),
    ).toThrow(/environments\.dev\.regionalStacksMigration is true in organization mode: finish the move to regional stacks first/);
  });
});
