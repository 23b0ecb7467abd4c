/**
 * The bootstrap stack creates the state store (bucket and lock table) the other stacks' S3
 * backend uses. Its own state is local (the bucket cannot hold the state of its own creation); once applied, it can be
 * moved into the bucket with `bootstrapStateInBucket` (README: "Deploying").
 */
import { Construct } from 'constructs';
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import type { ProjectPlan } from '../config/plan';
import { currentPartition } from '../security/context';
import { parseRoleArn, StateAccessRole } from '../state/state-access-role';
import { StateStore } from '../state/state-store';
import { useS3Backend } from './backend';
import { projectAwsProvider } from './provider';
import { stateAccessByEnvironment, stateAccessByOrganizationAccount, StateRoleAccess } from './state-access';

export const BOOTSTRAP_STACK = 'bootstrap';

export class BootstrapStack extends TerraformStack {
  readonly stateStore: StateStore;
  /** The role of each environment (and organization account: management, security, logArchive) that reaches its state from another account. */
  readonly stateRoles: Readonly<Record<string, StateAccessRole>>;

  constructor(scope: Construct, id: string, plan: ProjectPlan) {
    super(scope, id);
    const s = plan.state.backend;
    if (s.bootstrapStateInBucket) useS3Backend(this, plan.state, id);
    // Relative to the stack's synthesized directory: the project folder, next to cdktf.json.
    else new LocalBackend(this, { path: '../../../terraform.bootstrap.tfstate' });
    projectAwsProvider(this, { region: s.region, accountId: s.accountId, projectName: plan.projectName, environment: 'shared' });
    this.stateStore = new StateStore(this, 'state', {
      bucketName: s.bucket,
      partition: currentPartition(this),
      lockTableName: s.dynamodbTable,
      noncurrentVersionExpirationDays: s.noncurrentVersionExpirationDays,
      administrativeAccountId: s.accountId,
    });
    const roles: Record<string, StateAccessRole> = {};
    const accesses: [string, StateRoleAccess][] = [
      ...stateAccessByEnvironment(plan.environments).map((a): [string, StateRoleAccess] => [a.environment, a]),
      ...stateAccessByOrganizationAccount(plan.organization).map((a): [string, StateRoleAccess] => [a.role, a]),
    ];
    for (const [key, access] of accesses) {
      const { partition, account } = parseRoleArn(access.roleArn);
      // Terraform names are snake_case: state_prod, state_management, state_log_archive.
      roles[key] = new StateAccessRole(this, `state_${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`, {
        roleArn: access.roleArn,
        trustedPrincipals: access.trustedPrincipals,
        bucketName: s.bucket,
        readWrite: access.writes,
        readOnly: access.reads,
        // Literal (config validates accountId = the roles' account), so the policy is known at synth.
        lockTableArn:
          s.dynamodbTable === undefined ? undefined : `arn:${partition}:dynamodb:${s.region}:${account}:table/${s.dynamodbTable}`,
        useLockfile: s.useLockfile,
      });
    }
    this.stateRoles = roles;
    new TerraformOutput(this, 'state_bucket', { value: this.stateStore.bucket.id, description: 'S3 bucket holding the Terraform state' });
    new TerraformOutput(this, 'lock_table', {
      value: this.stateStore.lockTable?.name ?? '',
      description: 'DynamoDB table locking the Terraform state (empty when only use_lockfile locks)',
    });
  }
}
