/**
 * examples/hcl-consumer: the documented Usage Example of modules/security, main.tf byte for
 * byte except `source`, calling the committed module (modules/security, which a git source
 * takes) with the caller's own provider: terraform init, validate and one offline plan.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { SECURITY_MODULE_DIR } from '../../src/stacks/module-artifact';
import { ADDITIONAL_OUTPUTS, SECURITY_OUTPUTS } from '../../src/stacks/security-stack';
import { DOCUMENTED_ADDRESSES } from '../helpers/documented';
import { describeWithTerraform, OFFLINE_AWS_PROVIDER, planJson, PlanJson, planned, terraformOk } from '../helpers/terraform';

const REPOSITORY = path.resolve(__dirname, '..', '..', '..');
const EXAMPLE = path.join(REPOSITORY, 'examples', 'hcl-consumer');
const SOURCE = '../../modules/security';

/** The Usage Example as the module's documentation gives it. */
const USAGE_EXAMPLE = `# Create logs bucket first
resource "aws_s3_bucket" "logs" {
  bucket = "govtech-prod-logs-123456789012"
}

resource "aws_s3_bucket_policy" "cloudtrail_logs" {
  bucket = aws_s3_bucket.logs.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid    = "AWSCloudTrailAclCheck"
      Effect = "Allow"
      Principal = {
        Service = "cloudtrail.amazonaws.com"
      }
      Action   = "s3:GetBucketAcl"
      Resource = aws_s3_bucket.logs.arn
    }, {
      Sid    = "AWSCloudTrailWrite"
      Effect = "Allow"
      Principal = {
        Service = "cloudtrail.amazonaws.com"
      }
      Action   = "s3:PutObject"
      Resource = "\${aws_s3_bucket.logs.arn}/*"
      Condition = {
        StringEquals = {
          "s3:x-amz-acl" = "bucket-owner-full-control"
        }
      }
    }]
  })
}

data "aws_caller_identity" "current" {}

module "security" {
  source = "./modules/security"

  project_name = "govtech"
  environment  = "prod"
  account_id   = data.aws_caller_identity.current.account_id
  aws_region   = "us-east-1"
  logs_bucket  = aws_s3_bucket.logs.id
}

# Use KMS key for RDS encryption
module "database" {
  source = "./modules/database"
  # ...
  kms_key_arn = module.security.kms_key_arn
}
`;

/** A tag only the caller's provider sets. */
const CALLER_TAG = { CostCenter: 'caller-cc-42' };

/** The part of `terraform show -json` that describes module calls. */
interface ModuleCalls {
  module_calls: Record<
    string,
    {
      source: string;
      expressions: Record<string, { references?: string[]; constant_value?: unknown }>;
      module: { outputs: Record<string, { description?: string }> };
    }
  >;
}

test('examples/hcl-consumer/main.tf is the documented Usage Example, only `source` pointed at the committed module', () => {
  const mainTf = readFileSync(path.join(EXAMPLE, 'main.tf'), 'utf8');
  expect(mainTf).toContain(`source = "${SOURCE}"`);
  expect(mainTf.replace(`source = "${SOURCE}"`, 'source = "./modules/security"')).toBe(USAGE_EXAMPLE);
});

describeWithTerraform("examples/hcl-consumer: the Usage Example plans with the caller's provider", (tool) => {
  let dir: string;
  let root: string;
  let plan: PlanJson;
  let calls: ModuleCalls['module_calls'];

  beforeAll(async () => {
    // <tmp>/modules/security (the committed module) and <tmp>/examples/hcl-consumer, as in the repository.
    dir = mkdtempSync(path.join(tmpdir(), 'govtech-hcl-consumer-'));
    root = path.join(dir, 'examples', 'hcl-consumer');
    mkdirSync(path.dirname(root), { recursive: true });
    cpSync(EXAMPLE, root, { recursive: true });
    cpSync(path.join(REPOSITORY, SECURITY_MODULE_DIR), path.join(dir, SECURITY_MODULE_DIR), { recursive: true });
    // Test only: the caller's provider (main.tf configures none, as documented), offline and with a default tag ...
    writeFileSync(
      path.join(root, 'test_provider.tf.json'),
      JSON.stringify({ provider: { aws: [{ ...OFFLINE_AWS_PROVIDER, region: 'us-east-1', default_tags: [{ tags: CALLER_TAG }] }] } }),
    );
    // ... and no STS call: a literal account_id instead of data.aws_caller_identity.current.
    writeFileSync(
      path.join(root, 'zz_test_override.tf.json'),
      JSON.stringify({ data: { aws_caller_identity: { current: { count: 0 } } }, module: { security: { account_id: '123456789012' } } }),
    );
    await terraformOk(tool, root, ['init', '-backend=false', '-input=false', '-no-color']);
    plan = await planJson(tool, root);
    calls = (plan.configuration.root_module as unknown as ModuleCalls).module_calls;
  }, 300_000);
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  test('terraform validate passes', async () => {
    const r = await terraformOk(tool, root, ['validate', '-no-color']);
    expect(r.stdout).toContain('Success! The configuration is valid');
  });

  test('plans every documented address under module.security, only creations', () => {
    const addresses = plan.resource_changes.map((r) => r.address);
    expect(addresses).toEqual(expect.arrayContaining(DOCUMENTED_ADDRESSES.map((a) => `module.security.${a}`)));
    for (const rc of plan.resource_changes.filter((r) => r.mode === 'managed')) expect(rc.change.actions).toEqual(['create']);
    // The bucket is created in the same run: its name is unknown to the module at plan, and WAF still logs to its own log group.
    expect(planned(plan, 'module.security.aws_cloudwatch_log_group.waf')).toMatchObject({ name: 'aws-waf-logs-govtech-prod' });
    expect(planned(plan, 'module.security.aws_cloudtrail.govtech_audit')).toMatchObject({ name: 'govtech-audit-trail-prod' });
  });

  test('module.database receives the key ARN of module.security', () => {
    expect(calls.database.expressions.kms_key_arn.references).toContain('module.security.kms_key_arn');
    const db = plan.resource_changes.find((r) => r.address === 'module.database.aws_db_instance.main');
    expect(db?.change.after).toMatchObject({ storage_encrypted: true });
    // Known after apply, like the key it comes from.
    expect((db?.change as unknown as { after_unknown: Record<string, unknown> }).after_unknown).toMatchObject({ kms_key_id: true });
  });

  test("the caller's default_tags reach the module's resources, merged with the module's own tags", () => {
    const tagged = [
      'aws_kms_key.govtech_main',
      'aws_cloudtrail.govtech_audit',
      'aws_wafv2_web_acl.govtech',
      'aws_secretsmanager_secret.db_credentials',
    ];
    for (const address of tagged) {
      const after = planned(plan, `module.security.${address}`);
      expect({ address, tags: after.tags }).toEqual({ address, tags: { Environment: 'prod', Project: 'govtech', ManagedBy: 'Terraform' } });
      expect({ address, tags_all: after.tags_all }).toEqual({
        address,
        tags_all: { ...CALLER_TAG, Environment: 'prod', Project: 'govtech', ManagedBy: 'Terraform' },
      });
    }
  });

  test('the module passes the five documented variables and exposes the eight documented outputs with their descriptions, and the alerts topic ARN', () => {
    expect(Object.keys(calls.security.expressions).sort()).toEqual([
      'account_id',
      'aws_region',
      'environment',
      'logs_bucket',
      'project_name',
    ]);
    const outputs = calls.security.module.outputs;
    expect(Object.keys(outputs).sort()).toEqual([...Object.keys(SECURITY_OUTPUTS), ...Object.keys(ADDITIONAL_OUTPUTS)].sort());
    for (const [name, spec] of Object.entries(SECURITY_OUTPUTS)) expect(outputs[name].description).toBe(spec.description);
  });
});
