/**
 * Organization mode, a member's stacks through Terraform (offline): security-dev planned on a
 * state seeded with what its standalone deployment holds and the member's stack does not (the
 * move into organization mode), and security-dev-eu-west-1 planned fresh. The member's GuardDuty
 * detector is a data source (it calls AWS): the override sets its `count = 0` and the local
 * everything reads to a fixture (override files may override meta-arguments and locals).
 */
import { writeFileSync } from 'fs';
import * as path from 'path';
import { validateConfig } from '../../src/config';
import { configWith } from '../helpers/config-edit';
import {
  CONFIG_PREFIX,
  memberOrganization,
  MemberSynth,
  ORG_BUCKET,
  ORG_TRAIL_ARN,
  projectPlan,
  synthMembers,
} from '../helpers/org-fixture-members';
import { describeWithTerraform, PlanJson, planJson, planned, prepareOfflineStack, terraformOk } from '../helpers/terraform';

const VARIANT = validateConfig(
  configWith((c) => {
    c.environments.dev.regions = ['us-east-1', 'eu-west-1'];
  }),
);
const DETECTOR_FIXTURE = '6ab12c34d567e8fa901bc2d34e56789f';
/** The override's part for the member's detector: no AWS call, the local a fixture. */
const DETECTOR_OVERRIDE = {
  data: { aws_guardduty_detector: { member: { count: 0 } } },
  locals: { guardduty_detector_id: DETECTOR_FIXTURE },
};
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
const addresses = (tf: any): string[] =>
  Object.entries((tf.resource ?? {}) as Record<string, object>).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`));

describeWithTerraform('organization mode: a member stack plans offline', (tool) => {
  let member: MemberSynth;
  let standalone: MemberSynth;
  /** What security-dev's standalone state holds that the member's stack does not: seeded. */
  let leaving: string[];
  let home: PlanJson;
  let homeText: string;
  let regional: PlanJson;

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

  beforeAll(async () => {
    member = synthMembers(projectPlan(VARIANT, memberOrganization()));
    standalone = synthMembers(projectPlan(VARIANT));
    const own = addresses(member.json('security-dev'));
    leaving = addresses(standalone.json('security-dev')).filter((a) => !own.includes(a));
    const homeDir = member.stackDir('security-dev');
    const regionalDir = member.stackDir('security-dev-eu-west-1');
    await Promise.all([
      prepareOfflineStack(tool, homeDir, DETECTOR_OVERRIDE).then(async () => {
        seedStandaloneState(homeDir);
        const run = await terraformOk(tool, homeDir, [
          'plan',
          '-input=false',
          '-no-color',
          '-lock=false',
          '-refresh=false',
          '-out=move.tfplan',
        ]);
        homeText = run.stdout;
        home = JSON.parse((await terraformOk(tool, homeDir, ['show', '-json', '-no-color', 'move.tfplan'])).stdout) as PlanJson;
      }),
      prepareOfflineStack(tool, regionalDir, DETECTOR_OVERRIDE).then(async () => (regional = await planJson(tool, regionalDir))),
    ]);
  }, 600_000);
  afterAll(() => {
    member?.cleanup();
    standalone?.cleanup();
  });

  test('moving over: every standalone resource that leaves "will no longer be managed", nothing is destroyed', () => {
    expect(leaving).toEqual(
      expect.arrayContaining(['aws_guardduty_detector.main', 'aws_securityhub_account.main', 'aws_cloudtrail.govtech_audit']),
    );
    for (const type of ['aws_cloudwatch_metric_alarm', 'aws_cloudwatch_log_metric_filter', 'aws_guardduty_detector_feature']) {
      expect(leaving.filter((a) => a.startsWith(`${type}.`)).length).toBeGreaterThan(0);
    }
    const forgotten = home.resource_changes.filter((r) => r.change.actions.includes('forget')).map((r) => r.address);
    expect(forgotten.sort()).toEqual([...leaving].sort());
    expect(home.resource_changes.filter((r) => r.change.actions.includes('delete'))).toEqual([]);
    expect(homeText).toContain('will no longer be managed by Terraform');
    expect(homeText).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy/);
    for (const a of leaving) expect(homeText).toContain(` - ${a}\n`);
  });

  test.each([
    ['security-dev', () => home],
    ['security-dev-eu-west-1', () => regional],
  ])('%s: no GuardDuty, Security Hub, trail or CIS alarm is planned; Config delivers to the log archive bucket, SSE-S3', (_stack, plan) => {
    const created = plan()
      .resource_changes.filter((r) => r.change.actions.includes('create'))
      .map((r) => r.type);
    for (const t of ORGANIZATION_RUN_TYPES) expect(created).not.toContain(t);
    expect(created).toEqual(
      expect.arrayContaining(['aws_config_configuration_recorder', 'aws_ebs_encryption_by_default', 'aws_accessanalyzer_analyzer']),
    );
    const channel = planned(plan(), 'aws_config_delivery_channel.main');
    expect(channel).toMatchObject({ s3_bucket_name: ORG_BUCKET, s3_key_prefix: CONFIG_PREFIX });
    expect(channel.s3_kms_key_arn ?? null).toBeNull();
  });

  test('a fresh member: the removed blocks of resources not in state are ignored', () => {
    expect(member.json('security-dev-eu-west-1').removed.length).toBeGreaterThan(0);
    expect(regional.resource_changes.filter((r) => !r.change.actions.every((a) => a === 'create'))).toEqual([]);
  });

  test("outputs: the detector read through the local (here the override's fixture), the organization trail's ARN", () => {
    expect(home.planned_values.outputs).toMatchObject({
      guardduty_detector_id: { value: DETECTOR_FIXTURE },
      guardduty_detector_ids: { value: { 'us-east-1': DETECTOR_FIXTURE } },
      cloudtrail_arn: { value: ORG_TRAIL_ARN },
    });
    expect(regional.planned_values.outputs).toMatchObject({ guardduty_detector_id: { value: DETECTOR_FIXTURE } });
  });
});
