/**
 * What every service construct of the security module needs to know about where it runs.
 * Values may be literals or Terraform expressions (`var.environment`): the constructs build
 * names and ARNs as Terraform string templates, so they work either way.
 */
import { Construct } from 'constructs';
import { TerraformDataSource, TerraformProvider, TerraformResource, Token } from 'cdktf';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { limitedNames, resourceNames } from '../catalog/resource-names';

export interface SecurityContext {
  /** `project_name`: prefix of every resource name. */
  readonly projectName: string;
  /** `environment`: dev, staging or prod. */
  readonly environment: string;
  /** `account_id`: the account every policy is limited to. */
  readonly accountId: string;
  /** `aws_region`: the region the stack deploys to. */
  readonly awsRegion: string;
  /** The ARN partition (`aws`, `aws-us-gov`, `aws-cn`), from `data.aws_partition`. */
  readonly partition: string;
}

/**
 * `arn:<partition>:<service>:<region>:<account>:<resource>` in this context; `region` and
 * `account` default to the context's and may be set to `''` (global services) or `'*'`.
 */
export function arnOf(ctx: SecurityContext, service: string, resource: string, opts: { region?: string; account?: string } = {}): string {
  return `arn:${ctx.partition}:${service}:${opts.region ?? ctx.awsRegion}:${opts.account ?? ctx.accountId}:${resource}`;
}

/** The account's root principal, which delegates to IAM policies in the account. */
export function accountRoot(ctx: SecurityContext): string {
  return `arn:${ctx.partition}:iam::${ctx.accountId}:root`;
}

/** ARN of a CloudWatch Logs log group, as used in KMS encryption contexts and resource policies. */
export function logGroupArn(ctx: SecurityContext, name: string): string {
  return arnOf(ctx, 'logs', `log-group:${name}`);
}

/** `<service>.<region>.amazonaws.com`, the regional form some service principals take. */
export function regionalServicePrincipal(ctx: SecurityContext, service: string): string {
  return `${service}.${ctx.awsRegion}.amazonaws.com`;
}

/**
 * The names of `ctx` that exceed their limit, as messages naming the resource, the name and
 * the limit. Names built from unresolved tokens (Terraform variables) cannot be measured
 * here; the `project_name` variable's rule bounds them instead.
 */
export function overlongNames(ctx: Pick<SecurityContext, 'projectName' | 'environment'>): string[] {
  if (Token.isUnresolved(ctx.projectName) || Token.isUnresolved(ctx.environment)) return [];
  const names = resourceNames(ctx);
  return limitedNames().flatMap(([k, limit]) =>
    names[k].length > limit.maxLength
      ? [`the ${limit.resource} "${names[k]}" has ${names[k].length} characters; AWS allows at most ${limit.maxLength}`]
      : [],
  );
}

/** `data.aws_partition.current`'s partition (read from the provider's region, no AWS call). */
export function currentPartition(scope: Construct): string {
  const partition = new DataAwsPartition(scope, 'partition');
  partition.overrideLogicalId('current');
  return partition.partition;
}

/**
 * A scope whose resources live in one region through that region's provider (aliased, e.g.
 * `aws.eu_west_1`). Resources placed with `regionalAddress` under it get the region appended
 * to their Terraform name (`main` -> `main_eu_west_1`) and its provider; outside any, or in a
 * scope without a provider (the home region), they keep their documented address.
 */
export class RegionScope extends Construct {
  /** `_eu_west_1`, or '' in the home region. */
  readonly addressSuffix: string;

  constructor(
    scope: Construct,
    id: string,
    /** The region's name (a literal, or `var.aws_region` in the home region). */
    readonly region: string,
    /** The region's provider; undefined: the stack's default provider (the home region). */
    readonly provider?: TerraformProvider,
  ) {
    super(scope, id);
    this.addressSuffix = provider === undefined ? '' : `_${region.replace(/-/g, '_')}`;
  }
}

/**
 * Give `element` its Terraform name `name`, suffixed and provided for the region of the
 * closest enclosing RegionScope (none: `name` as is). Call it before anything references the
 * element (cdktf fixes the name then).
 */
export function regionalAddress(element: TerraformResource | TerraformDataSource, name: string): void {
  const region = element.node.scopes.find((s): s is RegionScope => s instanceof RegionScope);
  element.overrideLogicalId(name + (region?.addressSuffix ?? ''));
  if (region?.provider !== undefined) element.provider = region.provider;
}
