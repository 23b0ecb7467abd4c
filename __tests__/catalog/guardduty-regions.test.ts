/**
 * GuardDuty protection plans per region: a plan GuardDuty does not offer in a covered region
 * (GUARDDUTY_PLAN_UNAVAILABLE, from AWS's region table) gets no `aws_guardduty_detector_feature`
 * there, the other regions keep it, and the compliance report says so on the plan's control.
 */
import { TerraformVariable } from 'cdktf';
import { loadConfig, validateConfig } from '../../src/config';
import { resolvePlan } from '../../src/config/plan';
import { checkedStackNames, evaluate, readStacks, StackReport } from '../../src/compliance/check';
import { CheckedControl, CONTROLS, StackJson } from '../../src/compliance/controls';
import { withRegionalStacks } from '../../src/compliance/regional-view';
import { formatReport } from '../../src/compliance/report';
import { GUARDDUTY_PLAN_UNAVAILABLE, guardDutyOffers } from '../../src/catalog/guardduty-regions';
import { GUARDDUTY_FEATURES } from '../../src/security/guardduty';
import { configWith } from '../helpers/config-edit';
import { stackJson, synthApp, SynthResult } from '../helpers/terraform';
import { synthModule } from '../helpers/unit';

const featureNames = (tf: StackJson) => Object.keys(tf.resource?.aws_guardduty_detector_feature ?? {}).sort();
const control = (id: string) => CONTROLS.find((c): c is CheckedControl => c.id === id && c.kind === 'checked')!;

test('the availability table names every managed plan, and a plan is offered wherever the table does not list the region', () => {
  expect(Object.keys(GUARDDUTY_PLAN_UNAVAILABLE).sort()).toEqual(GUARDDUTY_FEATURES.map((f) => f.name).sort());
  expect(guardDutyOffers('RDS_LOGIN_EVENTS', 'ap-east-2')).toBe(false);
  expect(guardDutyOffers('RDS_LOGIN_EVENTS', 'us-east-1')).toBe(true);
  expect(guardDutyOffers('RUNTIME_MONITORING', 'cn-north-1')).toBe(false);
});

describe('prod covering us-east-1 and ap-east-2 (no RDS Protection there), RDS Protection on', () => {
  const config = validateConfig(
    configWith((c) => {
      c.environments.prod.regions = ['us-east-1', 'ap-east-2'];
      c.environments.prod.guardDuty = { rdsLoginEvents: true, lambdaNetworkLogs: true, runtimeMonitoring: false };
    }),
  );
  let synth: SynthResult;
  let reports: StackReport[];
  beforeAll(() => {
    synth = synthApp(config);
    const plan = resolvePlan(config);
    reports = evaluate(plan, readStacks(synth.outdir, checkedStackNames(plan)));
  });
  afterAll(() => synth?.cleanup());

  test('the feature is absent in ap-east-2 (its regional stack) and present at home; ap-east-2 keeps every other plan', () => {
    expect(featureNames(stackJson(synth, 'security-prod'))).toContain('rds_login_events');
    const names = featureNames(stackJson(synth, 'security-prod-ap-east-2'));
    expect(names).not.toContain('rds_login_events');
    for (const f of ['s3_data_events', 'eks_audit_logs', 'ebs_malware_protection', 'lambda_network_logs', 'runtime_monitoring'])
      expect(names).toContain(f);
    expect(stackJson(synth, 'security-prod').resource.aws_guardduty_detector_feature.rds_login_events).toMatchObject({
      detector_id: '${aws_guardduty_detector.main.id}',
      status: 'ENABLED',
    });
  });

  test('the report: GuardDuty.9 satisfied, saying the plan is not offered in ap-east-2; nothing fails', () => {
    const prod = reports.find((r) => r.stack === 'security-prod')!;
    expect(prod.results.find((x) => x.control.id === 'GuardDuty.9')).toMatchObject({
      status: 'satisfied',
      detail: "RDS_LOGIN_EVENTS is not offered in ap-east-2 (GuardDuty's region table): none there",
    });
    expect(formatReport(reports)).toMatch(/^GuardDuty\.9 +satisfied +RDS_LOGIN_EVENTS is not offered in ap-east-2 /m);
    expect(reports.flatMap((r) => r.results).filter((x) => x.status === 'failed')).toEqual([]);
  });

  test('a feature for the plan in ap-east-2 (the apply would fail) is a finding, named as the region had it in the home stack', () => {
    const home = stackJson(synth, 'security-prod');
    const regional = stackJson(synth, 'security-prod-ap-east-2');
    regional.resource.aws_guardduty_detector_feature.rds_login_events = {
      ...home.resource.aws_guardduty_detector_feature.rds_login_events,
      detector_id: '${aws_guardduty_detector.main.id}',
    };
    expect(control('GuardDuty.9').check(withRegionalStacks(home, [{ region: 'ap-east-2', tf: regional }]))).toEqual([
      {
        resource: 'aws_guardduty_detector_feature.rds_login_events_ap_east_2',
        problem: 'RDS_LOGIN_EVENTS is not offered in ap-east-2: the apply would fail',
      },
    ]);
  });
});

describe('the home region decides its plans too', () => {
  test('a literal home region without Runtime Monitoring (cn-north-1) gets no runtime_monitoring feature, the others stay', () => {
    const { synth } = synthModule({ awsRegion: 'cn-north-1' });
    const names = Object.keys(synth.json.resource?.aws_guardduty_detector_feature ?? {}).sort();
    expect(names).toEqual(['ebs_malware_protection', 'eks_audit_logs', 'lambda_network_logs', 'rds_login_events', 's3_data_events']);
  });

  test('home region as var.aws_region: homeRegionName decides; without it every plan is managed (the HCL module)', () => {
    const withName = synthModule((scope) => ({
      awsRegion: new TerraformVariable(scope, 'aws_region', { type: 'string' }).stringValue,
      homeRegionName: 'ap-east-2',
    })).synth;
    expect(Object.keys(withName.json.resource?.aws_guardduty_detector_feature ?? {})).not.toContain('rds_login_events');
    const unnamed = synthModule((scope) => ({
      awsRegion: new TerraformVariable(scope, 'aws_region', { type: 'string' }).stringValue,
    })).synth;
    expect(Object.keys(unnamed.json.resource?.aws_guardduty_detector_feature ?? {})).toHaveLength(GUARDDUTY_FEATURES.length);
  });

  test('the checked-in config (us-east-1 everywhere) manages every plan in every stack', () => {
    const synth = synthApp(loadConfig());
    try {
      for (const env of ['dev', 'staging', 'prod'])
        expect(featureNames(stackJson(synth, `security-${env}`))).toEqual(GUARDDUTY_FEATURES.map((f) => f.resourceName).sort());
    } finally {
      synth.cleanup();
    }
  });
});
