/**
 * Jest global setup (runs once, in the parent process, before the workers start):
 * - one temp folder for the whole run, made the temp dir (TMPDIR) of every worker, test and
 *   tool it starts, so that global teardown leaves nothing behind, whatever a test forgot;
 * - Terraform and the provider mirror detected once, the offline CLI config written into
 *   that folder, and the result handed to the workers through the environment;
 * - the version detected answers cdktf's own checks too (see cachedTerraformVersion);
 * - a pool of long-lived AWS provider processes Terraform reattaches to (provider-pool.ts).
 */
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { PROVIDER_POOL_ENV, startProviderPool } from './provider-pool';
import { cachedTerraformVersion, detectTerraform, TERRAFORM_TOOL_ENV, TEST_TMP_ENV } from './terraform-tool';

export default async function globalSetup(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'govtech-test-'));
  process.env[TEST_TMP_ENV] = root;
  process.env.TMPDIR = root;
  const tool = detectTerraform(root);
  process.env[TERRAFORM_TOOL_ENV] = JSON.stringify(tool);
  if (typeof tool === 'string') return;
  cachedTerraformVersion(tool, root);
  const pool = await startProviderPool(tool, root);
  if (pool) process.env[PROVIDER_POOL_ENV] = JSON.stringify(pool);
}
