/** Jest global teardown: remove the run's temp folder (see global-setup.ts). */
import { rmSync } from 'fs';
import { TEST_TMP_ENV } from './terraform-tool';

export default function globalTeardown(): void {
  const root = process.env[TEST_TMP_ENV];
  if (root) rmSync(root, { recursive: true, force: true });
}
