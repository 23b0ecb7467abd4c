/**
 * examples/hcl-consumer: plain HCL that calls the synthesized security stack as a module and
 * feeds module.security.kms_key_arn into a database module must validate and plan.
 */
import { cpSync, mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { ADDITIONAL_OUTPUTS, SECURITY_OUTPUTS, securityStackName } from '../../src/stacks/security-stack';
import { describeWithTerraform, OFFLINE_AWS_PROVIDER, planJson, PlanJson, planned, synthApp, SynthResult, terraformOk } from '../helpers/terraform';

/** The part of `terraform show -json` that describes module calls. */
interface ModuleConfig {
  module_calls: Record<string, { expressions: Record<string, { references?: string[] }>; module: { outputs: Record<string, unknown> } }>;
}

const EXAMPLE = path.resolve(__dirname, '..', '..', '..', 'examples', 'hcl-consumer');

describeWithTerraform('examples/hcl-consumer: the synthesized stack as a Terraform module', (tool) => {
  let synth: SynthResult;
  let root: string;
  let plan: PlanJson;

  beforeAll(async () => {
    // Lay out <tmp>/cdktf.out and <tmp>/examples/hcl-consumer as in the repository, so the
    // example's `source = "../../cdktf.out/stacks/security-prod"` resolves unchanged.
    synth = synthApp();
    root = path.join(synth.outdir, 'examples', 'hcl-consumer');
    mkdirSync(path.dirname(root), { recursive: true });
    cpSync(EXAMPLE, root, { recursive: true });
    cpSync(synth.stackDir(securityStackName('prod')), path.join(synth.outdir, 'cdktf.out', 'stacks', securityStackName('prod')), { recursive: true });
    // Offline provider settings, for this test only, in the root and the called stack.
    const override = JSON.stringify({ provider: { aws: [OFFLINE_AWS_PROVIDER] } });
    writeFileSync(path.join(root, 'zz_test_override.tf.json'), override);
    writeFileSync(path.join(synth.outdir, 'cdktf.out', 'stacks', securityStackName('prod'), 'zz_test_override.tf.json'), override);
    await terraformOk(tool, root, ['init', '-backend=false', '-input=false', '-no-color']);
    plan = await planJson(tool, root);
  }, 300_000);
  afterAll(() => synth?.cleanup());

  test('terraform validate passes', async () => {
    const r = await terraformOk(tool, root, ['validate', '-no-color']);
    expect(r.stdout).toContain('Success! The configuration is valid');
  });

  test('terraform plan creates the security module and a database encrypted with its key', () => {
    const addresses = plan.resource_changes.map((r) => r.address);
    expect(addresses).toEqual(expect.arrayContaining(['module.security.aws_kms_key.govtech_main', 'module.database.aws_db_instance.main']));
    expect(planned(plan, 'module.security.aws_cloudtrail.govtech_audit')).toMatchObject({
      name: 'govtech-audit-trail-prod',
      s3_bucket_name: 'govtech-prod-logs-123456789012',
    });
    expect(planned(plan, 'module.database.aws_db_instance.main')).toMatchObject({ storage_encrypted: true, manage_master_user_password: true });
    const calls = (plan.configuration.root_module as unknown as ModuleConfig).module_calls;
    expect(calls.database.expressions.kms_key_arn.references).toContain('module.security.kms_key_arn');
    // The module passes exactly the five documented variables.
    expect(Object.keys(calls.security.expressions).sort()).toEqual(['account_id', 'aws_region', 'environment', 'logs_bucket', 'project_name']);
  });

  test('the module exposes the eight documented outputs and the alerts topic ARN', () => {
    const outputs = (plan.configuration.root_module as unknown as ModuleConfig).module_calls.security.module.outputs;
    expect(Object.keys(outputs).sort()).toEqual([...Object.keys(SECURITY_OUTPUTS), ...Object.keys(ADDITIONAL_OUTPUTS)].sort());
  });
});
