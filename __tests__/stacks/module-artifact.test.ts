/**
 * The security module for HCL callers (cdktf.out/modules/security/main.tf.json), as the
 * app synthesizes it next to the stacks: a plain module, built from the same constructs.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { VARIABLE_SPECS } from '../../src/config/rules';
import { MODULE_REQUIREMENTS, SECURITY_MODULE_DIR } from '../../src/stacks/module-artifact';
import { ADDITIONAL_OUTPUTS, SECURITY_OUTPUTS } from '../../src/stacks/security-stack';
import { DOCUMENTED_ADDRESSES } from '../helpers/documented';
import { allKeys } from '../helpers/unit';
import { stackJson, synthApp, SynthResult } from '../helpers/terraform';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Terraform JSON is open-ended
type Json = Record<string, any>;

let s: SynthResult;
let artifact: Json;
beforeAll(() => {
  s = synthApp();
  artifact = JSON.parse(readFileSync(path.join(s.outdir, SECURITY_MODULE_DIR, 'main.tf.json'), 'utf8'));
});
afterAll(() => s.cleanup());

test('no provider configuration, no backend, no cdktf "//" bookkeeping', () => {
  expect(artifact.provider).toBeUndefined();
  expect(artifact.terraform.backend).toBeUndefined();
  expect(artifact.terraform.cloud).toBeUndefined();
  expect(allKeys(artifact)).not.toContain('//');
});

test('declares required_version and hashicorp/aws with a constraint the pinned bindings (aws 5.100.0) satisfy', () => {
  expect(artifact.terraform).toEqual({
    required_version: MODULE_REQUIREMENTS.terraform,
    required_providers: { aws: { source: 'hashicorp/aws', version: '~> 5.100' } },
  });
});

test('the five documented variables, required, with the validation of the stacks', () => {
  const stack = stackJson(s, 'security-prod');
  expect(Object.keys(artifact.variable).sort()).toEqual(Object.keys(VARIABLE_SPECS).sort());
  for (const [name, spec] of Object.entries(VARIABLE_SPECS)) {
    const v = artifact.variable[name];
    expect(v).toMatchObject({ type: 'string', description: spec.description, nullable: false });
    expect(v).not.toHaveProperty('default');
    // The documented rules, in the same words; the stack adds only its own-environment check.
    expect(v.validation).toEqual(stack.variable[name].validation.slice(0, spec.rules.length));
    expect(v.validation).toHaveLength(spec.rules.length);
  }
});

test('the eight documented outputs with their documented descriptions, and the alerts topic ARN for callers to subscribe', () => {
  expect(Object.keys(artifact.output).sort()).toEqual([...Object.keys(SECURITY_OUTPUTS), ...Object.keys(ADDITIONAL_OUTPUTS)].sort());
  for (const [name, spec] of Object.entries(SECURITY_OUTPUTS)) expect(artifact.output[name].description).toBe(spec.description);
});

test('every documented resource address, the same resources as a security stack', () => {
  const addresses = (json: Json) =>
    Object.entries<Json>(json.resource)
      .flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`))
      .sort();
  expect(addresses(artifact)).toEqual(expect.arrayContaining(DOCUMENTED_ADDRESSES));
  // Subscriptions to the alerts topic come from each environment's config; a module caller
  // subscribes through the security_alerts_topic_arn output.
  const stackAddresses = addresses(stackJson(s, 'security-dev'));
  expect(stackAddresses.some((a) => a.startsWith('aws_sns_topic_subscription.'))).toBe(true);
  expect(addresses(artifact)).toEqual(stackAddresses.filter((a) => !a.startsWith('aws_sns_topic_subscription.')));
});

test('nothing is counted or repeated: a caller may pass values known only after apply', () => {
  expect(allKeys(artifact.resource)).not.toContain('count');
  expect(allKeys(artifact.resource)).not.toContain('for_each');
  expect(allKeys(artifact.data)).not.toContain('count');
});

test("every taggable resource carries the module's own tags, from the variables", () => {
  const expected = { Environment: '${var.environment}', Project: '${var.project_name}', ManagedBy: 'cdktf' };
  for (const address of [
    'aws_kms_key.govtech_main',
    'aws_cloudtrail.govtech_audit',
    'aws_wafv2_web_acl.govtech',
    'aws_sns_topic.security_alerts',
  ]) {
    const [type, name] = address.split('.');
    expect({ address, tags: artifact.resource[type][name].tags }).toEqual({ address, tags: expected });
  }
  // Only where the provider schema has tags: an alias has none.
  expect(artifact.resource.aws_kms_alias.govtech_main.tags).toBeUndefined();
});

test("is not a deployable stack: cdktf's manifest (deploy, diff, list) does not list it", () => {
  const manifest = JSON.parse(readFileSync(path.join(s.outdir, 'manifest.json'), 'utf8'));
  expect(Object.keys(manifest.stacks).sort()).toEqual([
    'bootstrap',
    'logs-dev',
    'logs-prod',
    'logs-staging',
    'security-dev',
    'security-prod',
    'security-staging',
  ]);
});
