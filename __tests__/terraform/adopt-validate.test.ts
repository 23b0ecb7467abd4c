/**
 * Stacks with import blocks (`environments.prod.adopt`, two regions: the home stack and
 * eu-west-1's regional stack) are valid Terraform: `terraform validate` accepts them, and refuses
 * an import block that names another provider than its resource's (so the blocks name none: each
 * resource is on its stack's one provider, which Terraform then takes).
 *
 * Only `validate`: a plan with import blocks has the provider read each object from AWS (that is
 * what an import is), which cannot run offline with fake keys. What the first real plan shows
 * ("will be imported") is described in the README.
 */
import { writeFileSync } from 'fs';
import * as path from 'path';
import { validateConfig } from '../../src/config';
import { configWith } from '../helpers/config-edit';
import { describeWithTerraform, prepareOfflineStack, stackJson, synthApp, SynthResult, terraform, terraformOk } from '../helpers/terraform';

describeWithTerraform('terraform validate of a stack that adopts existing resources', (tool) => {
  let s: SynthResult;
  let dir: string;
  let euDir: string;
  /** The stack as synthesized (the tests below rewrite the file). */
  let synthesized: string;
  beforeAll(async () => {
    s = synthApp(
      validateConfig(
        configWith((c) => {
          c.environments.prod.regions = ['us-east-1', 'eu-west-1'];
          c.environments.prod.adopt = {
            guardDutyDetectorIds: { 'us-east-1': '0123456789abcdef0123456789abcdef', 'eu-west-1': 'fedcba9876543210fedcba9876543210' },
            securityHub: true,
            configRecorderNames: { 'us-east-1': 'default', 'eu-west-1': 'default' },
            configDeliveryChannelNames: { 'us-east-1': 'default', 'eu-west-1': 'default' },
            costAnomalyMonitorArn: 'arn:aws:ce::123456789012:anomalymonitor/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d',
            accessAnalyzerNames: { 'us-east-1': 'ConsoleAnalyzer-home', 'eu-west-1': 'ConsoleAnalyzer-eu' },
            findingAggregatorArn: 'arn:aws:securityhub:us-east-1:123456789012:finding-aggregator/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d',
            passwordPolicy: true,
            ebsEncryption: true,
          };
          c.environments.prod.awsConfig = { createServiceLinkedRole: false };
        }),
      ),
    );
    dir = s.stackDir('security-prod');
    euDir = s.stackDir('security-prod-eu-west-1');
    synthesized = JSON.stringify(stackJson(s, 'security-prod'));
    await Promise.all([prepareOfflineStack(tool, dir), prepareOfflineStack(tool, euDir)]);
  }, 240_000);
  afterAll(() => s?.cleanup());

  test('validate accepts the import blocks of both stacks (Terraform >= 1.5; ids may be expressions since 1.6)', async () => {
    // Home: its region's seven, the aggregator, the cost monitor, the password policy; eu-west-1: its region's seven.
    expect(stackJson(s, 'security-prod').import).toHaveLength(10);
    expect(stackJson(s, 'security-prod-eu-west-1').import).toHaveLength(7);
    for (const d of [dir, euDir]) {
      const r = await terraformOk(tool, d, ['validate', '-json', '-no-color']);
      expect(JSON.parse(r.stdout)).toMatchObject({ valid: true, error_count: 0 });
    }
  }, 240_000);

  /**
   * validate's diagnostics of the home stack with a second, aliased AWS provider (`aws.other`) and
   * the detector's import block naming `provider` (undefined: none, as synthesized).
   */
  async function validateWithProvider(
    provider: string | undefined,
  ): Promise<{ valid: boolean; index: number; diagnostics: { summary: string; context?: string }[] }> {
    const tf = JSON.parse(synthesized);
    const index = tf.import.findIndex((i: { to: string }) => i.to === 'aws_guardduty_detector.main');
    expect(tf.import[index].provider).toBeUndefined();
    tf.provider.aws.push({ alias: 'other', region: 'eu-west-1' });
    if (provider !== undefined) tf.import[index].provider = provider;
    writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(tf, null, 2));
    const r = await terraform(tool, dir, ['validate', '-json', '-no-color']);
    const out = JSON.parse(r.stdout);
    const diagnostics = (out.diagnostics as { summary: string; snippet?: { context?: string } }[]).map((d) => ({
      summary: d.summary,
      context: d.snippet?.context,
    }));
    return { valid: out.valid, index, diagnostics };
  }

  test("validate refuses an import block whose provider is not its resource's; without one it takes the resource's", async () => {
    const other = await validateWithProvider('aws.other');
    expect(other.valid).toBe(false);
    expect(other.diagnostics).toEqual([{ summary: 'Invalid import provider argument', context: `import[${other.index}]` }]);
    // Without one, Terraform 1.11 imports through the resource's provider.
    expect(await validateWithProvider(undefined)).toMatchObject({ valid: true, diagnostics: [] });
  }, 240_000);
});
