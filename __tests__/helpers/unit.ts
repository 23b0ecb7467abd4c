/**
 * Unit-test helpers: synthesize security constructs in a Testing stack (with an AWS provider)
 * and read the synthesized JSON by Terraform address.
 */
import 'cdktf/lib/testing/adapters/jest'; // types of cdktf's Jest matchers (jest.setup.js installs them)
import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { currentPartition, SecurityContext } from '../../src/security/context';
import { SecurityModule, SecurityModuleProps } from '../../src/security/security-module';
import { SecurityAlerting } from '../../src/security/alerting';
import { SecurityKey } from '../../src/security/kms';

export const PROJECT = 'govtech';
export const ENV = 'prod';
export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-2';
export const LOGS_BUCKET = 'govtech-prod-logs-123456789012';
/** How `data.aws_partition.current.partition` renders; both the helper and the module use it. */
export const PARTITION = '${data.aws_partition.current.partition}';

/** A resource or data source class: anything with a Terraform type. */
export interface TerraformType {
  readonly tfResourceType: string;
}

export interface PolicyStatementJson {
  sid?: string;
  actions?: string[];
  resources?: string[];
  principals?: { type: string; identifiers: string[] }[];
  condition?: { test: string; variable: string; values: string[] }[];
}

type Block = Record<string, any>;

/** Synthesized stack JSON, addressed like Terraform addresses it. */
export class Synth {
  readonly json: { resource?: Record<string, Record<string, Block>>; data?: Record<string, Record<string, Block>> };

  constructor(readonly raw: string) {
    this.json = JSON.parse(raw);
  }

  /** Every `<type>.<name>` of the resources. */
  addresses(): string[] {
    return Object.entries(this.json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`));
  }

  /** The resources of one type, by name (empty when there are none). */
  resources(type: TerraformType): Record<string, Block> {
    return this.json.resource?.[type.tfResourceType] ?? {};
  }

  resource(type: TerraformType, name: string): Block {
    return found(this.resources(type)[name], `${type.tfResourceType}.${name}`, Object.keys(this.resources(type)));
  }

  data(type: TerraformType, name: string): Block {
    const byName = this.json.data?.[type.tfResourceType] ?? {};
    return found(byName[name], `data.${type.tfResourceType}.${name}`, Object.keys(byName));
  }

  /** Statement `sid` of `data.aws_iam_policy_document.<doc>`. */
  statement(doc: string, sid: string): PolicyStatementJson {
    const statements: PolicyStatementJson[] = this.json.data?.aws_iam_policy_document?.[doc]?.statement ?? [];
    return found(
      statements.find((s) => s.sid === sid),
      `statement ${sid} of policy document ${doc}`,
      statements.map((s) => s.sid),
    );
  }

  /** The condition of statement `sid` on `variable`, as `{ test, values }`. */
  condition(doc: string, sid: string, variable: string): { test: string; values: string[] } {
    const conditions = this.statement(doc, sid).condition ?? [];
    const c = found(
      conditions.find((x) => x.variable === variable),
      `condition ${variable} of ${doc}/${sid}`,
      conditions.map((x) => x.variable),
    );
    return { test: c.test, values: c.values };
  }
}

function found<T>(value: T | undefined, what: string, present: unknown[]): T {
  if (value === undefined) throw new Error(`no ${what} in the synthesized JSON (present: ${present.join(', ') || 'none'})`);
  return value;
}

/** The `${...}` reference cdktf writes for an attribute of a resource. */
export function ref(type: TerraformType, name: string, attribute: string): string {
  return `\${${type.tfResourceType}.${name}.${attribute}}`;
}

/** The reference to the rendered JSON of `data.aws_iam_policy_document.<doc>`. */
export function policyJson(doc: string): string {
  return `\${data.aws_iam_policy_document.${doc}.json}`;
}

/** The test context: literal names, and the partition read from `data.aws_partition.current`. */
export function testContext(scope: Construct, overrides: Partial<SecurityContext> = {}): SecurityContext {
  return {
    projectName: PROJECT,
    environment: ENV,
    accountId: ACCOUNT,
    awsRegion: REGION,
    partition: currentPartition(scope),
    ...overrides,
  };
}

/** Synthesize what `build` adds to a stack that has an AWS provider and a test context. */
export function synth(build: (scope: Construct, ctx: SecurityContext) => void, ctx: Partial<SecurityContext> = {}): Synth {
  return new Synth(
    Testing.synthScope((scope) => {
      new AwsProvider(scope, 'aws', { region: REGION });
      build(scope, testContext(scope, ctx));
    }),
  );
}

/** The module key and an alerts topic encrypted with it, for constructs that alert. */
export function alertsFixture(scope: Construct, context: SecurityContext): SecurityAlerting {
  return new SecurityAlerting(scope, 'alerting', { context, key: new SecurityKey(scope, 'kms', { context }) });
}

/** `${aws_sns_topic.security_alerts.arn}`, the alerts topic's ARN as synthesized. */
export const ALERTS_TOPIC_ARN = '${aws_sns_topic.security_alerts.arn}';

export type ModuleOverrides = Partial<SecurityModuleProps> | ((scope: Construct) => Partial<SecurityModuleProps>);

/** A SecurityModule with the test values (overridable) and its synthesized JSON. */
export function synthModule(overrides: ModuleOverrides = {}): { synth: Synth; module: SecurityModule } {
  let module: SecurityModule | undefined;
  const raw = Testing.synthScope((scope) => {
    new AwsProvider(scope, 'aws', { region: REGION });
    module = new SecurityModule(scope, 'security', {
      projectName: PROJECT,
      environment: ENV,
      accountId: ACCOUNT,
      awsRegion: REGION,
      logsBucket: LOGS_BUCKET,
      ...(typeof overrides === 'function' ? overrides(scope) : overrides),
    });
  });
  return { synth: new Synth(raw), module: module! };
}

/** Every object key anywhere in `value`, recursively. */
export function allKeys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(allKeys);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [k, ...allKeys(v)]);
}
