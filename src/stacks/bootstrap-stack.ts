/**
 * The bootstrap stack creates the state store (bucket and lock table) the other stacks' S3
 * backend uses. Its own state is
 * local (the bucket cannot hold the state of its own creation); once applied, it can be
 * moved into the bucket with `bootstrapStateInBucket` (README: "Deploying").
 */
import { Construct } from 'constructs';
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import type { ProjectConfig } from '../config';
import { currentPartition } from '../security/context';
import { StateStore } from '../state/state-store';
import { useS3Backend } from './backend';
import { projectAwsProvider } from './provider';

export const BOOTSTRAP_STACK = 'bootstrap';

export class BootstrapStack extends TerraformStack {
  readonly stateStore: StateStore;

  constructor(scope: Construct, id: string, config: ProjectConfig) {
    super(scope, id);
    const s = config.stateBackend;
    if (s.bootstrapStateInBucket) useS3Backend(this, s, id);
    // Relative to the stack's synthesized directory: the project folder, next to cdktf.json.
    else new LocalBackend(this, { path: '../../../terraform.bootstrap.tfstate' });
    projectAwsProvider(this, { region: s.region, projectName: config.projectName, environment: 'shared' });
    this.stateStore = new StateStore(this, 'state', {
      bucketName: s.bucket,
      partition: currentPartition(this),
      lockTableName: s.dynamodbTable,
      noncurrentVersionExpirationDays: s.noncurrentVersionExpirationDays,
    });
    new TerraformOutput(this, 'state_bucket', { value: this.stateStore.bucket.id, description: 'S3 bucket holding the Terraform state' });
    new TerraformOutput(this, 'lock_table', {
      value: this.stateStore.lockTable?.name ?? '',
      description: 'DynamoDB table locking the Terraform state (empty when only use_lockfile locks)',
    });
  }
}
