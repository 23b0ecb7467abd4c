import { App, Testing } from 'cdktf';
import { OrgSecurityRegionalStack } from '../../src/stacks/org-security-regional-stack';
import { OrgSecurityStack } from '../../src/stacks/org-security-stack';
import { resolvePlan } from '../../src/config/plan';
import { ORGANIZATION_CONFIG, organizationConfigWith } from '../fixtures/organization-config';

/** The synthesized Terraform JSON of a stack built in a fresh app. */
// `any`: Terraform JSON is open-ended, and the tests index into it freely.
function synthStack(build: (app: App) => OrgSecurityStack | OrgSecurityRegionalStack): any {
  return JSON.parse(Testing.synth(build(Testing.app())));
}

describe('OrgSecurityStack and OrgSecurityRegionalStack', () => {
  const org = resolvePlan(ORGANIZATION_CONFIG).organization!;

  test('the home stack: the documented outputs, the Environment tag "organization"', () => {
    const json = synthStack((app) => new OrgSecurityStack(app, 'org-security', { org }));
    expect(Object.keys(json.output).sort()).toEqual([
      'access_analyzer_arn',
      'config_aggregator_arn',
      'guardduty_detector_id',
      'security_alerts_topic_arn',
      'securityhub_configuration_policy_id',
    ]);
    expect(json.provider.aws[0].default_tags).toEqual([{ tags: { Environment: 'organization', Project: 'govtech', ManagedBy: 'cdktf' } }]);
  });

  test('a regional stack holds only GuardDuty, and names its region in its output', () => {
    const json = synthStack(
      (app) => new OrgSecurityRegionalStack(app, 'org-security-eu-west-1', { org, region: org.security.regionalStacks[0] }),
    );
    expect(Object.keys(json.resource).every((type) => type.startsWith('aws_guardduty_'))).toBe(true);
    expect(json.output.guardduty_detector_id.description).toContain('eu-west-1');
  });

  test.each([
    ['us-east-1', 'the home region'],
    ['ap-south-1', 'a region the organization does not cover'],
  ])('a regional stack for %s (%s) is refused', (region) => {
    expect(() => new OrgSecurityRegionalStack(Testing.app(), 'x', { org, region: { region, stack: `org-security-${region}` } })).toThrow(
      new RegExp(`region = "${region}": must be a covered region \\(us-east-1, eu-west-1\\) other than the home region us-east-1`),
    );
  });

  test('an organization without alert subscribers is refused (the config validator refuses it first; the stack does too)', () => {
    expect(() => new OrgSecurityStack(Testing.app(), 'org-security', { org: { ...org, alertSubscribers: [] } })).toThrow(
      /nobody would receive the organization alerts/,
    );
  });

  test('with alertsUnsubscribedReason and no subscriber, the topic is built without a subscription', () => {
    const unsubscribed = organizationConfigWith((c) => {
      c.organization.alertEmails = [];
      c.organization.alertsUnsubscribedReason = 'the security team reads Security Hub directly';
    });
    const json = synthStack((app) => new OrgSecurityStack(app, 'org-security', { org: resolvePlan(unsubscribed).organization! }));
    expect(json.resource.aws_sns_topic.security_alerts).toBeDefined();
    expect(json.resource.aws_sns_topic_subscription).toBeUndefined();
  });
});
