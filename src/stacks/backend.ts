/**
 * The Terraform S3 backend of every deployable stack (the `terraform { backend "s3" }` block
 * and `terraform_remote_state` reads), from the config's `stateBackend` section. The bootstrap
 * stack creates the store it points at (src/state/state-store.ts) from the same section, so
 * the two cannot drift apart.
 */
import { DataTerraformRemoteStateS3, S3Backend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { StateBackendConfig } from '../config';

/** Key of a stack's state in the state bucket. */
export function stateKey(backend: StateBackendConfig, stackName: string): string {
  return `${backend.keyPrefix}/${stackName}/terraform.tfstate`;
}

/** What the S3 backend and `terraform_remote_state` both need to find a stack's state. */
function s3StateSettings(backend: StateBackendConfig, key: string) {
  return {
    bucket: backend.bucket,
    key,
    region: backend.region,
    dynamodbTable: backend.dynamodbTable,
    encrypt: true,
    ...(backend.roleArn ? { assumeRole: { roleArn: backend.roleArn } } : {}),
  };
}

/** Put `stack`'s state in the S3 bucket, locked with the DynamoDB table (and optionally a lock file). */
export function useS3Backend(stack: TerraformStack, backend: StateBackendConfig, stackName: string): S3Backend {
  const s3 = new S3Backend(stack, s3StateSettings(backend, stateKey(backend, stackName)));
  // S3Backend has no use_lockfile setting yet (Terraform >= 1.10 S3-native locking).
  if (backend.useLockfile) s3.addOverride('use_lockfile', true);
  return s3;
}

/** `data.terraform_remote_state.<id>` reading another stack's state from the same bucket. */
export function remoteStackState(scope: Construct, id: string, backend: StateBackendConfig, stackName: string): DataTerraformRemoteStateS3 {
  return new DataTerraformRemoteStateS3(scope, id, s3StateSettings(backend, stateKey(backend, stackName)));
}
