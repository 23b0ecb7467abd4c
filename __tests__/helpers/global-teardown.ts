/** Jest global teardown: stop the provider pool, remove the run's temp folder (see global-setup.ts). */
import { rmSync } from 'fs';
import { providerPool, stopProviderPool } from './provider-pool';
import { TEST_TMP_ENV } from './terraform-tool';

export default async function globalTeardown(): Promise<void> {
  await stopProviderPool(providerPool());
  const root = process.env[TEST_TMP_ENV];
  if (root) rmSync(root, { recursive: true, force: true });
}
