/**
 * The per-region wiring: every covered region gets the regional services through its own
 * provider, under addresses that carry the region; the home region keeps its addresses; the
 * home region aggregates and alerts for the others.
 */
import { App, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { ConfigConfigurationRecorder } from '@cdktf/provider-aws/lib/config-configuration-recorder';
import { ConfigDeliveryChannel } from '@cdktf/provider-aws/lib/config-delivery-channel';
import { IamServiceLinkedRole } from '@cdktf/provider-aws/lib/iam-service-linked-role';
import { SecurityhubFindingAggregator } from '@cdktf/provider-aws/lib/securityhub-finding-aggregator';
import { SecurityhubStandardsSubscription } from '@cdktf/provider-aws/lib/securityhub-standards-subscription';
import { Construct } from 'constructs';
import { coveredRegions, environmentConfig, ProjectConfig, validateConfig } from '../../src/config';
import { resolveEnvironment } from '../../src/config/plan';
import { RegionalBaseline, REGIONAL_SERVICES } from '../../src/security/regional-baseline';
import { linkedRuleDescription } from '../../src/security/securityhub';
import { regionsOf } from '../../src/config/regions';
import { OtherRegion } from '../../src/security/security-module';
import { SecurityStack } from '../../src/stacks/security-stack';
import { configWith } from '../helpers/config-edit';
import { EventJson, matches } from '../helpers/event-pattern';
import { ALERTS_TOPIC_ARN, PARTITION, REGION, Synth, synthModule } from '../helpers/unit';

const suffix = (region: string) => `_${region.replace(/-/g, '_')}`;

/** A module covering `others` besides its home region REGION, each through a provider aliased like the stacks alias them. */
function moduleWith(others: readonly string[]) {
  return synthModule((scope: Construct) => ({
    otherRegions: others.map((name): OtherRegion => ({
      name,
      provider: new AwsProvider(scope, `aws${suffix(name)}`, { region: name, alias: suffix(name).slice(1) }),
    })),
  }));
}

/** Every resource as `{ address: body }`. */
function byAddress(s: Synth): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(s.json.resource ?? {}).flatMap(([type, byName]) => Object.entries(byName).map(([n, body]) => [`${type}.${n}`, body])),
  );
}

describe('SecurityModule over three regions', () => {
  const OTHERS = ['eu-west-1', 'ap-southeast-2'];
  const { synth: s, module } = moduleWith(OTHERS);
  const single = moduleWith([]).synth;

  test('one RegionalBaseline per covered region, home first, each with every regional service', () => {
    expect(module.regionalBaselines.map((b) => b.region)).toEqual([REGION, ...OTHERS]);
    for (const b of module.regionalBaselines) expect(Object.keys(b.services).sort()).toEqual(Object.keys(REGIONAL_SERVICES).sort());
  });

  test.each(OTHERS)('%s: its resources carry the region in their names and use its aliased provider', (region) => {
    const own = Object.entries(byAddress(s)).filter(([a]) => a.endsWith(suffix(region)));
    expect(own.map(([a]) => a).sort()).toEqual(
      ['aws_config_configuration_recorder', 'aws_config_configuration_recorder_status', 'aws_config_delivery_channel']
        .map((t) => `${t}.main${suffix(region)}`)
        .concat(
          [
            'ebs_malware_protection',
            'eks_audit_logs',
            'lambda_network_logs',
            'rds_login_events',
            'runtime_monitoring',
            's3_data_events',
          ].map((f) => `aws_guardduty_detector_feature.${f}${suffix(region)}`),
          [`aws_guardduty_detector.main${suffix(region)}`, `aws_securityhub_account.main${suffix(region)}`],
          [`aws_ebs_encryption_by_default.main${suffix(region)}`, `aws_accessanalyzer_analyzer.account${suffix(region)}`],
          ['aws_foundational', 'cis_1_4_0'].map((n) => `aws_securityhub_standards_subscription.${n}${suffix(region)}`),
        )
        .sort(),
    );
    for (const [, body] of own) expect(body).toMatchObject({ provider: `aws.${suffix(region).slice(1)}` });
  });

  test.each(OTHERS)(
    '%s: Security Hub standards of that region; Config without global types, on the home role, to the same bucket and key',
    (region) => {
      expect(s.resource(SecurityhubStandardsSubscription, `cis_1_4_0${suffix(region)}`).standards_arn).toBe(
        `arn:${PARTITION}:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/1.4.0`,
      );
      expect(s.resource(ConfigConfigurationRecorder, `main${suffix(region)}`)).toMatchObject({
        role_arn: '${aws_iam_service_linked_role.config.arn}',
        recording_group: { all_supported: true, include_global_resource_types: false },
      });
      const home = s.resource(ConfigDeliveryChannel, 'main');
      expect(s.resource(ConfigDeliveryChannel, `main${suffix(region)}`)).toMatchObject({
        s3_bucket_name: home.s3_bucket_name,
        s3_key_prefix: 'config',
        s3_kms_key_arn: home.s3_kms_key_arn,
      });
    },
  );

  test('global things once: the service-linked role, the key grant of Config delivery, the topic grant of EventBridge', () => {
    expect(Object.keys(s.resources(IamServiceLinkedRole))).toEqual(['config']);
    expect(s.resource(ConfigConfigurationRecorder, 'main').recording_group.include_global_resource_types).toBe(true);
    const sids = (doc: string) => (s.json.data?.aws_iam_policy_document?.[doc]?.statement ?? []).map((st: { sid: string }) => st.sid);
    expect(sids('kms_key_policy').filter((x: string) => x === 'AllowConfigDeliveryEncryption')).toHaveLength(1);
    expect(sids('security_alerts_topic').filter((x: string) => x === 'EventBridgeRules')).toHaveLength(1);
  });

  test('the home region keeps every address and every resource body it has alone', () => {
    const alone = byAddress(single);
    const withOthers = byAddress(s);
    for (const [address, body] of Object.entries(alone)) expect([address, withOthers[address]]).toEqual([address, body]);
  });

  test('adding a region changes nothing of the regions already covered', () => {
    const two = byAddress(moduleWith(['eu-west-1']).synth);
    const three = byAddress(s);
    const changed = Object.keys(two).filter((a) => JSON.stringify(two[a]) !== JSON.stringify(three[a]));
    // Only the home region's view of the others: which regions it links and alerts for.
    expect(changed.sort()).toEqual(['aws_cloudwatch_event_rule.guardduty_high_linked', 'aws_securityhub_finding_aggregator.all_regions']);
  });

  test('the home aggregator links exactly the other regions, once their Security Hub exists', () => {
    expect(s.resource(SecurityhubFindingAggregator, 'all_regions')).toEqual({
      linking_mode: 'SPECIFIED_REGIONS',
      specified_regions: OTHERS,
      depends_on: ['aws_securityhub_account.main', ...OTHERS.map((r) => `aws_securityhub_account.main${suffix(r)}`)],
    });
    expect(single.resources(SecurityhubFindingAggregator)).toEqual({});
  });

  test('the linked regions alert through one home rule on their aggregated GuardDuty findings; only home has the direct rule', () => {
    expect(Object.keys(s.resources(CloudwatchEventRule)).sort()).toEqual(['guardduty_high', 'guardduty_high_linked']);
    const rule = s.resource(CloudwatchEventRule, 'guardduty_high_linked');
    expect(rule.provider).toBeUndefined();
    expect(rule.name).toBe('govtech-prod-guardduty-high-linked');
    expect(JSON.parse(rule.event_pattern)).toEqual({
      source: ['aws.securityhub'],
      'detail-type': ['Security Hub Findings - Imported'],
      detail: {
        findings: {
          ProductName: ['GuardDuty'],
          Region: OTHERS,
          RecordState: ['ACTIVE'],
          Workflow: { Status: ['NEW'] },
          FindingProviderFields: { Severity: { Label: ['HIGH', 'CRITICAL'] } },
        },
      },
    });
    expect(s.resource(CloudwatchEventTarget, 'sns_linked')).toEqual({
      rule: '${aws_cloudwatch_event_rule.guardduty_high_linked.name}',
      target_id: 'SendToSNS',
      arn: ALERTS_TOPIC_ARN,
    });
    expect(single.resources(CloudwatchEventRule)).toHaveProperty('guardduty_high');
    expect(Object.keys(single.resources(CloudwatchEventRule))).toEqual(['guardduty_high']);
  });

  describe("the linked rule's pattern, evaluated on Security Hub Findings - Imported events", () => {
    const pattern = () => JSON.parse(s.resource(CloudwatchEventRule, 'guardduty_high_linked').event_pattern);
    interface FindingChange {
      region?: string;
      product?: string;
      workflow?: string;
      recordState?: string;
      /** The top-level label, which BatchUpdateFindings may change. */
      label?: string;
      /** The label GuardDuty set, in FindingProviderFields. */
      providerLabel?: string;
      note?: string;
    }
    /** One event as Security Hub sends it (one ASFF finding per event; the fields the pattern reads, and some it does not). */
    const imported = (c: FindingChange = {}): EventJson => {
      const region = c.region ?? 'eu-west-1';
      const product = c.product ?? 'GuardDuty';
      const providerLabel = c.providerLabel ?? 'HIGH';
      const productArn = `arn:aws:securityhub:${region}::product/aws/${product.toLowerCase()}`;
      return {
        version: '0',
        id: 'e7a1b2c3-0000-4000-8000-000000000000',
        'detail-type': 'Security Hub Findings - Imported',
        source: 'aws.securityhub',
        account: '123456789012',
        time: '2026-11-29T10:00:00Z',
        region: REGION,
        resources: [`${productArn}/arn:aws:guardduty:${region}:123456789012:detector/d/finding/f`],
        detail: {
          findings: [
            {
              SchemaVersion: '2018-10-08',
              Id: `arn:aws:guardduty:${region}:123456789012:detector/d/finding/f`,
              ProductArn: productArn,
              ProductName: product,
              CompanyName: 'Amazon',
              Region: region,
              AwsAccountId: '123456789012',
              Types: ['TTPs/Command and Control/Backdoor:EC2-C&CActivity.B!DNS'],
              Severity: { Label: c.label ?? providerLabel, Normalized: 70 },
              FindingProviderFields: { Severity: { Label: providerLabel, Original: '8' }, Types: ['TTPs/Command and Control'] },
              Workflow: { Status: c.workflow ?? 'NEW' },
              WorkflowState: 'NEW',
              RecordState: c.recordState ?? 'ACTIVE',
              ...(c.note ? { Note: { Text: c.note, UpdatedBy: 'analyst', UpdatedAt: '2026-11-29T10:05:00Z' } } : {}),
            },
          ],
        },
      };
    };
    const alerts = (c?: FindingChange) => matches(pattern(), imported(c));

    test('a new, active finding GuardDuty rated HIGH or CRITICAL in a linked region alerts', () => {
      expect(alerts()).toBe(true);
      expect(alerts({ providerLabel: 'CRITICAL' })).toBe(true);
      expect(alerts({ region: 'ap-southeast-2' })).toBe(true);
    });

    test.each(['NOTIFIED', 'RESOLVED', 'SUPPRESSED'])('once triage sets the workflow to %s, its updates no longer alert', (workflow) => {
      expect(alerts({ workflow })).toBe(false);
      expect(alerts({ workflow, note: 'owner informed' })).toBe(false);
    });

    test('an archived finding does not alert', () => {
      expect(alerts({ recordState: 'ARCHIVED' })).toBe(false);
    });

    test("GuardDuty's severity decides, not the one triage set", () => {
      expect(alerts({ label: 'LOW' })).toBe(true);
      expect(alerts({ providerLabel: 'MEDIUM', label: 'HIGH' })).toBe(false);
      expect(alerts({ providerLabel: 'MEDIUM' })).toBe(false);
      expect(alerts({ providerLabel: 'LOW' })).toBe(false);
    });

    test('updates of a finding still NEW alert again (AWS sends an event for every update): a note, a provider update', () => {
      expect(alerts({ note: 'looking into it' })).toBe(true);
    });

    test('the matcher refuses pattern syntax it does not evaluate, rather than pass on it', () => {
      expect(() => matches({ detail: { x: [{ suffix: '.png' }] } }, imported())).toThrow(/not supported/);
      expect(() => matches({ $or: [{ a: ['b'] }] }, imported())).toThrow(/not supported/);
    });

    test("the home region's findings (its direct rule alerts them), other products and other events do not", () => {
      expect(alerts({ region: REGION })).toBe(false);
      expect(alerts({ product: 'Inspector' })).toBe(false);
      expect(
        matches(pattern(), { ...(imported() as Record<string, EventJson>), 'detail-type': 'Security Hub Findings - Custom Action' }),
      ).toBe(false);
    });
  });

  test('the description names the linked regions while it fits the 512 characters EventBridge takes', () => {
    expect(s.resource(CloudwatchEventRule, 'guardduty_high_linked').description).toBe(
      'Untriaged (workflow NEW) GuardDuty findings of severity 7.0 and above (HIGH, CRITICAL as GuardDuty rated them) in eu-west-1, ap-southeast-2, aggregated by Security Hub',
    );
    const all = regionsOf('aws')
      .map((r) => r.name)
      .filter((r) => r !== REGION);
    const long = linkedRuleDescription(all);
    expect(long.length).toBeLessThanOrEqual(512);
    expect(long).toContain(`in the ${all.length} other covered regions`);
  });

  test('a region with a provider of its own needs the home baseline', () => {
    expect(() =>
      Testing.synthScope((scope) => {
        new AwsProvider(scope, 'aws', { region: REGION });
        const context = { projectName: 'p', environment: 'dev', accountId: '123456789012', awsRegion: REGION, partition: 'aws' };
        new RegionalBaseline(scope, 'eu', {
          context,
          region: 'eu-west-1',
          provider: new AwsProvider(scope, 'eu_p', { region: 'eu-west-1', alias: 'eu' }),
        } as never);
      }),
    ).toThrow(/a region with a provider of its own \(eu-west-1\) is not the home region, so it needs the home baseline \(home\)/);
  });
});

describe('the "default-enabled" preset: the home stack of 17 regions', () => {
  const stackOf = (config: ProjectConfig) => {
    const app: App = Testing.app();
    return JSON.parse(Testing.synth(new SecurityStack(app, 'security-prod', { plan: resolveEnvironment(config, 'prod') })));
  };
  const preset = validateConfig(configWith((c) => (c.environments.prod.regions = 'default-enabled')));
  const wide = stackOf(preset);
  const base = stackOf(validateConfig(configWith(() => undefined)));
  const addresses = (j: { resource: Record<string, Record<string, unknown>> }) =>
    Object.entries(j.resource).flatMap(([t, byName]) => Object.keys(byName).map((n) => `${t}.${n}`));

  test('the home stack keeps one provider: the other regions are stacks of their own (__tests__/stacks/regional-stacks.test.ts)', () => {
    expect(coveredRegions(environmentConfig(preset, 'prod')).slice(1)).toHaveLength(16);
    expect(wide.provider.aws.map((p: { alias?: string; region: string }) => [p.alias, p.region])).toEqual([
      [undefined, '${var.aws_region}'],
    ]);
    expect(addresses(wide)).toHaveLength(addresses(base).length + 3);
  });

  test('no home-region address or resource changes; only the aggregator and the linked-findings rule and target are added at home', () => {
    for (const a of addresses(base)) {
      const [t, n] = a.split('.');
      expect([a, wide.resource[t][n]]).toEqual([a, base.resource[t][n]]);
    }
    const added = addresses(wide).filter((a) => !addresses(base).includes(a) && !/_(us|eu|ca|sa|ap)_[a-z]+_\d$/.test(a));
    expect(added.sort()).toEqual([
      'aws_cloudwatch_event_rule.guardduty_high_linked',
      'aws_cloudwatch_event_target.sns_linked',
      'aws_securityhub_finding_aggregator.all_regions',
    ]);
    // 17 of the commercial partition's regions are not all of them: the others are linked by name.
    expect(wide.resource.aws_securityhub_finding_aggregator.all_regions).toMatchObject({ linking_mode: 'SPECIFIED_REGIONS' });
    expect(wide.resource.aws_securityhub_finding_aggregator.all_regions.specified_regions).toHaveLength(16);
  });

  test('-var aws_region is refused for any of the 16 other regions', () => {
    const v = wide.variable.aws_region.validation.at(-1);
    expect(v.condition).toBe(
      `\${!contains(${JSON.stringify(coveredRegions(environmentConfig(preset, 'prod')).slice(1)).replace(/,/g, ', ')}, var.aws_region)}`,
    );
  });
});
