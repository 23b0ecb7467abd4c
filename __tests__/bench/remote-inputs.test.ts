/**
 * The plan benchmark's offline inputs for `terraform_remote_state` reads (bench/remote-inputs.ts),
 * on a synthesized variant of the checked-in config: dev's logs bucket through a cdktf
 * cross-stack reference to logs-dev, and staging sharing dev's account (reading the owner's
 * GuardDuty detectors and cost monitor). (The benchmark plans them through Terraform.)
 */
import { readFileSync } from 'fs';
import { loadConfig, validateConfig } from '../../src/config';
import { mapKeys, remoteStateOverride, standInOutput, synthesizedStacks } from '../../bench/remote-inputs';
import { synthApp, SynthResult } from '../helpers/terraform';

interface LocalRead {
  backend: string;
  config: { path: string };
}

describe('stand-ins for the remote state a stack reads', () => {
  let synth: SynthResult;
  let stacks: ReturnType<typeof synthesizedStacks>;
  const DEV_REGIONS = ['us-east-1', 'eu-west-1'];

  beforeAll(() => {
    const c = JSON.parse(JSON.stringify(loadConfig()));
    c.environments.dev.logsBucket = { fromLogsStack: true };
    c.environments.dev.regions = DEV_REGIONS;
    c.environments.staging.accountId = c.environments.dev.accountId;
    c.environments.staging.accountServicesOwner = 'dev';
    synth = synthApp(validateConfig(c, 'test config'));
    stacks = synthesizedStacks(synth.outdir);
  });
  afterAll(() => synth?.cleanup());

  /** The outputs of the local state file each read of `stack` is pointed at. */
  const statesOf = (stack: string) => {
    const override = remoteStateOverride(stacks, stack, synth.outdir) as { data: { terraform_remote_state: Record<string, LocalRead> } };
    return Object.fromEntries(
      Object.entries(override.data.terraform_remote_state).map(([name, read]) => {
        expect(read.backend).toBe('local');
        return [name, JSON.parse(readFileSync(read.config.path, 'utf8')).outputs];
      }),
    );
  };

  test("a stack reading no remote state gets no override; the manifest's stacks are all read", () => {
    expect([...stacks.keys()]).toEqual(expect.arrayContaining(['bootstrap', 'logs-dev', 'security-dev', 'security-staging']));
    expect(remoteStateOverride(stacks, 'logs-dev', synth.outdir)).toEqual({});
    expect(() => remoteStateOverride(stacks, 'security-nowhere', synth.outdir)).toThrow('no stack "security-nowhere" was synthesized');
  });

  test("a cross-stack reference: the logs stack's output, a bucket name", () => {
    const states = statesOf('security-dev');
    expect(Object.keys(states)).toEqual(['cross-stack-reference-input-logs-dev']);
    const outputs = states['cross-stack-reference-input-logs-dev'];
    const [name] = Object.keys(outputs);
    expect(name).toMatch(/^cross-stack-output-/);
    expect(outputs[name].type).toBe('string');
    expect(outputs[name].value).toMatch(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/);
  });

  test("the account-services owner's state: a detector ID, the home stack's detectors by region name, an ARN for the cost monitor", () => {
    const outputs = statesOf('security-staging').account_services_owner;
    expect(outputs.guardduty_detector_id).toEqual({ value: expect.stringMatching(/^[0-9a-f]{32}$/), type: 'string' });
    expect(outputs.guardduty_detector_ids.type).toEqual(['map', 'string']);
    // The owner's home stack holds the home region's detector (the others are in its regional stacks).
    expect(Object.keys(outputs.guardduty_detector_ids.value)).toEqual([DEV_REGIONS[0]]);
    expect(outputs.cost_monitor_arn.value).toMatch(/^arn:aws:ce:us-east-1:111111111111:/);
  });
});

test('mapKeys: an HCL object, a zipmap of literals and variables (at their defaults), or no map', () => {
  expect(mapKeys('${{"us-east-1" = aws_x.a.id, "eu-west-1" = aws_x.b.id}}')).toEqual(['us-east-1', 'eu-west-1']);
  expect(mapKeys('${zipmap([var.aws_region, "eu-west-1"], [aws_x.a.id, aws_x.b.id])}', { aws_region: { default: 'us-east-2' } })).toEqual([
    'us-east-2',
    'eu-west-1',
  ]);
  expect(mapKeys('${aws_kms_key.k.arn}')).toBeUndefined();
});

test('standInOutput: literals kept; a key ARN for a key, a name for anything else', () => {
  const place = { account: '123456789012', region: 'eu-west-1' };
  expect(standInOutput(7, 'n', place)).toEqual({ value: 7, type: 'number' });
  expect(standInOutput('fixed-name', 'bucket', place)).toEqual({ value: 'fixed-name', type: 'string' });
  expect(standInOutput('${aws_kms_key.main.arn}', 'key_arn', place).value).toMatch(
    /^arn:aws:kms:eu-west-1:123456789012:key\/[0-9a-f-]{36}$/,
  );
  expect(standInOutput('${aws_s3_bucket.logs.bucket}', 'logs_bucket', place).value).toBe('offline-logs-bucket');
  expect(standInOutput(['${aws_sns_topic.t.arn}'], 'topics', place)).toEqual({
    value: ['arn:aws:sns:eu-west-1:123456789012:offline-topics-0'],
    type: ['list', 'string'],
  });
});
