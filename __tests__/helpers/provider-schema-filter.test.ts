/**
 * The schema filter the Terraform suites talk to the provider through (provider-schema-filter.ts):
 * it must keep every byte of what it keeps, name every type a configuration uses, and make
 * Terraform fail, not pass, when a type it needs was left out.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { anyMember, ProviderPool, providerPool } from './provider-pool';
import { filterProviderSchema, typesNamedIn, withSchemaFilter } from './provider-schema-filter';
import {
  awsProviderConfigs,
  describeWithTerraform,
  OFFLINE_AWS_PROVIDER,
  planJson,
  terraform,
  terraformOk,
  TerraformTool,
} from './terraform';

/** Protobuf wire format, enough for a GetProviderSchema.Response. */
function varint(n: number): Buffer {
  const bytes: number[] = [];
  for (; n >= 0x80; n = Math.floor(n / 128)) bytes.push((n % 128) | 0x80);
  bytes.push(n);
  return Buffer.from(bytes);
}
const bytesField = (field: number, body: Buffer) => Buffer.concat([varint(field * 8 + 2), varint(body.length), body]);
const mapEntry = (field: number, key: string, value: Buffer) =>
  bytesField(field, Buffer.concat([bytesField(1, Buffer.from(key)), bytesField(2, value)]));

describe('filterProviderSchema', () => {
  // A schema body long enough that its length needs a two-byte varint.
  const schema = (name: string) => bytesField(2, Buffer.from(`block of ${name} `.repeat(20)));
  const provider = bytesField(1, schema('provider'));
  const topic = mapEntry(2, 'aws_sns_topic', schema('topic'));
  const bucket = mapEntry(2, 'aws_s3_bucket', schema('bucket'));
  const callerIdentity = mapEntry(3, 'aws_caller_identity', schema('caller'));
  const region = mapEntry(3, 'aws_region', schema('region'));
  const arnParse = mapEntry(7, 'arn_parse', Buffer.from('function'));
  const capabilities = bytesField(6, Buffer.from([0x08, 0x01, 0x10, 0x01]));
  const message = Buffer.concat([provider, topic, bucket, callerIdentity, region, arnParse, capabilities]);

  test('keeps the named resource and data source types and every other field, byte for byte, in order', () => {
    const kept = filterProviderSchema(message, new Set(['aws_sns_topic', 'aws_region']));
    expect(kept.equals(Buffer.concat([provider, topic, region, arnParse, capabilities]))).toBe(true);
  });

  test('a name that is no type costs nothing; functions are kept whatever their name', () => {
    const kept = filterProviderSchema(message, new Set(['aws_sns_topic', 'aws_s3_bucket', 'aws_not_a_type', 'arn_build']));
    expect(kept.equals(Buffer.concat([provider, topic, bucket, arnParse, capabilities]))).toBe(true);
  });

  test('a message that is not a schema answer is refused, naming where it breaks', () => {
    expect(() => filterProviderSchema(Buffer.concat([provider, Buffer.from([0x2d, 0, 0, 0, 0])]), new Set())).toThrow(
      /unexpected protobuf wire type 5 \(field 5\) at byte/,
    );
    expect(() => filterProviderSchema(provider.subarray(0, provider.length - 3), new Set())).toThrow(/runs past the message's end/);
  });
});

describe('typesNamedIn', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'schema-filter-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('names the types of the configuration, its local state and the modules init recorded, and nothing else', () => {
    const root = path.join(dir, 'root');
    const module = path.join(dir, 'modules', 'security');
    mkdirSync(path.join(root, '.terraform', 'modules'), { recursive: true });
    mkdirSync(module, { recursive: true });
    writeFileSync(
      path.join(root, 'cdk.tf.json'),
      JSON.stringify({ resource: { aws_kms_key: { k: {} } }, data: { aws_iam_policy_document: {} } }),
    );
    writeFileSync(path.join(root, 'terraform.tfstate'), JSON.stringify({ resources: [{ type: 'aws_guardduty_detector' }] }));
    writeFileSync(path.join(root, 'main.tf'), 'removed {\n  from = aws_securityhub_account.main\n}\n');
    writeFileSync(path.join(root, 'notes.txt'), 'aws_not_read');
    writeFileSync(path.join(module, 'main.tf.json'), '{"resource":{"aws_wafv2_web_acl":{}}}');
    writeFileSync(
      path.join(root, '.terraform', 'modules', 'modules.json'),
      JSON.stringify({
        Modules: [
          { Key: '', Dir: '.' },
          { Key: 'security', Dir: '../modules/security' },
        ],
      }),
    );
    expect([...typesNamedIn(root)].sort()).toEqual([
      'aws_guardduty_detector',
      'aws_iam_policy_document',
      'aws_kms_key',
      'aws_securityhub_account',
      'aws_wafv2_web_acl',
    ]);
  });
});

const pool = providerPool();
const NO_POOL = 'the provider pool is off (GOVTECH_PROVIDER_POOL_SIZE=0) or found no unpacked provider';
if (pool === undefined) {
  console.warn(`SKIPPING "Terraform through the schema filter": ${NO_POOL}`);
  describe.skip(`Terraform through the schema filter [SKIPPED: ${NO_POOL}]`, () => {
    test('needs the provider pool', () => undefined);
  });
} else {
  describeWithTerraform('Terraform through the schema filter', (tool) => schemaFilterWithTerraform(tool, pool));
}

function schemaFilterWithTerraform(tool: TerraformTool, pool: ProviderPool): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'schema-filter-tf-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    path.join(dir, 'main.tf.json'),
    JSON.stringify({
      terraform: { required_providers: { aws: { source: 'hashicorp/aws' } } },
      provider: { aws: { region: 'eu-west-1', ...OFFLINE_AWS_PROVIDER } },
      resource: { aws_sns_topic: { alerts: { name: 'alerts' } } },
    }),
  );
  /** `terraform validate` with the schemas of `keep` only. */
  const validate = (keep: string[]) =>
    withSchemaFilter([anyMember(pool).reattach], new Set(keep), (reattach) =>
      terraform(tool, dir, ['validate', '-no-color'], { env: { TF_REATTACH_PROVIDERS: reattach } }),
    );

  test('with the types the configuration names, Terraform validates it against the provider', async () => {
    const r = await validate([...typesNamedIn(dir)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  test('each aliased provider configuration is configured in a pool member of its own', async () => {
    // data.aws_region reads the region the provider process it runs in was configured with.
    const aliased = mkdtempSync(path.join(dir, 'aliased-'));
    const regions = { aws: 'eu-west-1', eu_central: 'eu-central-1', ap_southeast: 'ap-southeast-2' };
    writeFileSync(
      path.join(aliased, 'main.tf.json'),
      JSON.stringify({
        terraform: { required_providers: { aws: { source: 'hashicorp/aws' } } },
        provider: {
          aws: Object.entries(regions).map(([alias, region]) => ({
            ...(alias === 'aws' ? {} : { alias }),
            region,
            ...OFFLINE_AWS_PROVIDER,
          })),
        },
        data: {
          aws_region: Object.fromEntries(
            Object.keys(regions).flatMap((alias) => {
              const provider = alias === 'aws' ? {} : { provider: `aws.${alias}` };
              // Read again once every configuration has been read: a process shared by all would
              // answer each with the configuration it was given last.
              const first = Object.keys(regions).map((a) => `data.aws_region.first_${a}`);
              return [
                [`first_${alias}`, provider],
                [alias, { ...provider, depends_on: first }],
              ];
            }),
          ),
        },
        output: { regions: { value: Object.keys(regions).map((alias) => `\${data.aws_region.${alias}.name}`) } },
      }),
    );
    expect(awsProviderConfigs(aliased)).toBe(3);
    await terraformOk(tool, aliased, ['init', '-input=false', '-no-color']);
    const plan = await planJson(tool, aliased);
    expect(plan.planned_values.outputs).toEqual({ regions: expect.objectContaining({ value: Object.values(regions) }) });
  });

  test('without one of them, Terraform fails and says which', async () => {
    const r = await validate(['aws_s3_bucket']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/does not support resource type "aws_sns_topic"/);
  });
}
