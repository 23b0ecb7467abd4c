/** The AWS provider as every stack of the project configures it. */
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';

export interface ProjectProviderProps {
  readonly region: string;
  /** The only account the stack may touch; none: any (the state account is not configured). */
  readonly accountId?: string;
  readonly projectName: string;
  /** Environment tag value; the bootstrap stack serves all environments. */
  readonly environment: string;
}

/** AWS provider with the project's default tags (Environment, Project, ManagedBy) on every resource. */
export function projectAwsProvider(scope: Construct, props: ProjectProviderProps): AwsProvider {
  return new AwsProvider(scope, 'aws', {
    region: props.region,
    allowedAccountIds: props.accountId === undefined ? undefined : [props.accountId],
    defaultTags: [{ tags: { Environment: props.environment, Project: props.projectName, ManagedBy: 'cdktf' } }],
  });
}
