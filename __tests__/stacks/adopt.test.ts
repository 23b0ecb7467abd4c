/**
 * `environments.<env>.adopt`: what exists already becomes Terraform `import` blocks of the
 * stack that holds the resource, at its address, with AWS's ID: the home region's in the
 * security stack, another region's in that region's stack (`security-<env>-<region>`). `awsConfig.managedElsewhere`: no recorder, status or delivery channel,
 * and Config.1 left to the user. Asserted on the synthesized JSON of the whole app.
 */
import { loadConfig, ProjectConfig, validateConfig } from '../../src/config';
import { resolvePlan } from '../../src/config/plan';
import { complianceReport, formatReport } from '../../src/compliance/report';
import { ControlResult } from '../../src/compliance/check';
import { stackJson, synthApp, SynthResult } from '../helpers/terraform';
import { configWith } from '../helpers/config-edit';

const HOME_DETECTOR = '0123456789abcdef0123456789abcdef';
const EU_DETECTOR = 'fedcba9876543210fedcba9876543210';
const MONITOR = 'arn:aws:ce::123456789012:anomalymonitor/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';
const EU_STACK = 'security-prod-eu-west-1';
const AGGREGATOR = 'arn:aws:securityhub:us-east-1:123456789012:finding-aggregator/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';

interface ImportBlock {
  readonly to: string;
  readonly id: string;
  readonly provider?: string;
}

/** prod covering us-east-1 (home) and eu-west-1, with `adopt` as given. */
function adopting(adopt: Record<string, unknown>, more: (c: Record<string, any>) => void = () => undefined): ProjectConfig {
  return validateConfig(
    configWith((c) => {
      c.environments.prod.regions = ['us-east-1', 'eu-west-1'];
      c.environments.prod.adopt = adopt;
      more(c);
    }),
  );
}

function importsOf(s: SynthResult, stack = 'security-prod'): ImportBlock[] {
  return stackJson(s, stack).import ?? [];
}

/** The import block of `address`, failing with the addresses there are. */
function importOf(imports: readonly ImportBlock[], address: string): ImportBlock {
  const found = imports.filter((i) => i.to === address);
  if (found.length !== 1)
    throw new Error(`${found.length} import blocks for ${address}; there are: ${imports.map((i) => i.to).join(', ')}`);
  return found[0];
}

describe('every field of adopt, in two regions', () => {
  let s: SynthResult;
  let imports: ImportBlock[];
  let tf: any;
  let euImports: ImportBlock[];
  let euTf: any;
  beforeAll(() => {
    s = synthApp(
      adopting(
        {
          guardDutyDetectorIds: { 'us-east-1': HOME_DETECTOR, 'eu-west-1': EU_DETECTOR },
          securityHub: true,
          configRecorderNames: { 'us-east-1': 'default', 'eu-west-1': 'aws-config-recorder' },
          configDeliveryChannelNames: { 'us-east-1': 'default', 'eu-west-1': 'aws-config-channel' },
          costAnomalyMonitorArn: MONITOR,
          findingAggregatorArn: AGGREGATOR,
          accessAnalyzerNames: { 'eu-west-1': 'ConsoleAnalyzer-0a1b' },
          passwordPolicy: true,
          ebsEncryption: true,
        },
        (c) => (c.environments.prod.awsConfig = { createServiceLinkedRole: false }),
      ),
    );
    imports = importsOf(s);
    tf = stackJson(s, 'security-prod');
    euImports = importsOf(s, EU_STACK);
    euTf = stackJson(s, EU_STACK);
  });
  afterAll(() => s.cleanup());

  test("guardDutyDetectorIds: each detector by its ID, in its region's stack; the plans (no import) are created", () => {
    expect(importOf(imports, 'aws_guardduty_detector.main')).toEqual({ to: 'aws_guardduty_detector.main', id: HOME_DETECTOR });
    expect(importOf(euImports, 'aws_guardduty_detector.main')).toEqual({ to: 'aws_guardduty_detector.main', id: EU_DETECTOR });
    expect(euImports.filter((i) => i.to.startsWith('aws_guardduty_detector_feature.'))).toEqual([]);
    expect(Object.keys(euTf.resource.aws_guardduty_detector_feature)).toContain('s3_data_events');
  });

  test('securityHub: the hub of every covered region by the account ID, never replaced over enable_default_standards', () => {
    expect(importOf(imports, 'aws_securityhub_account.main')).toEqual({ to: 'aws_securityhub_account.main', id: '${var.account_id}' });
    expect(importOf(euImports, 'aws_securityhub_account.main')).toEqual({ to: 'aws_securityhub_account.main', id: '123456789012' });
    for (const hub of [tf.resource.aws_securityhub_account.main, euTf.resource.aws_securityhub_account.main])
      expect(hub.lifecycle).toEqual({ ignore_changes: ['enable_default_standards'] });
    // Subscriptions are created (an import of one not enabled would fail the plan).
    for (const i of [...imports, ...euImports]) expect(i.to).not.toMatch(/^aws_securityhub_standards_subscription\./);
  });

  test('configRecorderNames: recorder and status imported by the name, which the resource keeps (adopting renames nothing)', () => {
    expect(importOf(imports, 'aws_config_configuration_recorder.main')).toEqual({
      to: 'aws_config_configuration_recorder.main',
      id: 'default',
    });
    expect(importOf(imports, 'aws_config_configuration_recorder_status.main')).toEqual({
      to: 'aws_config_configuration_recorder_status.main',
      id: 'default',
    });
    expect(tf.resource.aws_config_configuration_recorder.main.name).toBe('default');
    expect(tf.resource.aws_config_configuration_recorder_status.main.name).toBe('${aws_config_configuration_recorder.main.name}');
    expect(importOf(euImports, 'aws_config_configuration_recorder.main')).toEqual({
      to: 'aws_config_configuration_recorder.main',
      id: 'aws-config-recorder',
    });
    expect(importOf(euImports, 'aws_config_configuration_recorder_status.main')).toEqual({
      to: 'aws_config_configuration_recorder_status.main',
      id: 'aws-config-recorder',
    });
    expect(euTf.resource.aws_config_configuration_recorder.main.name).toBe('aws-config-recorder');
    // Taken over, the recorder becomes ours in place: every resource type, the service-linked role.
    expect(tf.resource.aws_config_configuration_recorder.main.recording_group).toEqual({
      all_supported: true,
      include_global_resource_types: true,
    });
  });

  test('configDeliveryChannelNames: each channel imported by its name, which it keeps, the other region on its provider', () => {
    expect(importOf(imports, 'aws_config_delivery_channel.main')).toEqual({ to: 'aws_config_delivery_channel.main', id: 'default' });
    expect(tf.resource.aws_config_delivery_channel.main.name).toBe('default');
    expect(importOf(euImports, 'aws_config_delivery_channel.main')).toEqual({
      to: 'aws_config_delivery_channel.main',
      id: 'aws-config-channel',
    });
    expect(euTf.resource.aws_config_delivery_channel.main.name).toBe('aws-config-channel');
  });

  test('createServiceLinkedRole false (required with an adopted recorder): no role created, the recorder uses the existing one', () => {
    expect(tf.resource.aws_iam_service_linked_role).toBeUndefined();
    expect(euTf.resource.aws_iam_service_linked_role).toBeUndefined();
    expect(tf.resource.aws_config_configuration_recorder.main.role_arn).toMatch(
      /:role\/aws-service-role\/config\.amazonaws\.com\/AWSServiceRoleForConfig$/,
    );
  });

  test("findingAggregatorArn: the home region's aggregator by its ARN (one per account)", () => {
    expect(importOf(imports, 'aws_securityhub_finding_aggregator.all_regions')).toEqual({
      to: 'aws_securityhub_finding_aggregator.all_regions',
      id: AGGREGATOR,
    });
    expect(tf.resource.aws_securityhub_finding_aggregator.all_regions.linking_mode).toBe('SPECIFIED_REGIONS');
  });

  test('costAnomalyMonitorArn: the SERVICE monitor by its ARN', () => {
    expect(importOf(imports, 'aws_ce_anomaly_monitor.govtech')).toEqual({ to: 'aws_ce_anomaly_monitor.govtech', id: MONITOR });
    expect(tf.resource.aws_ce_anomaly_monitor.govtech).toMatchObject({ monitor_type: 'DIMENSIONAL', monitor_dimension: 'SERVICE' });
  });

  test("accessAnalyzerNames: the region's analyzer by its name, which it keeps; the home region's is created", () => {
    expect(importOf(euImports, 'aws_accessanalyzer_analyzer.account')).toEqual({
      to: 'aws_accessanalyzer_analyzer.account',
      id: 'ConsoleAnalyzer-0a1b',
    });
    expect(euTf.resource.aws_accessanalyzer_analyzer.account.analyzer_name).toBe('ConsoleAnalyzer-0a1b');
    expect(imports.find((i) => i.to === 'aws_accessanalyzer_analyzer.account')).toBeUndefined();
  });

  test('passwordPolicy and ebsEncryption: the account settings by their fixed import IDs', () => {
    expect(importOf(imports, 'aws_iam_account_password_policy.main')).toEqual({
      to: 'aws_iam_account_password_policy.main',
      id: 'iam-account-password-policy',
    });
    expect(importOf(imports, 'aws_ebs_encryption_by_default.main')).toEqual({ to: 'aws_ebs_encryption_by_default.main', id: 'default' });
    expect(importOf(euImports, 'aws_ebs_encryption_by_default.main')).toEqual({ to: 'aws_ebs_encryption_by_default.main', id: 'default' });
  });

  test('every import block targets a resource of its stack, on the same provider', () => {
    // 6 at home plus the aggregator, the cost monitor and the password policy; 7 in eu-west-1.
    expect(imports).toHaveLength(9);
    expect(euImports).toHaveLength(7);
    for (const [blocks, stack] of [
      [imports, tf],
      [euImports, euTf],
    ]) {
      for (const i of blocks) {
        const [type, name] = i.to.split('.');
        expect({ to: i.to, exists: stack.resource[type]?.[name] !== undefined, provider: stack.resource[type]?.[name]?.provider }).toEqual({
          to: i.to,
          exists: true,
          provider: i.provider,
        });
      }
    }
  });

  test('the other environments import nothing', () => {
    expect(importsOf(s, 'security-dev')).toEqual([]);
    expect(importsOf(s, 'security-staging')).toEqual([]);
  });
});

test('the checked-in config imports nothing', () => {
  const s = synthApp(loadConfig());
  try {
    for (const stack of ['security-dev', 'security-staging', 'security-prod']) expect(stackJson(s, stack).import).toBeUndefined();
  } finally {
    s.cleanup();
  }
});

describe('awsConfig.managedElsewhere', () => {
  const REASON = 'Control Tower runs the recorder (AWSControlTowerBP-BASELINE-CONFIG)';
  const config = adopting({ guardDutyDetectorIds: { 'eu-west-1': EU_DETECTOR } }, (c) => {
    c.environments.prod.awsConfig = { managedElsewhere: REASON };
  });

  test('no recorder, status, delivery channel, service-linked role or key grant for Config in any covered region', () => {
    const s = synthApp(config);
    try {
      const tf = stackJson(s, 'security-prod');
      for (const type of [
        'aws_config_configuration_recorder',
        'aws_config_configuration_recorder_status',
        'aws_config_delivery_channel',
        'aws_iam_service_linked_role',
      ])
        expect({ type, resources: tf.resource[type] }).toEqual({ type, resources: undefined });
      const keyPolicy = JSON.stringify(tf.data.aws_iam_policy_document);
      expect(keyPolicy).not.toContain('AllowConfigDeliveryEncryption');
      // The rest is unchanged: GuardDuty in both regions (eu-west-1's in its stack, without Config either).
      expect(Object.keys(tf.resource.aws_guardduty_detector)).toEqual(['main']);
      const eu = stackJson(s, EU_STACK);
      expect(Object.keys(eu.resource.aws_guardduty_detector)).toEqual(['main']);
      expect(eu.resource.aws_config_configuration_recorder).toBeUndefined();
      expect(stackJson(s, 'security-dev').resource.aws_config_configuration_recorder.main).toBeDefined();
    } finally {
      s.cleanup();
    }
  });

  test('the compliance report shows Config.1 as needing your action, saying what to set', () => {
    // complianceReport synthesizes like synth does: the check at synth does not fail either.
    const reports = complianceReport(config);
    const row = (stack: string): ControlResult => reports.find((r) => r.stack === stack)!.results.find((x) => x.control.id === 'Config.1')!;
    const prod = row('security-prod');
    expect(prod.status).toBe('action');
    expect(prod.detail).toContain(REASON);
    expect(prod.detail).toContain('AWSServiceRoleForConfig');
    expect(prod.detail).toContain('includeConfigServiceLinkedRoleCheck');
    expect(prod.detail).toContain('"Boolean":false');
    expect(row('security-dev').status).toBe('satisfied');
    const table = formatReport(reports.filter((r) => r.stack === 'security-prod'));
    expect(table).toMatch(
      /^Config\.1\s+3\.5\s+needs action by you\s+AWS Config.s recorder is managed elsewhere.*includeConfigServiceLinkedRoleCheck/m,
    );
    expect(resolvePlan(config).environments.find((e) => e.environment === 'prod')!.settings.awsConfig).toEqual({
      managedElsewhere: REASON,
    });
  });
});
