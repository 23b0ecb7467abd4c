/**
 * The delegated administrators the management account registers, and the trusted-access check:
 * synthesized, and the check's precondition run by Terraform itself (it needs no provider) for
 * organizations that trust all, some or none of the services.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { DataAwsOrganizationsOrganization } from '@cdktf/provider-aws/lib/data-aws-organizations-organization';
import { GuarddutyOrganizationAdminAccount } from '@cdktf/provider-aws/lib/guardduty-organization-admin-account';
import { OrganizationsDelegatedAdministrator } from '@cdktf/provider-aws/lib/organizations-delegated-administrator';
import { SecurityhubOrganizationAdminAccount } from '@cdktf/provider-aws/lib/securityhub-organization-admin-account';
import { DataResource } from 'cdktf';
import {
  enableTrustedAccessCommand,
  GuardDutyAdministrator,
  OrganizationAdmins,
  serviceAccessPrincipals,
  TRUSTED_ACCESS_PRINCIPALS,
} from '../../src/security/organization-admins';
import { describeWithTerraform, terraform } from '../helpers/terraform';
import { synth } from '../helpers/unit';

const SECURITY = '444444444444';

function synthAdmins() {
  return synth((scope) => {
    new OrganizationAdmins(scope, 'admins', { adminAccountId: SECURITY, servicePrincipals: serviceAccessPrincipals(scope) });
  });
}

describe('OrganizationAdmins', () => {
  const s = synthAdmins();

  test('the security account administers GuardDuty (this region) and Security Hub', () => {
    expect(s.resource(GuarddutyOrganizationAdminAccount, 'guardduty')).toMatchObject({ admin_account_id: SECURITY });
    expect(s.resource(SecurityhubOrganizationAdminAccount, 'securityhub')).toMatchObject({ admin_account_id: SECURITY });
  });

  test('the security account administers AWS Config (both principals) and IAM Access Analyzer, each once trusted access is checked', () => {
    const delegated = s.resources(OrganizationsDelegatedAdministrator);
    expect(Object.keys(delegated).sort()).toEqual(['access_analyzer', 'config', 'config_multiaccountsetup']);
    expect(Object.values(delegated).map((d) => d.service_principal)).toEqual(
      expect.arrayContaining(['config.amazonaws.com', 'config-multiaccountsetup.amazonaws.com', 'access-analyzer.amazonaws.com']),
    );
    for (const d of Object.values(delegated)) {
      expect(d.account_id).toBe(SECURITY);
      expect(d.depends_on).toEqual(['terraform_data.trusted_access']);
    }
  });

  test('GuardDuty and Security Hub are not registered through Organizations (their own registration enables their trusted access)', () => {
    const principals = Object.values(s.resources(OrganizationsDelegatedAdministrator)).map((d) => d.service_principal);
    expect(principals).not.toContain('guardduty.amazonaws.com');
    expect(principals).not.toContain('securityhub.amazonaws.com');
    // What the check requires: what is registered through Organizations, and CloudTrail for the organization trail.
    expect([...TRUSTED_ACCESS_PRINCIPALS].sort()).toEqual([...principals, 'cloudtrail.amazonaws.com'].sort());
  });

  test('the check reads the trusted principals through local.service_access_principals, which reads the organization data source', () => {
    expect(s.data(DataAwsOrganizationsOrganization, 'current')).toBeDefined();
    const locals = (s.json as { locals?: Record<string, string> }).locals ?? {};
    expect(locals.service_access_principals).toContain('data.aws_organizations_organization.current.aws_service_access_principals');
    const [pre] = s.resource(DataResource, 'trusted_access').lifecycle.precondition;
    expect(pre.condition).toContain('local.service_access_principals');
    expect(pre.condition).not.toContain('data.aws_organizations_organization');
  });
});

describe('GuardDutyAdministrator', () => {
  test("one region's registration: aws_guardduty_organization_admin_account.guardduty and nothing else", () => {
    const s = synth((scope) => {
      new GuardDutyAdministrator(scope, 'guardduty', { adminAccountId: SECURITY });
    });
    expect(s.addresses()).toEqual(['aws_guardduty_organization_admin_account.guardduty']);
    expect(s.resource(GuarddutyOrganizationAdminAccount, 'guardduty').admin_account_id).toBe(SECURITY);
  });
});

describeWithTerraform('trusted-access check, evaluated by Terraform', (tool) => {
  const s = synthAdmins();
  const check = s.resource(DataResource, 'trusted_access');
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  /** `terraform plan` of the check alone, with the organization trusting `principals`. */
  async function planCheck(principals: string[]) {
    const dir = mkdtempSync(path.join(tmpdir(), 'trusted-access-'));
    dirs.push(dir);
    const { '//': _metadata, ...resource } = check;
    writeFileSync(
      path.join(dir, 'main.tf.json'),
      JSON.stringify({ locals: { service_access_principals: principals }, resource: { terraform_data: { trusted_access: resource } } }),
    );
    const r = await terraform(tool, dir, ['plan', '-input=false', '-no-color', '-lock=false']);
    return { ...r, message: (r.stdout + r.stderr).replace(/\s+/g, ' ') };
  }

  test('passes when every required principal is trusted, among others', async () => {
    const r = await planCheck(['guardduty.amazonaws.com', ...TRUSTED_ACCESS_PRINCIPALS, 'sso.amazonaws.com']);
    expect(r.code).toBe(0);
  });

  test('fails naming the missing principal and the one command that enables it', async () => {
    const r = await planCheck(TRUSTED_ACCESS_PRINCIPALS.filter((p) => p !== 'config.amazonaws.com'));
    expect(r.code).not.toBe(0);
    expect(r.message).toContain('Resource precondition failed');
    expect(r.message).toContain('Trusted access is not enabled in the organization for config.amazonaws.com.');
    expect(r.message).toContain(enableTrustedAccessCommand('config.amazonaws.com'));
    expect(r.message).not.toContain(enableTrustedAccessCommand('access-analyzer.amazonaws.com'));
  });

  test('fails naming every missing principal with its command when the organization trusts none', async () => {
    const r = await planCheck([]);
    expect(r.code).not.toBe(0);
    for (const p of TRUSTED_ACCESS_PRINCIPALS) expect(r.message).toContain(enableTrustedAccessCommand(p));
  });
});
