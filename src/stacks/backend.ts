/**
 * The Terraform S3 backend of every deployable stack (the `terraform { backend "s3" }` block
 * and `terraform_remote_state` reads), from the plan's state access (src/config/plan.ts). The bootstrap
 * stack creates the store it points at (src/state/state-store.ts) from the same section, so
 * the two cannot drift apart. An environment with a role in `stateBackend.roleArns` reaches
 * the state through it: its backends and every `terraform_remote_state` it reads assume that role.
 */
import { DataTerraformRemoteStateS3, S3Backend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { RemoteStateOutputRef } from '../config';
import type { StateAccessPlan, StateBackendSettings } from '../config/plan';

/** Key of a stack's state in the state bucket. */
export function stateKey(backend: Pick<StateBackendSettings, 'keyPrefix'>, stackName: string): string {
  return `${backend.keyPrefix}/${stackName}/terraform.tfstate`;
}

/**
 * Prefix of a stack's non-default workspaces when it assumes a role: inside the stack's own
 * folder, so that the listing Terraform does at init (prefix `<workspace_key_prefix>/`) stays
 * within what the role may list. (The default, `env:`, is shared by every stack.)
 */
function workspaceKeyPrefix(backend: Pick<StateBackendSettings, 'keyPrefix'>, stackName: string): string {
  return `${backend.keyPrefix}/${stackName}/workspaces`;
}

/** What the S3 backend and `terraform_remote_state` both need to find `stackName`'s state as `state` reaches it. */
function s3StateSettings(state: StateAccessPlan, stackName: string) {
  const { backend, roleArn } = state;
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
 * file), reached through the role of `state` when it has one (none: the bootstrap stack).
 */
export function useS3Backend(stack: TerraformStack, state: StateAccessPlan, stackName: string): S3Backend {
  const s3 = new S3Backend(stack, s3StateSettings(state, stackName));
  // S3Backend has no use_lockfile setting yet (Terraform >= 1.10 S3-native locking).
  if (state.backend.useLockfile) s3.addOverride('use_lockfile', true);
  return s3;
}

/** `data.terraform_remote_state.<id>` reading `stackName`'s state from the same bucket, as a stack with `state` reaches it. */
export function remoteStackState(scope: Construct, id: string, state: StateAccessPlan, stackName: string): DataTerraformRemoteStateS3 {
  return new DataTerraformRemoteStateS3(scope, id, s3StateSettings(state, stackName));
}

/**
 * The logs bucket's name as another Terraform configuration's state holds it (`logsBucket.remoteState`),
 * read through `data.terraform_remote_state.logs_bucket_source`.
 */
export function logsBucketFromRemoteState(scope: Construct, ref: RemoteStateOutputRef): string {
  const state = new DataTerraformRemoteStateS3(scope, 'logs_bucket_source', {
    bucket: ref.bucket,
    key: ref.key,
    region: ref.region,
    ...(ref.dynamodbTable ? { dynamodbTable: ref.dynamodbTable } : {}),
  });
  return state.getString(ref.output);
}
