/**
 * What every stack of an organization account (log archive, management, security, and their
 * regional stacks) sets up the same way: its state through the account's state role, one AWS
 * provider in its region limited to the account and assuming the account's deploy role, and,
 * for stacks whose constructs need one, the security context of that account and region.
 */
import { TerraformStack } from 'cdktf';
import type { OrganizationAccountPlan, OrganizationPlan } from '../config/organization-plan';
import { currentPartition, SecurityContext } from '../security/context';
import { useS3Backend } from './backend';
import { projectAwsProvider } from './provider';

export interface OrganizationAccountStackProps {
  readonly org: OrganizationPlan;
  readonly account: OrganizationAccountPlan;
  /** The stack's name in the plan: its state key. */
  readonly stackName: string;
  readonly region: string;
  /** The `Environment` tag, and the `environment` part of names. */
  readonly environment: string;
}

/** The state backend and the AWS provider of `stack`, in `props.account`. */
export function deployToOrganizationAccount(stack: TerraformStack, props: OrganizationAccountStackProps): void {
  const { org, account } = props;
  useS3Backend(stack, account.state, props.stackName);
  projectAwsProvider(stack, {
    region: props.region,
    accountId: account.accountId,
    projectName: org.projectName,
    environment: props.environment,
    assumeRoleArn: account.deployRoleArn,
  });
}

/** The backend and provider as `deployToOrganizationAccount` sets them, and the account's security context in the region. */
export function organizationAccountContext(stack: TerraformStack, props: OrganizationAccountStackProps): SecurityContext {
  deployToOrganizationAccount(stack, props);
  return {
    projectName: props.org.projectName,
    environment: props.environment,
    accountId: props.account.accountId,
    awsRegion: props.region,
    partition: currentPartition(stack),
  };
}
