import { DataAwsGuarddutyDetector } from '@cdktf/provider-aws/lib/data-aws-guardduty-detector';
import { GuarddutyDetector } from '@cdktf/provider-aws/lib/guardduty-detector';
import { GuarddutyDetectorFeature } from '@cdktf/provider-aws/lib/guardduty-detector-feature';
import { GuarddutyOrganizationConfiguration } from '@cdktf/provider-aws/lib/guardduty-organization-configuration';
import { GuarddutyOrganizationConfigurationFeature } from '@cdktf/provider-aws/lib/guardduty-organization-configuration-feature';
import type { GuardDutyOptions } from '../../src/config';
import { GuardDutyOrganization } from '../../src/security/guardduty-organization';
import { ref, synth } from '../helpers/unit';

const DETECTOR_ID = ref(GuarddutyDetector, 'main', 'id');

function synthOrg(region: string, guardDuty: GuardDutyOptions = {}) {
  return synth((scope, context) => new GuardDutyOrganization(scope, 'guardduty', { context, guardDuty }), { awsRegion: region });
}

/** auto_enable of each organization feature by API name, with its additional configuration. */
function orgFeatures(s: ReturnType<typeof synthOrg>) {
  return Object.fromEntries(
    Object.values(s.resources(GuarddutyOrganizationConfigurationFeature)).map((f) => [
      f.name,
      {
        auto_enable: f.auto_enable,
        additional: (f.additional_configuration ?? []).map((a: { name: string; auto_enable: string }) => `${a.name}=${a.auto_enable}`),
      },
    ]),
  );
}

describe('GuardDutyOrganization', () => {
  const s = synthOrg('us-east-1');

  test("the security account's own detector, enabled, with its plans as detector features", () => {
    expect(s.resource(GuarddutyDetector, 'main')).toMatchObject({ enable: true });
    const own = Object.values(s.resources(GuarddutyDetectorFeature)).map((f) => [f.name, f.status]);
    expect(Object.fromEntries(own)).toEqual({
      S3_DATA_EVENTS: 'ENABLED',
      EKS_AUDIT_LOGS: 'ENABLED',
      EBS_MALWARE_PROTECTION: 'ENABLED',
      RDS_LOGIN_EVENTS: 'DISABLED',
      LAMBDA_NETWORK_LOGS: 'DISABLED',
      RUNTIME_MONITORING: 'DISABLED',
    });
  });

  test('the organization configuration enrolls ALL members, on that detector, without the deprecated auto_enable or datasources', () => {
    const config = s.resource(GuarddutyOrganizationConfiguration, 'organization');
    expect(config).toEqual({ detector_id: DETECTOR_ID, auto_enable_organization_members: 'ALL' });
  });

  test('each plan is an organization feature: the default ones ALL, the options NONE until turned on; each waits for the configuration', () => {
    expect(orgFeatures(s)).toEqual({
      S3_DATA_EVENTS: { auto_enable: 'ALL', additional: [] },
      EKS_AUDIT_LOGS: { auto_enable: 'ALL', additional: [] },
      EBS_MALWARE_PROTECTION: { auto_enable: 'ALL', additional: [] },
      RDS_LOGIN_EVENTS: { auto_enable: 'NONE', additional: [] },
      LAMBDA_NETWORK_LOGS: { auto_enable: 'NONE', additional: [] },
      RUNTIME_MONITORING: {
        auto_enable: 'NONE',
        additional: ['EKS_ADDON_MANAGEMENT=NONE', 'EC2_AGENT_MANAGEMENT=NONE', 'ECS_FARGATE_AGENT_MANAGEMENT=NONE'],
      },
    });
    for (const f of Object.values(s.resources(GuarddutyOrganizationConfigurationFeature))) {
      expect(f.detector_id).toBe(DETECTOR_ID);
      expect(f.depends_on).toEqual(['aws_guardduty_organization_configuration.organization']);
    }
  });

  test('options turn the plan on for the members and for the administrator alike', () => {
    const on = synthOrg('us-east-1', { rdsLoginEvents: true, runtimeMonitoring: true });
    expect(orgFeatures(on).RDS_LOGIN_EVENTS.auto_enable).toBe('ALL');
    expect(orgFeatures(on).RUNTIME_MONITORING).toEqual({
      auto_enable: 'ALL',
      additional: ['EKS_ADDON_MANAGEMENT=ALL', 'EC2_AGENT_MANAGEMENT=ALL', 'ECS_FARGATE_AGENT_MANAGEMENT=ALL'],
    });
    expect(orgFeatures(on).LAMBDA_NETWORK_LOGS.auto_enable).toBe('NONE');
    expect(on.resource(GuarddutyDetectorFeature, 'rds_login_events').status).toBe('ENABLED');
  });

  test("a plan the region does not offer is left out of the organization's features too (RDS in ap-east-2, Runtime Monitoring in China)", () => {
    expect(Object.keys(orgFeatures(synthOrg('ap-east-2')))).not.toContain('RDS_LOGIN_EVENTS');
    const china = synthOrg('cn-north-1', { runtimeMonitoring: true });
    expect(Object.keys(orgFeatures(china))).not.toContain('RUNTIME_MONITORING');
    expect(Object.keys(orgFeatures(china))).toContain('RDS_LOGIN_EVENTS');
    expect(Object.values(china.resources(GuarddutyDetectorFeature)).map((f) => f.name)).not.toContain('RUNTIME_MONITORING');
  });

  test('the detector designating the administrator enabled is imported: its ID read by data.aws_guardduty_detector through a local', () => {
    expect(s.json).toMatchObject({
      import: [{ for_each: '${toset(local.guardduty_delegated_detector_ids)}', to: 'aws_guardduty_detector.main', id: '${each.value}' }],
      locals: { guardduty_delegated_detector_ids: ['${data.aws_guardduty_detector.delegated_administrator.id}'] },
    });
    expect(s.data(DataAwsGuarddutyDetector, 'delegated_administrator')).toEqual({});
  });

  test('a detector ID given is imported instead, and nothing is read', () => {
    const given = synth(
      (scope, context) =>
        new GuardDutyOrganization(scope, 'guardduty', { context, existingDetectorId: '12abc34d567e8fa901bc2d34e56789f0' }),
      { awsRegion: 'us-east-1' },
    );
    expect((given.json as Record<string, unknown>).import).toEqual([
      { id: '12abc34d567e8fa901bc2d34e56789f0', to: 'aws_guardduty_detector.main' },
    ]);
    expect(given.json.data?.aws_guardduty_detector).toBeUndefined();
  });

  test('a region that is not a literal name is refused (its plans are chosen at synth)', () => {
    expect(() => synthOrg('${var.aws_region}')).toThrow(/context.awsRegion = "\$\{var.aws_region\}": must be a literal region name/);
  });
});
