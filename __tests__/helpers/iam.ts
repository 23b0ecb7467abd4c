/**
 * Offline IAM policy evaluation (@cloud-copilot/iam-simulate) of one request, with the
 * request context AWS sets on every signed request over TLS (aws:PrincipalAccount,
 * aws:PrincipalArn, aws:SecureTransport). An input the simulator rejects fails the test.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

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

export async function decide(req: IamRequest): Promise<Decision> {
  const result = await runSimulation(
    {
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
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: req.resourcePolicy,
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(`iam-simulate rejected ${req.action} on ${req.resource}: ${JSON.stringify(result.errors)}`);
  return result.overallResult as Decision;
}
