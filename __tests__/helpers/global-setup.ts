/**
 * Jest global setup (runs once, in the parent process, before the workers start):
 * - one temp folder for the whole run, made the temp dir (TMPDIR) of every worker, test and
 *   tool it starts, so that global teardown leaves nothing behind, whatever a test forgot;
 * - Terraform and the provider mirror detected once, the offline CLI config written into
 *   that folder, and the result handed to the workers through the environment.
 */
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { detectTerraform, TERRAFORM_TOOL_ENV, TEST_TMP_ENV } from './terraform-tool';

export default function globalSetup(): void {
  const root = mkdtempSync(path.join(tmpdir(), 'govtech-test-'));
  process.env[TEST_TMP_ENV] = root;
  process.env.TMPDIR = root;
  process.env[TERRAFORM_TOOL_ENV] = JSON.stringify(detectTerraform(root));
}
