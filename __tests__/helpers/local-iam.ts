/**
 * A thin IAM and STS for the backend integration tests (no real server of either runs on
 * npm): just the query-protocol calls the AWS provider makes for `aws_iam_role` and
 * `aws_iam_role_policy`, and the STS `AssumeRole` the S3 backend and `terraform_remote_state`
 * make for `assume_role`. Roles and their inline policies are kept in memory, as IAM returns
 * them (policy documents URL-encoded); every call is logged for the tests to inspect.
 *
 * What it cannot show: IAM is not enforced anywhere here. AssumeRole checks that the role
 * exists, not its trust policy, and hands back the local servers' only key pair, which
 * s3rver and dynalite accept whatever the role's policy says. The policies themselves are
 * proven by simulation (state-access-role.test.ts, support-stacks-plan.test.ts).
 */
import { randomUUID } from 'crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';

export interface IamCall {
  readonly action: string;
  readonly params: Readonly<Record<string, string>>;
  readonly status: number;
}

interface Role {
  readonly name: string;
  readonly path: string;
  readonly id: string;
  readonly arn: string;
  readonly created: string;
  assumeRolePolicy: string;
  description: string;
  readonly tags: [string, string][];
  readonly inlinePolicies: Map<string, string>;
}

/** The account the local IAM's roles live in (the state account of the checked-in config). */
export const LOCAL_IAM_ACCOUNT = '999999999999';

class IamError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** `<a><b>..</b></a>` from nested objects; arrays repeat their key as `<member>`. */
function xml(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => `<member>${xml(v)}</member>`).join('');
  if (value !== null && typeof value === 'object')
    return Object.entries(value)
      .map(([k, v]) => `<${k}>${xml(v)}</${k}>`)
      .join('');
  return escapeXml(String(value));
}

function roleXml(r: Role): Record<string, unknown> {
  return {
    Path: r.path,
    RoleName: r.name,
    RoleId: r.id,
    Arn: r.arn,
    CreateDate: r.created,
    // IAM returns policy documents URL-encoded.
    AssumeRolePolicyDocument: encodeURIComponent(r.assumeRolePolicy),
    ...(r.description ? { Description: r.description } : {}),
    MaxSessionDuration: 3600,
    ...(r.tags.length ? { Tags: r.tags.map(([Key, Value]) => ({ Key, Value })) } : {}),
    RoleLastUsed: {},
  };
}

/** `Tags.member.1.Key=a&Tags.member.1.Value=b` → [['a', 'b']]. */
function tagsOf(params: Record<string, string>): [string, string][] {
  const tags: [string, string][] = [];
  for (let i = 1; params[`Tags.member.${i}.Key`] !== undefined; i++)
    tags.push([params[`Tags.member.${i}.Key`], params[`Tags.member.${i}.Value`] ?? '']);
  return tags;
}

export interface LocalIam {
  readonly endpoint: string;
  readonly calls: IamCall[];
  /** A role's trust policy and inline policies as the provider put them, or undefined. */
  role(name: string): { assumeRolePolicy: string; inlinePolicies: Record<string, string> } | undefined;
  stop(): Promise<void>;
}

export async function startLocalIam(): Promise<LocalIam> {
  const roles = new Map<string, Role>();
  const calls: IamCall[] = [];
  const roleNamed = (name: string | undefined) => {
    const role = name === undefined ? undefined : roles.get(name);
    if (!role) throw new IamError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);
    return role;
  };

  const actions: Record<string, (p: Record<string, string>) => Record<string, unknown>> = {
    CreateRole: (p) => {
      if (roles.has(p.RoleName)) throw new IamError('EntityAlreadyExists', `Role with name ${p.RoleName} already exists.`, 409);
      const path = p.Path ?? '/';
      const role: Role = {
        name: p.RoleName,
        path,
        id: `AROA${randomUUID().replace(/-/g, '').slice(0, 17).toUpperCase()}`,
        arn: `arn:aws:iam::${LOCAL_IAM_ACCOUNT}:role${path}${p.RoleName}`,
        created: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        assumeRolePolicy: p.AssumeRolePolicyDocument,
        description: p.Description ?? '',
        tags: tagsOf(p),
        inlinePolicies: new Map(),
      };
      roles.set(role.name, role);
      return { Role: roleXml(role) };
    },
    GetRole: (p) => ({ Role: roleXml(roleNamed(p.RoleName)) }),
    UpdateAssumeRolePolicy: (p) => ((roleNamed(p.RoleName).assumeRolePolicy = p.PolicyDocument), {}),
    UpdateRole: (p) => ((roleNamed(p.RoleName).description = p.Description ?? ''), {}),
    ListRoleTags: (p) => ({ Tags: roleNamed(p.RoleName).tags.map(([Key, Value]) => ({ Key, Value })), IsTruncated: false }),
    ListRolePolicies: (p) => ({ PolicyNames: [...roleNamed(p.RoleName).inlinePolicies.keys()], IsTruncated: false }),
    ListAttachedRolePolicies: (p) => (roleNamed(p.RoleName), { AttachedPolicies: [], IsTruncated: false }),
    ListInstanceProfilesForRole: (p) => (roleNamed(p.RoleName), { InstanceProfiles: [], IsTruncated: false }),
    PutRolePolicy: (p) => (roleNamed(p.RoleName).inlinePolicies.set(p.PolicyName, p.PolicyDocument), {}),
    GetRolePolicy: (p) => {
      const document = roleNamed(p.RoleName).inlinePolicies.get(p.PolicyName);
      if (document === undefined) throw new IamError('NoSuchEntity', `The role policy with name ${p.PolicyName} cannot be found.`, 404);
      return { RoleName: p.RoleName, PolicyName: p.PolicyName, PolicyDocument: encodeURIComponent(document) };
    },
    DeleteRolePolicy: (p) => (roleNamed(p.RoleName).inlinePolicies.delete(p.PolicyName), {}),
    DeleteRole: (p) => (roles.delete(roleNamed(p.RoleName).name), {}),
    // STS: the role must exist; the session gets the local servers' key pair.
    AssumeRole: (p) => {
      const name = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(p.RoleArn ?? '')?.[1];
      const role = roleNamed(name);
      if (role.arn !== p.RoleArn) throw new IamError('AccessDenied', `${p.RoleArn} is not ${role.arn}`, 403);
      return {
        Credentials: {
          AccessKeyId: 'S3RVER',
          SecretAccessKey: 'S3RVER',
          SessionToken: `local-session-${randomUUID()}`,
          Expiration: new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        },
        AssumedRoleUser: {
          Arn: `arn:aws:sts::${LOCAL_IAM_ACCOUNT}:assumed-role/${role.name}/${p.RoleSessionName}`,
          AssumedRoleId: `${role.id}:${p.RoleSessionName}`,
        },
      };
    },
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()));
      const action = params.Action ?? '';
      const ns = action === 'AssumeRole' ? 'https://sts.amazonaws.com/doc/2011-06-15/' : 'https://iam.amazonaws.com/doc/2010-05-08/';
      const requestId = randomUUID();
      let status = 200;
      let body: string;
      try {
        const handler = actions[action];
        if (!handler)
          throw new IamError('InvalidAction', `The action ${action} is not emulated by the test IAM (__tests__/helpers/local-iam.ts).`);
        body = `<${action}Response xmlns="${ns}"><${action}Result>${xml(handler(params))}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
      } catch (e) {
        const err = e instanceof IamError ? e : new IamError('ServiceFailure', String(e), 500);
        status = err.status;
        body = `<ErrorResponse xmlns="${ns}"><Error><Type>Sender</Type><Code>${err.code}</Code><Message>${escapeXml(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
      }
      calls.push({ action, params, status });
      res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
      res.end(body);
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    role: (name) => {
      const r = roles.get(name);
      return r && { assumeRolePolicy: r.assumeRolePolicy, inlinePolicies: Object.fromEntries(r.inlinePolicies) };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
