/**
 * One environment's logs stack: the logs bucket `modules/security` requires to exist
 * before it, with the policy that lets that environment's trail write.
 */
import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { defaultLogsBucketName, EnvironmentName, environmentConfig, ProjectConfig } from '../config';
import { currentPartition } from '../security/context';
import { LogsBucket } from '../security/logs-bucket';
import { useS3Backend } from './backend';
import { projectAwsProvider } from './provider';

/** Name of an environment's logs stack. */
export function logsStackName(env: EnvironmentName): string {
  return `logs-${env}`;
}

/** The bucket name the logs stack creates, or undefined when config reads it from another state. */
export function logsBucketName(config: ProjectConfig, env: EnvironmentName): string | undefined {
  const e = environmentConfig(config, env);
  if (typeof e.logsBucket === 'string') return e.logsBucket;
  if ('fromLogsStack' in e.logsBucket) return defaultLogsBucketName(config.projectName, env, e.accountId);
  return undefined;
}

export class LogsStack extends TerraformStack {
  readonly logs: LogsBucket;
  /** The bucket's name (its `id`), to pass to the security stack as a cross-stack reference. */
  readonly bucketName: string;

  constructor(scope: Construct, id: string, config: ProjectConfig, environment: EnvironmentName) {
    super(scope, id);
    const env = environmentConfig(config, environment);
    const bucketName = logsBucketName(config, environment);
    if (bucketName === undefined) {
      throw new Error(`environments.${environment}.logsBucket reads the bucket from another state: there is no logs stack to create.`);
    }
    useS3Backend(this, config.stateBackend, id, environment);
    projectAwsProvider(this, { region: env.awsRegion, accountId: env.accountId, projectName: config.projectName, environment });

    this.logs = new LogsBucket(this, 'logs', {
      context: {
        projectName: config.projectName,
        environment,
        accountId: env.accountId,
        awsRegion: env.awsRegion,
        partition: currentPartition(this),
      },
      bucketName,
      retentionDays: env.logsRetentionDays,
      archiveAfterDays: env.logsArchiveAfterDays,
      // Config delivers only from the stack that owns the account services.
      ownsAccountServices: env.accountServicesOwner === undefined,
    });
    this.bucketName = this.logs.bucketName;
    new TerraformOutput(this, 'bucket_id', {
      value: this.logs.bucketName,
      description: 'Name (ID) of the logs bucket: logs_bucket of the security stack',
    });
    new TerraformOutput(this, 'bucket_arn', { value: this.logs.bucketArn, description: 'ARN of the logs bucket' });
  }
}
