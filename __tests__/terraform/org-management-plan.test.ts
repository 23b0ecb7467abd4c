/**
 * The management account's stacks (`org-management`, `org-management-<region>`), synthesized
 * from the example organization in their own app, then planned offline: the organization data
 * source is replaced by a fixture list of trusted principals (its `count = 0`, the local
 * overridden), the log archive's state by a local file holding the trail key's ARN. With every
 * required principal trusted the plan succeeds; without config.amazonaws.com it fails, naming it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { enableTrustedAccessCommand, TRUSTED_ACCESS_PRINCIPALS } from '../../src/security/organization-admins';
import { OrgManagementRegionalStack } from '../../src/stacks/org-management-regional-stack';
import { OrgManagementStack } from '../../src/stacks/org-management-stack';
import { stateKey } from '../../src/stacks/backend';
import { CIS_MONITORING } from '../../src/catalog/cis-monitoring';
import { decide, renderPolicy } from '../helpers/policy-sim';
import { managementOrgFixture, ORG } from '../helpers/org-fixture-management';
import {
  describeWithTerraform,
  localRemoteState,
  planJson,
  PlanJson,
  planned,
  prepareOfflineStack,
  terraform,
  writeOfflineOverride,
} from '../helpers/terraform';

const org = managementOrgFixture();
const HOME = org.management.stack;
const REGIONAL = org.management.regionalStacks[0].stack;
const TRAIL_KEY_ARN = `arn:aws:kms:${ORG.home}:${ORG.logArchive}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

interface OrgSynth {
  readonly outdir: string;
  stackDir(stack: string): string;
  // `any`: Terraform JSON is open-ended, and the tests index into it freely.
  json(stack: string): any;
  cleanup(): void;
}

/** The management stacks in an app of their own (the app is not wired to the organization yet). */
function synthManagementStacks(): OrgSynth {
  const outdir = mkdtempSync(path.join(tmpdir(), 'govtech-org-management-'));
  const app = new App({ outdir });
  new OrgManagementStack(app, HOME, { org });
  for (const region of org.management.regionalStacks) new OrgManagementRegionalStack(app, region.stack, { org, region });
  app.synth();
  const stackDir = (stack: string) => path.join(outdir, 'stacks', stack);
  return {
    outdir,
    stackDir,
    json: (stack) => JSON.parse(readFileSync(path.join(stackDir(stack), 'cdk.tf.json'), 'utf8')),
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

describe('management stacks: synthesized', () => {
  const synth = synthManagementStacks();
  afterAll(() => synth.cleanup());

  test.each([
    [HOME, ORG.home],
    [REGIONAL, ORG.other],
  ])('%s: one AWS provider, in %s, limited to the management account', (stack, region) => {
    const providers = synth.json(stack).provider.aws;
    expect(providers).toHaveLength(1);
    expect(providers[0]).toMatchObject({ region, allowed_account_ids: [ORG.management] });
    expect(providers[0].alias).toBeUndefined();
  });

  test.each([HOME, REGIONAL])("%s: its state in the management account's folder, through the management state role", (stack) => {
    expect(synth.json(stack).terraform.backend.s3).toMatchObject({
      key: stateKey(org.management.state.backend, stack),
      assume_role: { role_arn: org.management.state.roleArn },
    });
  });

  test("org-management reads the trail key from the log archive stack's state, through the log archive state role", () => {
    const tf = synth.json(HOME);
    expect(tf.data.terraform_remote_state.log_archive.config).toMatchObject({
      key: stateKey(org.logArchive.state.backend, org.logArchive.stack),
      assume_role: { role_arn: org.logArchive.state.roleArn },
    });
    expect(tf.resource.aws_cloudtrail.organization.kms_key_id).toBe('${data.terraform_remote_state.log_archive.outputs.org_trail_key_arn}');
    // CloudTrail creates an organization trail through the API only once the organization trusts it.
    expect(tf.resource.aws_cloudtrail.organization.depends_on).toContain('terraform_data.trusted_access');
  });

  test("org-management-<region> registers GuardDuty's administrator for its region and nothing else", () => {
    const tf = synth.json(REGIONAL);
    expect(Object.keys(tf.resource)).toEqual(['aws_guardduty_organization_admin_account']);
    expect(tf.resource.aws_guardduty_organization_admin_account.guardduty.admin_account_id).toBe(ORG.security);
  });

  test('a regional stack for the home region is refused', () => {
    const app = new App({ outdir: synth.outdir });
    expect(() => new OrgManagementRegionalStack(app, 'x', { org, region: { region: ORG.home, stack: 'x' } })).toThrow(
      /region us-east-1 is the home region/,
    );
  });

  test("every CIS 1.4.0 monitoring row: a metric filter on the organization trail's log group and an alarm notifying the management topic", () => {
    const tf = synth.json(HOME);
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
    const tf = synth.json(HOME);
    const topicArn = `arn:aws:sns:${ORG.home}:${ORG.management}:govtech-security-alerts-management`;
    const policy = renderPolicy(tf.data.aws_iam_policy_document.security_alerts_topic.statement, {
      'aws_sns_topic.security_alerts.arn': topicArn,
      'data.aws_partition.current.partition': 'aws',
    });
    const publish = (account: string, secure = 'true') =>
      decide(policy, {
        principal: 'cloudwatch.amazonaws.com',
        action: 'sns:Publish',
        resource: topicArn,
        resourceAccount: ORG.management,
        context: {
          'aws:SourceAccount': account,
          'aws:SourceArn': `arn:aws:cloudwatch:${ORG.home}:${account}:alarm:govtech-management-root-account-usage`,
          'aws:SecureTransport': secure,
        },
      });
    expect(await publish(ORG.management)).toBe('Allowed');
    expect(await publish(ORG.security)).toBe('ImplicitlyDenied');
    expect(await publish(ORG.management, 'false')).toBe('ExplicitlyDenied');
  });
});

describeWithTerraform('management stacks: offline plan', (tool) => {
  let synth: OrgSynth;
  const plans: Record<string, PlanJson> = {};
  /** The test override of org-management: the organization trusting `principals`, the log archive's state from a file. */
  const homeOverride = (principals: readonly string[]) => ({
    data: {
      aws_organizations_organization: { current: { count: 0 } },
      ...localRemoteState(path.join(synth.outdir, 'org-log-archive.tfstate'), 'log_archive', {
        org_trail_key_arn: { value: TRAIL_KEY_ARN, type: 'string' },
      }),
    },
    locals: { service_access_principals: principals },
  });
  const trustedByControlTower = ['controltower.amazonaws.com', 'sso.amazonaws.com', ...TRUSTED_ACCESS_PRINCIPALS];

  beforeAll(async () => {
    synth = synthManagementStacks();
    const homeDir = synth.stackDir(HOME);
    const regionalDir = synth.stackDir(REGIONAL);
    await Promise.all([
      prepareOfflineStack(tool, homeDir, homeOverride(trustedByControlTower)).then(
        async () => (plans[HOME] = await planJson(tool, homeDir)),
      ),
      prepareOfflineStack(tool, regionalDir).then(async () => (plans[REGIONAL] = await planJson(tool, regionalDir))),
    ]);
  }, 600_000);
  afterAll(() => synth?.cleanup());

  test('org-management plans the delegated administrators: GuardDuty and Security Hub, AWS Config (both principals), IAM Access Analyzer', () => {
    const plan = plans[HOME];
    expect(planned(plan, 'aws_guardduty_organization_admin_account.guardduty')).toMatchObject({ admin_account_id: ORG.security });
    expect(planned(plan, 'aws_securityhub_organization_admin_account.securityhub')).toMatchObject({ admin_account_id: ORG.security });
    for (const [name, principal] of [
      ['config', 'config.amazonaws.com'],
      ['config_multiaccountsetup', 'config-multiaccountsetup.amazonaws.com'],
      ['access_analyzer', 'access-analyzer.amazonaws.com'],
    ]) {
      expect(planned(plan, `aws_organizations_delegated_administrator.${name}`)).toMatchObject({
        account_id: ORG.security,
        service_principal: principal,
      });
    }
    // The organization itself is read, never managed.
    expect(plan.resource_changes.some((r) => r.type === 'aws_organizations_organization' && r.mode === 'managed')).toBe(false);
  });

  test('org-management plans the organization trail with the log archive key, into the log archive bucket', () => {
    expect(planned(plans[HOME], 'aws_cloudtrail.organization')).toMatchObject({
      name: org.trail.name,
      s3_bucket_name: org.trail.bucket,
      is_organization_trail: true,
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      kms_key_id: TRAIL_KEY_ARN,
    });
    expect(planned(plans[HOME], 'aws_cloudwatch_log_group.organization_trail')).toMatchObject({
      name: '/aws/cloudtrail/govtech-organization-trail',
      retention_in_days: 365,
    });
  });

  test('org-management-<region> plans only the GuardDuty administrator of its region', () => {
    expect(plans[REGIONAL].resource_changes.map((r) => r.address)).toEqual(['aws_guardduty_organization_admin_account.guardduty']);
    expect(planned(plans[REGIONAL], 'aws_guardduty_organization_admin_account.guardduty')).toMatchObject({
      admin_account_id: ORG.security,
    });
  });

  test('without trusted access for config.amazonaws.com the plan fails, naming it and the command that enables it', async () => {
    const dir = synth.stackDir(HOME);
    writeOfflineOverride(dir, homeOverride(trustedByControlTower.filter((p) => p !== 'config.amazonaws.com')));
    try {
      const r = await terraform(tool, dir, ['plan', '-input=false', '-no-color', '-lock=false']);
      const message = r.stderr.replace(/\s+/g, ' ');
      expect(r.code).not.toBe(0);
      expect(message).toContain('Resource precondition failed');
      expect(message).toContain('Trusted access is not enabled in the organization for config.amazonaws.com.');
      expect(message).toContain(enableTrustedAccessCommand('config.amazonaws.com'));
      expect(message).not.toContain(enableTrustedAccessCommand('config-multiaccountsetup.amazonaws.com'));
    } finally {
      writeOfflineOverride(dir, homeOverride(trustedByControlTower));
    }
  }, 300_000);
});
