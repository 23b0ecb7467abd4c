/**
 * Policies evaluated, not compared: requests decided by @cloud-copilot/iam-simulate against a
 * resource policy (key, bucket or topic policy), either as Terraform rendered it in a plan or
 * rendered here from the synthesized `aws_iam_policy_document` statements (`decide`); or a
 * principal's request under its identity policies and a resource policy, with the context AWS
 * sets on every signed request over TLS (`decideRequest`).
 *
 * Two quirks of the simulator are handled here, loudly: its validated entry point drops
 * request context keys it does not know for the action, among them every
 * `kms:EncryptionContext:<key>`, so such requests go through its core engine (the package
 * exports no path to it, hence the resolved file paths); and a principal of an account is
 * only allowed what an identity policy grants it, so AWS principals get one that allows the
 * request (what is under test is the resource policy).
 */
import * as path from 'path';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { PolicyStatementJson } from './unit';

export interface IamPolicy {
  Version: '2012-10-17';
  Statement: Record<string, unknown>[];
}

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export interface SimRequest {
  /** Service principal (`config.amazonaws.com`) or IAM ARN. */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** Account that owns the resource. */
  readonly resourceAccount: string;
  readonly context?: Record<string, string | string[]>;
  /**
   * Give an AWS principal an identity policy allowing the request. @default true. False: only
   * the resource policy can allow it (a key policy statement naming principals of the account
   * without the root delegating to IAM).
   */
  readonly identityPolicy?: boolean;
}

/**
 * IAM JSON of synthesized policy-document statements, as Terraform renders them; each
 * `${...}` reference is replaced from `refs` (an unknown one throws).
 */
export function renderPolicy(statements: PolicyStatementJson[], refs: Record<string, string>): IamPolicy {
  const sub = (v: string) =>
    v.replace(/\$\{([^}]+)\}/g, (_, ref: string) => {
      if (!(ref in refs)) throw new Error(`renderPolicy: no value for \${${ref}} (known: ${Object.keys(refs).join(', ')})`);
      return refs[ref];
    });
  return {
    Version: '2012-10-17',
    Statement: statements.map((s) => {
      const out: Record<string, unknown> = { Effect: (s as { effect?: string }).effect ?? 'Allow' };
      if (s.sid) out.Sid = s.sid;
      if (s.principals) {
        const p = s.principals;
        out.Principal = p.length === 1 && p[0].type === '*' ? '*' : Object.fromEntries(p.map((x) => [x.type, x.identifiers.map(sub)]));
      }
      out.Action = (s.actions ?? []).map(sub);
      out.Resource = (s.resources ?? ['*']).map(sub);
      if (s.condition?.length) {
        const cond: Record<string, Record<string, string[]>> = {};
        for (const c of s.condition) (cond[c.test] ??= {})[sub(c.variable)] = c.values.map(sub);
        out.Condition = cond;
      }
      return out;
    }),
  };
}

function isServicePrincipal(principal: string): boolean {
  return /^[a-z0-9.-]+\.amazonaws\.com$/.test(principal);
}

function identityPolicies(req: SimRequest) {
  if (isServicePrincipal(req.principal) || req.identityPolicy === false) return [];
  return [
    { name: 'allows-the-request', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: req.action, Resource: '*' }] } },
  ];
}

/** The decision on `req` under the resource policy `policy`. */
export function decide(policy: IamPolicy, req: SimRequest): Promise<Decision> {
  return simulate({
    request: {
      principal: req.principal,
      action: req.action,
      resource: { resource: req.resource, accountId: req.resourceAccount },
      contextVariables: req.context ?? {},
    },
    identityPolicies: identityPolicies(req),
    resourcePolicy: policy,
  });
}

export interface IamRequest {
  /** Principal ARN (a role, user or account root). */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** Account that owns the resource. */
  readonly resourceAccount: string;
  /** Identity policies of the principal (parsed JSON documents). */
  readonly identityPolicies?: readonly unknown[];
  /** The resource's policy (bucket policy, trust policy), if any. */
  readonly resourcePolicy?: unknown;
  /** Request-specific keys, e.g. s3:prefix, dynamodb:LeadingKeys. */
  readonly context?: Record<string, string | string[]>;
}

/** The account of an IAM or STS principal ARN. */
export function accountOf(arn: string): string {
  const m = /^arn:[a-z-]+:(?:iam|sts)::([0-9]{12}):/.exec(arn);
  if (!m) throw new Error(`not a principal ARN: ${arn}`);
  return m[1];
}

/**
 * The decision on a principal's request under its identity policies and the resource policy,
 * with aws:PrincipalAccount, aws:PrincipalArn and aws:SecureTransport set as AWS sets them.
 */
export function decideRequest(req: IamRequest): Promise<Decision> {
  return simulate({
    request: {
      principal: req.principal,
      action: req.action,
      resource: { resource: req.resource, accountId: req.resourceAccount },
      contextVariables: {
        'aws:PrincipalAccount': accountOf(req.principal),
        'aws:PrincipalArn': req.principal,
        'aws:SecureTransport': 'true',
        ...req.context,
      },
    },
    identityPolicies: (req.identityPolicies ?? []).map((policy, i) => ({ name: `identity-${i}`, policy })),
    resourcePolicy: req.resourcePolicy,
  });
}

/**
 * Whether `principal` may assume the role `roleArn` (in `roleAccount`) under its trust policy
 * `trust`: the caller's own account lets it assume any role, so the trust policy decides.
 */
export function decideAssumeRole(roleArn: string, roleAccount: string, trust: unknown, principal: string): Promise<Decision> {
  return decideRequest({
    principal,
    action: 'sts:AssumeRole',
    resource: roleArn,
    resourceAccount: roleAccount,
    identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }],
    resourcePolicy: trust,
  });
}

interface Simulation {
  request: {
    principal: string;
    action: string;
    resource: { resource: string; accountId: string };
    contextVariables: Record<string, string | string[]>;
  };
  identityPolicies: { name: string; policy: unknown }[];
  resourcePolicy?: unknown;
}

/** Run the simulator on one request; a request it refuses, or a context key it ignores, fails the test. */
async function simulate(s: Simulation): Promise<Decision> {
  const simulation = { ...s, serviceControlPolicies: [], resourceControlPolicies: [] };
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error')
    throw new Error(`iam-simulate refused ${s.request.action} on ${s.request.resource.resource}: ${JSON.stringify(result.errors)}`);
  if (result.resultType !== 'single') throw new Error(`expected one resource, got ${result.resultType}`);
  const ignored = result.result.ignoredContextKeys ?? [];
  const unknown = ignored.filter((k) => !/^kms:EncryptionContext:/i.test(k));
  if (unknown.length)
    throw new Error(`iam-simulate ignored context keys ${unknown.join(', ')} for ${s.request.action}: fix the test request`);
  if (ignored.length === 0) return result.overallResult;
  return decideWithCoreEngine(simulation);
}

/** The simulator's core engine, which evaluates every context key given. */
function decideWithCoreEngine(simulation: Simulation): Decision {
  const dist = path.dirname(require.resolve('@cloud-copilot/iam-simulate'));
  /* eslint-disable @typescript-eslint/no-require-imports -- files the package does not export, loaded by resolved path */
  const { loadPolicy } = require(require.resolve('@cloud-copilot/iam-policy', { paths: [dist] }));
  const { authorize } = require(path.join(dist, 'core_engine', 'CoreSimulatorEngine.js'));
  const { RequestContextImpl } = require(path.join(dist, 'requestContext.js'));
  const { AwsRequestImpl } = require(path.join(dist, 'request', 'request.js'));
  const { DiscoveryContextKeyConstraints } = require(path.join(dist, 'context_keys', 'discoveryContextKeyConstraints.js'));
  /* eslint-enable @typescript-eslint/no-require-imports */
  const r = simulation.request;
  const analysis = authorize({
    request: new AwsRequestImpl(r.principal, r.resource, r.action, new RequestContextImpl(r.contextVariables)),
    sessionPolicy: undefined,
    identityPolicies: simulation.identityPolicies.map((p) => loadPolicy(p.policy, { name: p.name })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy:
      simulation.resourcePolicy === undefined ? undefined : loadPolicy(simulation.resourcePolicy, { name: 'resource-policy' }),
    permissionBoundaries: undefined,
    vpcEndpointPolicies: undefined,
    simulationParameters: { simulationMode: 'Strict', discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]) },
    serviceSettings: { s3: {} },
  });
  return analysis.result as Decision;
}
