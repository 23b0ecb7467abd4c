/**
 * Regional stacks (issue 17): every covered region besides the home one is a stack of its own
 * (`security-<env>-<region>`, one AWS provider), depending on the home stack; the home stack
 * links them; the environment's state role covers them; `regionalStacksMigration` forgets the
 * old `_<region>` resources in the home stack and imports them in the regional stacks.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { checkedStackNames, evaluate, readStacks } from '../../src/compliance/check';
import type { StackJson } from '../../src/compliance/stack-json';
import { loadConfig, ProjectConfig, REGION_PRESETS, validateConfig } from '../../src/config';
import { decideRequest } from '../helpers/policy-sim';
import { stackJson, synthApp, SynthResult } from '../helpers/terraform';

// `any`: a config being edited is plain JSON.
type EditableConfig = Record<string, any>;

function configWith(change: (c: EditableConfig) => void): ProjectConfig {
  const c = JSON.parse(JSON.stringify(loadConfig()));
  change(c);
  return validateConfig(c);
}

const THREE = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

/** dev in THREE regions, synthesized once for the describes that read it (none changes its files). */
let threeRegionsSynth: SynthResult | undefined;
const threeRegions = () => (threeRegionsSynth ??= synthApp(configWith((c) => (c.environments.dev.regions = THREE))));
afterAll(() => threeRegionsSynth?.cleanup());
const DETECTORS = { 'eu-west-1': '34cde56f34cde56f34cde56f34cde56f', 'ap-southeast-2': '56ef78a956ef78a956ef78a956ef78a9' };

/** The stacks' names and dependencies as cdktf wrote them (manifest.json). */
function manifest(s: SynthResult): Record<string, { dependencies: string[] }> {
  return JSON.parse(readFileSync(path.join(s.outdir, 'manifest.json'), 'utf8')).stacks;
}

describe('17 regions ("default-enabled"): a stack per region, at most two AWS providers per stack', () => {
  let s: SynthResult;
  const others = REGION_PRESETS['default-enabled'].filter((r) => r !== 'us-east-1');
  beforeAll(() => (s = synthApp(configWith((c) => (c.environments.dev.regions = 'default-enabled')))));
  afterAll(() => s.cleanup());

  test('security-dev plus one security-dev-<region> per other region, each depending on security-dev and bootstrap', () => {
    expect(others).toHaveLength(16);
    const stacks = manifest(s);
    const regional = Object.keys(stacks).filter((n) => n.startsWith('security-dev-'));
    expect(regional.sort()).toEqual(others.map((r) => `security-dev-${r}`).sort());
    for (const name of regional) expect(stacks[name].dependencies.sort()).toEqual(['bootstrap', 'security-dev']);
    // No cycle: the home stack depends on none of them.
    expect(stacks['security-dev'].dependencies.sort()).toEqual(['bootstrap', 'logs-dev']);
  });

  test('every stack of the app declares at most two AWS provider configurations; the regional stacks exactly one, on their region', () => {
    for (const name of Object.keys(manifest(s))) {
      const providers = stackJson(s, name).provider?.aws ?? [];
      expect(providers.length).toBeLessThanOrEqual(2);
    }
    for (const region of others) {
      const providers = stackJson(s, `security-dev-${region}`).provider.aws;
      expect(providers).toEqual([
        {
          region,
          allowed_account_ids: ['111111111111'],
          default_tags: [{ tags: { Environment: 'dev', Project: 'govtech', ManagedBy: 'cdktf' } }],
        },
      ]);
    }
    expect(stackJson(s, 'security-dev').provider.aws).toHaveLength(1);
  });

  test('the home aggregator links exactly the 16 other regions (not the whole partition: SPECIFIED_REGIONS) and waits on the home hub only', () => {
    const aggregator = stackJson(s, 'security-dev').resource.aws_securityhub_finding_aggregator.all_regions;
    expect(aggregator.depends_on).toEqual(['aws_securityhub_account.main']);
    expect(aggregator.linking_mode).toBe('SPECIFIED_REGIONS');
    expect(aggregator.specified_regions).toEqual(others);
  });

  test("dev's state role may write the regional stacks' states, within IAM's 10,240-character inline policy limit", async () => {
    const bootstrap = stackJson(s, 'bootstrap');
    const policy = JSON.parse(bootstrap.resource.aws_iam_role_policy.state_dev.policy);
    expect(JSON.stringify(policy).length).toBeLessThanOrEqual(10_240);
    const role = `arn:aws:iam::999999999999:role/${bootstrap.resource.aws_iam_role.state_dev.name}`;
    const put = (stack: string) =>
      decideRequest({
        principal: role,
        action: 's3:PutObject',
        resource: `arn:aws:s3:::govtech-terraform-state-999999999999/govtech/${stack}/terraform.tfstate`,
        resourceAccount: '999999999999',
        identityPolicies: [policy],
      });
    expect(await put('security-dev-eu-west-1')).toBe('Allowed');
    expect(await put('security-dev-sa-east-1')).toBe('Allowed');
    expect(await put('security-staging-eu-west-1')).toBe('ImplicitlyDenied');
  });
});

describe('three regions: the regional stack', () => {
  let s: SynthResult;
  beforeAll(() => (s = threeRegions()));

  test('its state: own key, the environment role; the key ARN read from the home stack through the same role', () => {
    const tf = stackJson(s, 'security-dev-eu-west-1');
    expect(tf.terraform.backend.s3).toMatchObject({
      key: 'govtech/security-dev-eu-west-1/terraform.tfstate',
      assume_role: { role_arn: 'arn:aws:iam::999999999999:role/govtech-dev-terraform-state' },
      workspace_key_prefix: 'govtech/security-dev-eu-west-1/workspaces',
    });
    expect(tf.data.terraform_remote_state.home.config).toMatchObject({
      key: 'govtech/security-dev/terraform.tfstate',
      assume_role: { role_arn: 'arn:aws:iam::999999999999:role/govtech-dev-terraform-state' },
    });
    expect(tf.resource.aws_config_delivery_channel.main).toMatchObject({
      s3_bucket_name: 'govtech-dev-logs-111111111111',
      s3_kms_key_arn: '${data.terraform_remote_state.home.outputs.kms_key_arn}',
    });
    // The home stack outputs it (a documented output).
    expect(stackJson(s, 'security-dev').output.kms_key_arn.value).toBe('${aws_kms_key.govtech_main.arn}');
  });

  test("plain addresses; the home region's Config role, no global types, no IAM role, no alert rule of its own", () => {
    const r = stackJson(s, 'security-dev-eu-west-1').resource;
    expect(Object.keys(r).sort()).toEqual(
      [
        'aws_accessanalyzer_analyzer',
        'aws_config_configuration_recorder',
        'aws_config_configuration_recorder_status',
        'aws_config_delivery_channel',
        'aws_ebs_encryption_by_default',
        'aws_guardduty_detector',
        'aws_guardduty_detector_feature',
        'aws_securityhub_account',
        'aws_securityhub_standards_subscription',
      ].sort(),
    );
    expect(Object.keys(r.aws_guardduty_detector)).toEqual(['main']);
    expect(r.aws_config_configuration_recorder.main.recording_group.include_global_resource_types).toBe(false);
    expect(r.aws_config_configuration_recorder.main.role_arn).toBe(
      'arn:${data.aws_partition.current.partition}:iam::111111111111:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig',
    );
    expect(stackJson(s, 'security-dev-eu-west-1').output).toEqual({
      guardduty_detector_id: { description: 'GuardDuty detector ID of eu-west-1', value: '${aws_guardduty_detector.main.id}' },
    });
  });

  test('the home stack builds no other region: one provider, guardduty_detector_ids of the home region only', () => {
    const home = stackJson(s, 'security-dev');
    expect(Object.keys(home.resource.aws_guardduty_detector)).toEqual(['main']);
    expect(home.provider.aws).toHaveLength(1);
    expect(home.output.guardduty_detector_ids.value).toBe('${zipmap([var.aws_region], [aws_guardduty_detector.main.id])}');
    expect(home.removed).toBeUndefined();
    expect(stackJson(s, 'security-dev-eu-west-1').import).toBeUndefined();
  });
});

describe('regionalStacksMigration', () => {
  let s: SynthResult;
  beforeAll(
    () =>
      (s = synthApp(
        configWith((c) => {
          c.environments.dev.regions = THREE;
          c.environments.dev.regionalStacksMigration = true;
          c.environments.dev.adopt = { guardDutyDetectorIds: DETECTORS };
        }),
      )),
  );
  afterAll(() => s.cleanup());

  test('the home stack forgets (destroy = false) exactly what the regional stacks now hold, under its old _<region> names', () => {
    const home = stackJson(s, 'security-dev');
    const expected = ['eu-west-1', 'ap-southeast-2'].flatMap((region) => {
      const r = stackJson(s, `security-dev-${region}`).resource;
      const suffix = region.replace(/-/g, '_');
      return Object.entries(r).flatMap(([type, byName]) => Object.keys(byName as object).map((n) => `${type}.${n}_${suffix}`));
    });
    expect(expected).toContain('aws_guardduty_detector.main_eu_west_1');
    expect(expected).toContain('aws_guardduty_detector_feature.s3_data_events_ap_southeast_2');
    expect(home.removed.map((b: { from: string }) => b.from).sort()).toEqual(expected.sort());
    for (const block of home.removed) expect(block.lifecycle).toEqual({ destroy: false });
    // Terraform needs the providers those resources were created with, while the switch is on.
    expect(home.provider.aws.map((p: { alias?: string }) => p.alias)).toEqual([undefined, 'eu_west_1', 'ap_southeast_2']);
  });

  test('each regional stack imports what AWS can find by config, the detector by its adopted ID; detector features are created', () => {
    const imports = stackJson(s, 'security-dev-eu-west-1').import;
    const byTo = Object.fromEntries(imports.map((i: { to: string; id: string }) => [i.to, i.id]));
    expect(byTo).toEqual({
      'aws_guardduty_detector.main': DETECTORS['eu-west-1'],
      'aws_securityhub_account.main': '111111111111',
      'aws_securityhub_standards_subscription.cis_1_4_0':
        'arn:aws:securityhub:eu-west-1:111111111111:subscription/cis-aws-foundations-benchmark/v/1.4.0',
      'aws_securityhub_standards_subscription.aws_foundational':
        'arn:aws:securityhub:eu-west-1:111111111111:subscription/aws-foundational-security-best-practices/v/1.0.0',
      'aws_config_configuration_recorder.main': 'govtech-dev',
      'aws_config_configuration_recorder_status.main': 'govtech-dev',
      'aws_config_delivery_channel.main': 'govtech-dev',
      'aws_ebs_encryption_by_default.main': 'default',
      'aws_accessanalyzer_analyzer.account': 'govtech-dev-account',
    });
  });

  test('without the detector ID of every other region, synth stops naming the field and the fix', () => {
    expect(() =>
      synthApp(
        configWith((c) => {
          c.environments.dev.regions = THREE;
          c.environments.dev.regionalStacksMigration = true;
          c.environments.dev.adopt = { guardDutyDetectorIds: { 'eu-west-1': DETECTORS['eu-west-1'] } };
        }),
      ),
    ).toThrow(/environments\.dev\.regionalStacksMigration is true but adopt\.guardDutyDetectorIds has no detector ID for ap-southeast-2/);
  });

  test('a single-region environment is untouched by the switch', () => {
    const single = synthApp(configWith((c) => (c.environments.prod.regionalStacksMigration = true)));
    try {
      expect(stackJson(single, 'security-prod').removed).toBeUndefined();
      expect(Object.keys(manifest(single)).filter((n) => n.startsWith('security-prod-'))).toEqual([]);
    } finally {
      single.cleanup();
    }
  });
});

describe('compliance: the regional stacks are checked with the home stack, region by region', () => {
  let s: SynthResult;
  beforeAll(() => (s = threeRegions()));

  const resultOf = (stacks: Record<string, StackJson>, id: string) =>
    evaluate(s.app.plan, stacks)
      .find((r) => r.stack === 'security-dev')!
      .results.find((r) => r.control.id === id)!;

  test('as synthesized, every region has EKS audit log monitoring (GuardDuty.5) and Config (Config.1)', () => {
    const stacks = readStacks(s.outdir, checkedStackNames(s.app.plan));
    expect(Object.keys(stacks)).toEqual(expect.arrayContaining(['security-dev-eu-west-1', 'security-dev-ap-southeast-2']));
    expect(resultOf(stacks, 'GuardDuty.5').status).toBe('satisfied');
    expect(resultOf(stacks, 'Config.1').status).toBe('satisfied');
  });

  test("a regional stack's disabled plan fails the control, named at the address the region had in the home stack", () => {
    const stacks = readStacks(s.outdir, checkedStackNames(s.app.plan));
    const eu = JSON.parse(JSON.stringify(stacks['security-dev-eu-west-1']));
    eu.resource.aws_guardduty_detector_feature.eks_audit_logs.status = 'DISABLED';
    const result = resultOf({ ...stacks, 'security-dev-eu-west-1': eu }, 'GuardDuty.5');
    expect(result.status).toBe('failed');
    expect(result.findings.map((f) => f.resource)).toEqual(['aws_guardduty_detector_feature.eks_audit_logs_eu_west_1']);
  });
});
