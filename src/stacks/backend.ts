/**
/**
 * The Terraform S3 backend of every deployable stack (the `terraform { backend "s3" }` block
 * and `terraform_remote_state` reads), from the config's `stateBackend` section. The bootstrap
 * stack creates the store it points at (src/state/state-store.ts) from the same section, so
 * the two cannot drift apart. An environment with a role in `stateBackend.roleArns` reaches
 * the state through it: its backends and every `terraform_remote_state` it reads assume that role.
 */
import { DataTerraformRemoteStateS3, S3Backend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { EnvironmentName, StateBackendConfig } from '../config';

/** Key of a stack's state in the state bucket. */
export function stateKey(backend: StateBackendConfig, stackName: string): string {
  return `${backend.keyPrefix}/${stackName}/terraform.tfstate`;
}

/**
 * Prefix of a stack's non-default workspaces when it assumes a role: inside the stack's own
 * folder, so that the listing Terraform does at init (prefix `<workspace_key_prefix>/`) stays
 * within what the role may list. (The default, `env:`, is shared by every stack.)
 */
export function workspaceKeyPrefix(backend: StateBackendConfig, stackName: string): string {
  return `${backend.keyPrefix}/${stackName}/workspaces`;
}

/** The role `environment`'s stacks assume for state access, if any. */
export function stateRoleArn(backend: StateBackendConfig, environment: EnvironmentName | undefined): string | undefined {
  return environment === undefined ? undefined : backend.roleArns?.[environment];
}

/** What the S3 backend and `terraform_remote_state` both need to find `stackName`'s state as `reader` reaches it. */
function s3StateSettings(backend: StateBackendConfig, stackName: string, reader: EnvironmentName | undefined) {
  const roleArn = stateRoleArn(backend, reader);
  return {
    bucket: backend.bucket,
    key: stateKey(backend, stackName),
    region: backend.region,
    dynamodbTable: backend.dynamodbTable,
    encrypt: true,
    ...(roleArn ? { assumeRole: { roleArn }, workspaceKeyPrefix: workspaceKeyPrefix(backend, stackName) } : {}),
  };
}

/**
 * Put `stack`'s state in the S3 bucket, locked with the DynamoDB table (and optionally a lock
 * file), reached through `environment`'s role when it has one (none: the bootstrap stack).
 */
export function useS3Backend(
  stack: TerraformStack,
  backend: StateBackendConfig,
  stackName: string,
  environment?: EnvironmentName,
): S3Backend {
  const s3 = new S3Backend(stack, s3StateSettings(backend, stackName, environment));
  // S3Backend has no use_lockfile setting yet (Terraform >= 1.10 S3-native locking).
  if (backend.useLockfile) s3.addOverride('use_lockfile', true);
  return s3;
}

/** `data.terraform_remote_state.<id>` reading `stackName`'s state from the same bucket, as `reader`'s stacks reach it. */
export function remoteStackState(
  scope: Construct,
  id: string,
  backend: StateBackendConfig,
  stackName: string,
  reader: EnvironmentName,
): DataTerraformRemoteStateS3 {
  return new DataTerraformRemoteStateS3(scope, id, s3StateSettings(backend, stackName, reader));
}
