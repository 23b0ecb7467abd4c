/** The AWS provider as every stack of the project configures it, and the project's tags. */
import { Construct } from 'constructs';
import { AwsProvider, AwsProviderAssumeRole } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, Token } from 'cdktf';

/** The hashicorp/aws version the pinned bindings (@cdktf/provider-aws 20.1.0) are generated for. */
export const AWS_PROVIDER_VERSION = '5.100.0';

/** What a stack (a root configuration) requires: the bindings' provider version exactly; S3 `use_lockfile` needs Terraform 1.10. */
const STACK_REQUIREMENTS: TerraformRequirements = { terraform: '>= 1.10.0', aws: AWS_PROVIDER_VERSION };

export interface TerraformRequirements {
  /** `required_version` */
  readonly terraform: string;
  /** `required_providers.aws.version` (source is always `hashicorp/aws`) */
  readonly aws: string;
}

/**
 * What manages a resource, in its `ManagedBy` tag: `cdktf` in this project's stacks, `Terraform`
 * in the module for HCL callers, whose callers run Terraform without cdktf.
 */
export type ManagedBy = 'cdktf' | 'Terraform';

/** The tags the project puts on everything it creates. */
export function projectTags(projectName: string, environment: string, managedBy: ManagedBy = 'cdktf'): Record<string, string> {
  return { Environment: environment, Project: projectName, ManagedBy: managedBy };
}

export interface ProjectProviderProps {
  readonly region: string;
  /** The only account the stack may touch; none: any (the state account is not configured). */
  readonly accountId?: string;
  readonly projectName: string;
  /** Environment tag value; the bootstrap stack serves all environments. */
  readonly environment: string;
  /**
   * The provider's alias, for a region besides the stack's own (`aws.<alias>`); also its
   * construct id. @default none: the default provider
   */
  readonly alias?: string;
  /**
   * The deploy role the provider assumes in the stack's account (`environments.<env>.deployRoleArn`,
   * `organization.deployRoleArns`), so that one pipeline identity deploys every account;
   * `allowed_account_ids` then checks the assumed role's account. @default none: the deployer's own credentials
   */
  readonly assumeRoleArn?: string;
  /**
   * The assumed role's session name, which CloudTrail records as who acted.
   * @default `<projectName>-<stack name>` (projectName must then be literal, not a variable)
   */
  readonly assumeRoleSessionName?: string;
}

/** STS AssumeRole's RoleSessionName: 2-64 characters of [\w+=,.@-] (AWS STS API Reference, AssumeRole). */
const MAX_SESSION_NAME_LENGTH = 64;

/** `assume_role { role_arn, session_name }` of the provider, when the stack deploys through a role. */
function assumeRole(scope: Construct, props: ProjectProviderProps): AwsProviderAssumeRole[] | undefined {
  if (props.assumeRoleArn === undefined) return undefined;
  const sessionName = props.assumeRoleSessionName ?? `${props.projectName}-${TerraformStack.of(scope).node.id}`;
  if (Token.isUnresolved(sessionName)) {
    throw new Error(`assumeRoleSessionName of ${TerraformStack.of(scope).node.id}: must be known at synth; pass the literal project name.`);
  }
  return [{ roleArn: props.assumeRoleArn, sessionName: sessionName.slice(0, MAX_SESSION_NAME_LENGTH) }];
}

/**
 * AWS provider with the project's default tags (Environment, Project, ManagedBy) on every
 * resource; the stack also pins Terraform and the provider source and version explicitly.
 */
export function projectAwsProvider(scope: Construct, props: ProjectProviderProps): AwsProvider {
  const provider = new AwsProvider(scope, props.alias === undefined ? 'aws' : `aws_${props.alias}`, {
    alias: props.alias,
    region: props.region,
    allowedAccountIds: props.accountId === undefined ? undefined : [props.accountId],
    assumeRole: assumeRole(scope, props),
    defaultTags: [{ tags: projectTags(props.projectName, props.environment) }],
  });
  requireTerraform(scope, STACK_REQUIREMENTS);
  return provider;
}

/**
 * `terraform { required_version, required_providers { aws = { source, version } } }`,
 * written out rather than left to what cdktf derives from the provider construct.
 */
export function requireTerraform(scope: Construct, requirements: TerraformRequirements): void {
  const stack = TerraformStack.of(scope);
  stack.addOverride('terraform.required_version', requirements.terraform);
  stack.addOverride('terraform.required_providers.aws', { source: 'hashicorp/aws', version: requirements.aws });
}

/** The alias of a region's provider: `eu-west-1` -> `eu_west_1` (`aws.eu_west_1`). */
export function regionAlias(region: string): string {
  return region.replace(/-/g, '_');
}
