/**
 * One environment's logs stack: the logs bucket `modules/security` requires to exist
 * before it, with the policy that lets that environment's trail write (in organization mode,
 * only WAF and the S3 access logs write here: the log archive takes the trail and AWS Config).
 */
import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { EnvironmentPlan } from '../config/plan';
import { currentPartition } from '../security/context';
import { LogsBucket } from '../security/logs-bucket';
import { useS3Backend } from './backend';
import { projectAwsProvider } from './provider';

export class LogsStack extends TerraformStack {
  readonly logs: LogsBucket;
  /** The bucket's name (its `id`), to pass to the security stack as a cross-stack reference. */
  readonly bucketName: string;

  constructor(scope: Construct, id: string, plan: EnvironmentPlan) {
    super(scope, id);
    const { projectName, environment, accountId, awsRegion, settings } = plan;
    if (plan.logsStack === undefined) {
      throw new Error(`environments.${environment}.logsBucket reads the bucket from another state: there is no logs stack to create.`);
    }
    useS3Backend(this, plan.state, id);
    projectAwsProvider(this, { region: awsRegion, accountId, projectName, environment, assumeRoleArn: plan.deployRoleArn });

    this.logs = new LogsBucket(this, 'logs', {
      context: { projectName, environment, accountId, awsRegion, partition: currentPartition(this) },
      bucketName: plan.logsStack.bucket,
      retentionDays: settings.logsRetentionDays,
      archiveAfterDays: settings.logsArchiveAfterDays,
      // Config delivers only from the stack that owns the account services.
      ownsAccountServices: plan.servicesOwner.kind === 'self',
      organizationMember: plan.organization !== undefined,
    });
    this.bucketName = this.logs.bucketName;
    new TerraformOutput(this, 'bucket_id', {
      value: this.logs.bucketName,
      description: 'Name (ID) of the logs bucket: logs_bucket of the security stack',
    });
    new TerraformOutput(this, 'bucket_arn', { value: this.logs.bucketArn, description: 'ARN of the logs bucket' });
  }
}
