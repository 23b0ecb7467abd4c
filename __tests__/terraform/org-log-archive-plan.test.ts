/**
 * The log archive stack through Terraform: `org-log-archive`, synthesized on its own (the app
 * does not build organization stacks yet), plans offline; the planned bucket, access-logs and
 * key policies decide as the synthesized ones do, and the bucket settings are as configured.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { OrgLogArchiveStack } from '../../src/stacks/org-log-archive-stack';
import { orgPlanFixture } from '../helpers/org-fixture-logarchive';
import {
  expectAccessLogsPolicy,
  expectConfigDeliveries,
  expectInvestigatorReads,
  expectTrailKeyPolicy,
  expectTrailWrites,
} from '../helpers/org-log-archive-checks';
import { describeWithTerraform, planJson, PlanJson, planned, prepareOfflineStack } from '../helpers/terraform';

describeWithTerraform('org-log-archive: offline plan', (tool) => {
  const org = orgPlanFixture();
  const outdir = mkdtempSync(path.join(tmpdir(), 'govtech-org-log-archive-'));
  let plan: PlanJson;

  beforeAll(async () => {
    const app = new App({ outdir });
    new OrgLogArchiveStack(app, org.logArchive.stack, { org });
    app.synth();
    const dir = path.join(outdir, 'stacks', org.logArchive.stack);
    await prepareOfflineStack(tool, dir);
    plan = await planJson(tool, dir);
  }, 600_000);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  const policyOf = (address: string) => JSON.parse(planned(plan, address).policy as string);

  test('creates the two buckets, their settings and the trail key, and nothing else', () => {
    const created = plan.resource_changes.filter((r) => r.mode === 'managed').map((r) => r.address);
    expect(created.every((a) => plan.resource_changes.find((r) => r.address === a)!.change.actions.join() === 'create')).toBe(true);
    expect(created.sort()).toEqual(
      [
        'aws_kms_alias.org_trail',
        'aws_kms_key.org_trail',
        ...['logs', 'access_logs'].flatMap((b) => [
          `aws_s3_bucket.${b}`,
          `aws_s3_bucket_lifecycle_configuration.${b}`,
          `aws_s3_bucket_ownership_controls.${b}`,
          `aws_s3_bucket_policy.${b}`,
          `aws_s3_bucket_public_access_block.${b}`,
          `aws_s3_bucket_server_side_encryption_configuration.${b}`,
          `aws_s3_bucket_versioning.${b}`,
        ]),
        'aws_s3_bucket_logging.logs',
      ].sort(),
    );
  });

  test('the bucket and the key as configured: name, lifecycle, access logging, rotation, alias', () => {
    expect(planned(plan, 'aws_s3_bucket.logs')).toMatchObject({ bucket: org.trail.bucket });
    expect(planned(plan, 'aws_s3_bucket.access_logs')).toMatchObject({ bucket: `${org.trail.bucket}-access` });
    const [rule] = planned(plan, 'aws_s3_bucket_lifecycle_configuration.logs').rule as Record<string, unknown>[];
    expect(rule).toMatchObject({
      status: 'Enabled',
      transition: [{ days: org.trail.archiveAfterDays, storage_class: 'GLACIER' }],
      expiration: [{ days: org.trail.retentionDays }],
      noncurrent_version_expiration: [{ noncurrent_days: 30 }],
    });
    expect(planned(plan, 'aws_s3_bucket_logging.logs')).toMatchObject({ target_prefix: 's3-access-logs/' });
    expect(planned(plan, 'aws_kms_key.org_trail')).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(planned(plan, 'aws_kms_alias.org_trail')).toMatchObject({ name: `alias/${org.projectName}-org-trail` });
  });

  test('the planned bucket policy decides as the synthesized one: the trail, Config of the organization, the security account', async () => {
    const policy = policyOf('aws_s3_bucket_policy.logs');
    await expectTrailWrites(policy, org);
    await expectConfigDeliveries(policy, org);
    await expectInvestigatorReads(policy, org);
  });

  test('the planned access-logs policy: only the S3 logging service, for the log archive bucket', async () => {
    await expectAccessLogsPolicy(policyOf('aws_s3_bucket_policy.access_logs'), org);
  });

  test('the planned key policy: the organization trail encrypts, the security account decrypts, the management account only describes', async () => {
    await expectTrailKeyPolicy(policyOf('aws_kms_key.org_trail'), org);
  });

  test('outputs org_trail_key_arn and org_logs_bucket_name', () => {
    const outputs = plan.configuration.root_module.outputs ?? {};
    expect(Object.keys(outputs).sort()).toEqual(['org_logs_bucket_name', 'org_trail_key_arn']);
    expect(outputs.org_trail_key_arn.description).toMatch(/KMS key/);
  });
});
