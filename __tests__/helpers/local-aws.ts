/**
 * Local AWS for backend integration tests: s3rver (S3) and dynalite (DynamoDB), real protocol
 * servers, on 127.0.0.1 ports the OS picks, each with its own temp data dir. `stop()` closes
 * both and removes the dirs, whatever state they are in.
 *
 * Both servers lack a few operations the AWS provider calls when it creates the state bucket
 * and the lock table (the provider then fails). This file adds exactly those, thinly, and
 * leaves everything else (buckets, objects, tables, items, authentication) to the servers.
 *
 * S3 (a Koa middleware put at the front of s3rver's chain; s3rver answers them 501
 * NotImplemented, or, for `ownershipControls`, which it does not know, lists the bucket):
 *   PUT / GET / DELETE /<bucket>?<sub-resource> for the sub-resources in S3_SUB_RESOURCES.
 *   PUT stores the request body per bucket, GET returns it, DELETE drops it. GET of a
 *   configuration that was never put answers what S3 answers: the error code of that
 *   sub-resource (NoSuchBucketPolicy, ...), or S3's default document (an empty
 *   VersioningConfiguration). Headers that belong to a configuration (the lifecycle's
 *   minimum transition size) are stored and returned with it. Each request first passes s3rver's own
 *   authentication (s3rver checks the access key id, S3RVER; it does not verify SigV4
 *   signatures) and its bucket-exists check (NoSuchBucket).
 *
 * DynamoDB (a wrapper of dynalite's 'request' listener; every request goes to dynalite first):
 *   - UpdateContinuousBackups / DescribeContinuousBackups (point-in-time recovery): dynalite
 *     answers UnknownOperationException. Emulated per table, after dynalite's DescribeTable
 *     (with the caller's headers) has confirmed that the table exists.
 *   - CreateTable `Tags`: dynalite drops them; the wrapper applies them with dynalite's own
 *     TagResource once the table is created.
 *   - CreateTable / UpdateTable `SSESpecification` and `DeletionProtectionEnabled`: dynalite
 *     silently drops request fields it does not know, so the provider would read back
 *     encryption and deletion protection off. The wrapper keeps what was requested and adds
 *     `SSEDescription` and `DeletionProtectionEnabled` to the table descriptions dynalite
 *     returns (UpdateTable with only those fields, which dynalite rejects, is answered here).
 * Every DynamoDB request is logged (`dynamodbRequests`) so tests can see how Terraform locked.
 *
 * IAM and STS (roles of the bootstrap stack, `assume_role` of the backends): local-iam.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { createServer, IncomingMessage, request as httpRequest, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import { tmpdir } from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import { crc32 } from 'zlib';
import { LocalIam, startLocalIam } from './local-iam';
import { OFFLINE_AWS_PROVIDER } from './terraform';

// Neither server ships types: the parts used here are typed where they are required.
/* eslint-disable @typescript-eslint/no-require-imports -- untyped CommonJS packages, typed at the require */
const S3rver = require('s3rver') as new (opts: Record<string, unknown>) => S3rverApp;
const S3Error = require('s3rver/lib/models/error') as new (
  code: string,
  message: string,
  detail?: Record<string, unknown>,
) => Error & { status: number };
const s3rverAuthentication = require('s3rver/lib/middleware/authentication') as () => KoaMiddleware;
const { bucketExists } = require('s3rver/lib/controllers/bucket') as { bucketExists: KoaMiddleware };
const dynalite = require('dynalite') as (opts: Record<string, unknown>) => Server;
/* eslint-enable @typescript-eslint/no-require-imports */

/** The key pair s3rver knows (its only account); dynalite accepts any key. */
export const LOCAL_ACCESS_KEY = 'S3RVER';
export const LOCAL_SECRET_KEY = 'S3RVER';

interface KoaContext {
  method: string;
  path: string;
  query: Record<string, string>;
  params: Record<string, string>;
  req: IncomingMessage;
  status: number;
  type: string;
  body: unknown;
  get(header: string): string;
  set(header: string, value: string): void;
}
type KoaMiddleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

interface S3rverApp {
  middleware: KoaMiddleware[];
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  httpServer?: Server;
}

/** What GET answers for a sub-resource never put: S3's error code, or S3's default document. */
const S3_SUB_RESOURCES: Record<
  'versioning' | 'encryption' | 'publicAccessBlock' | 'policy' | 'lifecycle' | 'ownershipControls' | 'tagging' | 'logging',
  { readonly missing: string } | { readonly default: string }
> = {
  versioning: { default: '<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>' },
  encryption: { missing: 'ServerSideEncryptionConfigurationNotFoundError' },
  publicAccessBlock: { missing: 'NoSuchPublicAccessBlockConfiguration' },
  policy: { missing: 'NoSuchBucketPolicy' },
  lifecycle: { missing: 'NoSuchLifecycleConfiguration' },
  ownershipControls: { missing: 'OwnershipControlsNotFoundError' },
  tagging: { missing: 'NoSuchTagSet' },
  // Server access logging: off (an empty status) until configured.
  logging: { default: '<BucketLoggingStatus xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>' },
};

export type S3SubResource = keyof typeof S3_SUB_RESOURCES;

/**
 * Request headers that are part of a configuration: S3 returns them with it on GET (the
 * provider waits until the lifecycle it put reads back with the same minimum object size).
 */
const CONFIG_HEADERS = ['x-amz-transition-default-minimum-object-size'];

interface StoredConfig {
  readonly body: Buffer;
  readonly headers: Record<string, string>;
}

function readBody(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** The middleware answering bucket sub-resources s3rver lacks, from `configs` (bucket → sub-resource → body). */
function s3SubResourceShim(configs: Map<string, Map<string, StoredConfig>>): KoaMiddleware {
  const authenticate = s3rverAuthentication();
  return async (ctx, next) => {
    const bucket = /^\/([^/]+)\/?$/.exec(ctx.path)?.[1];
    const sub = (Object.keys(S3_SUB_RESOURCES) as S3SubResource[]).find((s) => s in ctx.query);
    if (!bucket || !sub || !['GET', 'PUT', 'DELETE'].includes(ctx.method)) return next();
    ctx.params = { bucket };
    await authenticate(ctx, async () => {
      await bucketExists(ctx, () => Promise.resolve());
      const stored = configs.get(bucket) ?? new Map<string, StoredConfig>();
      configs.set(bucket, stored);
      if (ctx.method === 'PUT') {
        const headers = Object.fromEntries(CONFIG_HEADERS.filter((h) => ctx.get(h)).map((h) => [h, ctx.get(h)]));
        stored.set(sub, { body: await readBody(ctx.req), headers });
        ctx.status = 200;
        ctx.body = '';
      } else if (ctx.method === 'DELETE') {
        stored.delete(sub);
        ctx.status = 204;
      } else {
        const answer = S3_SUB_RESOURCES[sub];
        const config = stored.get(sub);
        const body = config?.body ?? ('default' in answer ? answer.default : undefined);
        if (body === undefined) {
          const err = new S3Error((answer as { missing: string }).missing, `The ${sub} configuration does not exist`, {
            BucketName: bucket,
          });
          err.status = 404;
          throw err;
        }
        for (const [h, v] of Object.entries(config?.headers ?? {})) ctx.set(h, v);
        ctx.status = 200;
        ctx.type = sub === 'policy' ? 'application/json' : 'application/xml';
        ctx.body = body;
      }
    });
  };
}

export interface DynamodbRequest {
  readonly target: string;
  readonly body: Record<string, any>;
  readonly status: number;
}

interface Captured {
  status: number;
  headers: Record<string, string | number>;
  body: Buffer;
}

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;
type RequestHead = Pick<IncomingMessage, 'method' | 'url' | 'headers'>;

/** The same request as another operation: dynalite then checks its auth headers as usual. */
function asOperation(req: RequestHead, operation: string): RequestHead {
  return { method: req.method, url: req.url, headers: { ...req.headers, 'x-amz-target': `DynamoDB_20120810.${operation}` } };
}

/** Run dynalite's own request handler on a buffered request and capture its answer. */
function callDynalite(handler: RequestListener, req: RequestHead, body: Buffer): Promise<Captured> {
  return new Promise((resolve) => {
    const fakeReq = Object.assign(new PassThrough(), { method: req.method, url: req.url, headers: req.headers });
    const captured: Captured = { status: 200, headers: {}, body: Buffer.alloc(0) };
    const fakeRes = {
      set statusCode(s: number) {
        captured.status = s;
      },
      get statusCode() {
        return captured.status;
      },
      setHeader: (k: string, v: string | number) => void (captured.headers[k.toLowerCase()] = v),
      end: (b?: string | Buffer) => resolve({ ...captured, body: Buffer.from(b ?? '') }),
    };
    handler(fakeReq as unknown as IncomingMessage, fakeRes as unknown as ServerResponse);
    fakeReq.end(body);
  });
}

/** Settings dynalite drops, kept per table as the requests gave them. */
interface TableExtras {
  sse?: { Enabled?: boolean; SSEType?: string; KMSMasterKeyId?: string };
  deletionProtection?: boolean;
  pitr?: boolean;
}

function describeExtras(table: Record<string, any>, extras: TableExtras | undefined): void {
  const [, , , region, account] = String(table.TableArn ?? '').split(':');
  if (extras?.sse?.Enabled) {
    table.SSEDescription = {
      Status: 'ENABLED',
      SSEType: extras.sse.SSEType ?? 'KMS',
      // Without a key, DynamoDB uses the AWS managed key aws/dynamodb.
      KMSMasterKeyArn: extras.sse.KMSMasterKeyId ?? `arn:aws:kms:${region}:${account}:key/aws-dynamodb-managed`,
    };
  }
  table.DeletionProtectionEnabled = extras?.deletionProtection ?? false;
}

/** Wrap dynalite's request listener: log every request, add what dynalite lacks (see the file header). */
function wrapDynalite(server: Server, log: DynamodbRequest[]): void {
  const [handler] = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  const extras = new Map<string, TableExtras>();
  const json = (status: number, data: unknown): Captured => ({
    status,
    headers: { 'content-type': 'application/x-amz-json-1.0' },
    body: Buffer.from(JSON.stringify(data)),
  });

  const answer = async (req: RequestHead, raw: Buffer, op: string, data: Record<string, any>): Promise<Captured> => {
    const table = typeof data.TableName === 'string' ? data.TableName : '';
    const mine = extras.get(table) ?? {};
    if (op === 'UpdateContinuousBackups' || op === 'DescribeContinuousBackups') {
      // dynalite's DescribeTable, with the caller's headers, checks auth and that the table exists.
      const check = await callDynalite(handler, asOperation(req, 'DescribeTable'), Buffer.from(JSON.stringify({ TableName: table })));
      if (check.status !== 200) return check;
      if (op === 'UpdateContinuousBackups') {
        mine.pitr = data.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled === true;
        extras.set(table, mine);
      }
      const now = Date.now() / 1000;
      return json(200, {
        ContinuousBackupsDescription: {
          ContinuousBackupsStatus: 'ENABLED',
          PointInTimeRecoveryDescription: mine.pitr
            ? {
                PointInTimeRecoveryStatus: 'ENABLED',
                RecoveryPeriodInDays: 35,
                EarliestRestorableDateTime: now,
                LatestRestorableDateTime: now,
              }
            : { PointInTimeRecoveryStatus: 'DISABLED' },
        },
      });
    }
    const requested: TableExtras = {
      ...(data.SSESpecification ? { sse: data.SSESpecification } : {}),
      ...(typeof data.DeletionProtectionEnabled === 'boolean' ? { deletionProtection: data.DeletionProtectionEnabled } : {}),
    };
    let forward = raw;
    if (op === 'UpdateTable' && Object.keys(requested).length) {
      const rest = Object.keys(data).filter((k) => !['TableName', 'SSESpecification', 'DeletionProtectionEnabled'].includes(k));
      // dynalite rejects an UpdateTable with nothing it knows: describe the table instead.
      if (rest.length === 0) {
        req = asOperation(req, 'DescribeTable');
        forward = Buffer.from(JSON.stringify({ TableName: table }));
      }
    }
    const res = await callDynalite(handler, req, forward);
    if (res.status !== 200 || !['CreateTable', 'UpdateTable', 'DescribeTable'].includes(op)) return res;
    if (Object.keys(requested).length) extras.set(table, { ...mine, ...requested });
    const out = JSON.parse(res.body.toString());
    const description = out.Table ?? out.TableDescription;
    if (op === 'CreateTable' && Array.isArray(data.Tags) && data.Tags.length) {
      const tagged = await callDynalite(
        handler,
        asOperation(req, 'TagResource'),
        Buffer.from(JSON.stringify({ ResourceArn: description.TableArn, Tags: data.Tags })),
      );
      if (tagged.status !== 200) return tagged;
    }
    describeExtras(description, extras.get(table));
    return json(200, op === 'DescribeTable' ? { Table: description } : { TableDescription: description });
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const raw = await readBody(req);
      const op = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      let data: Record<string, any> = {};
      try {
        data = raw.length ? JSON.parse(raw.toString()) : {};
      } catch {
        // dynalite answers the SerializationException.
      }
      const out = await answer(req, raw, op, data);
      log.push({ target: op, body: data, status: out.status });
      res.statusCode = out.status;
      for (const [k, v] of Object.entries(out.headers)) if (k !== 'content-length' && k !== 'x-amz-crc32') res.setHeader(k, v);
      // The SDK checks the body against x-amz-crc32.
      res.setHeader('x-amz-crc32', crc32(out.body));
      res.setHeader('content-length', out.body.length);
      res.end(out.body);
    })().catch((e) => {
      res.statusCode = 500;
      res.end(String(e));
    });
  });
}

export interface LocalAws {
  /** http://127.0.0.1:<port> of s3rver. */
  readonly s3Endpoint: string;
  /** http://127.0.0.1:<port> of dynalite. */
  readonly dynamodbEndpoint: string;
  /** http://127.0.0.1:<port> of the test IAM and STS. */
  readonly iamEndpoint: string;
  /** DynamoDB requests in the order they were answered. */
  readonly dynamodbRequests: DynamodbRequest[];
  /** The test IAM and STS: roles created, calls made (AssumeRole included). */
  readonly iam: LocalIam;
  /** The body last PUT for a bucket sub-resource the shim emulates, or undefined. */
  bucketConfig(bucket: string, sub: S3SubResource): string | undefined;
  /** An unsigned request to s3rver (it lets anonymous requests through). */
  s3(method: string, urlPath: string): Promise<{ status: number; body: string }>;
  /** A DynamoDB call to dynalite (it needs a SigV4-shaped Authorization header but checks no signature). */
  dynamodb(operation: string, body: Record<string, unknown>): Promise<Record<string, any>>;
  /** Close the servers and remove their data dirs. */
  stop(): Promise<void>;
}

function httpCall(url: string, method: string, headers: Record<string, string>, body = ''): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      readBody(res).then((b) => resolve({ status: res.statusCode ?? 0, body: b.toString() }), reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function closeServer(server: Server | undefined): Promise<void> {
  if (!server?.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Start s3rver and dynalite on 127.0.0.1 (ports picked by the OS) in new temp dirs. */
export async function startLocalAws(): Promise<LocalAws> {
  const root = mkdtempSync(path.join(tmpdir(), 'local-aws-'));
  const s3Configs = new Map<string, Map<string, StoredConfig>>();
  const dynamodbRequests: DynamodbRequest[] = [];
  const s3server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: path.join(root, 's3') });
  // Koa composes the chain when the server starts: the shim runs before s3rver's router.
  s3server.middleware.unshift(s3SubResourceShim(s3Configs));
  const dynamo = dynalite({ path: path.join(root, 'dynamodb'), createTableMs: 50, deleteTableMs: 50, updateTableMs: 50 });
  wrapDynalite(dynamo, dynamodbRequests);
  let iam: LocalIam | undefined;

  const stop = async () => {
    try {
      await Promise.all([closeServer(s3server.httpServer), closeServer(dynamo), iam?.stop()]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };
  try {
    const s3Address = await s3server.run();
    await new Promise<void>((resolve, reject) => dynamo.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
    const s3Endpoint = `http://127.0.0.1:${s3Address.port}`;
    const dynamodbEndpoint = `http://127.0.0.1:${(dynamo.address() as AddressInfo).port}`;
    iam = await startLocalIam();
    return {
      s3Endpoint,
      dynamodbEndpoint,
      iamEndpoint: iam.endpoint,
      dynamodbRequests,
      iam,
      bucketConfig: (bucket, sub) => s3Configs.get(bucket)?.get(sub)?.body.toString(),
      s3: (method, urlPath) => httpCall(`${s3Endpoint}${urlPath}`, method, {}),
      dynamodb: async (operation, body) => {
        const date = new Date().toISOString().replace(/[-:]|\.\d+/g, '');
        const r = await httpCall(
          dynamodbEndpoint,
          'POST',
          {
            'content-type': 'application/x-amz-json-1.0',
            'x-amz-target': `DynamoDB_20120810.${operation}`,
            'x-amz-date': date,
            authorization: `AWS4-HMAC-SHA256 Credential=${LOCAL_ACCESS_KEY}/${date.slice(0, 8)}/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0`,
          },
          JSON.stringify(body),
        );
        if (r.status !== 200) throw new Error(`DynamoDB ${operation} answered ${r.status}: ${r.body}`);
        return JSON.parse(r.body);
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** A loopback port nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const { port } = s.address() as AddressInfo;
  await closeServer(s);
  return port;
}

export interface Endpoints {
  readonly s3Endpoint: string;
  readonly dynamodbEndpoint: string;
  /** IAM and STS; none: their real endpoints (a test of a backend that is down needs none). */
  readonly iamEndpoint?: string;
}

/** The endpoints Terraform and the provider are pointed at. */
function endpointsOf(aws: Endpoints): Record<string, string> {
  return { s3: aws.s3Endpoint, dynamodb: aws.dynamodbEndpoint, ...(aws.iamEndpoint ? { iam: aws.iamEndpoint, sts: aws.iamEndpoint } : {}) };
}

/** The AWS provider's settings for the local servers (an override file's `provider.aws`). */
export function localAwsProvider(aws: Endpoints): Record<string, unknown> {
  return {
    ...OFFLINE_AWS_PROVIDER,
    access_key: LOCAL_ACCESS_KEY,
    secret_key: LOCAL_SECRET_KEY,
    s3_use_path_style: true,
    endpoints: [endpointsOf(aws)],
  };
}

/**
 * What the S3 backend and `terraform_remote_state` need on top of a stack's own settings to
 * use the local servers: endpoints, path-style addressing (the bucket is not a host name
 * here), the local keys, and no AWS account lookups (STS, instance metadata). The backend's
 * checksums are left on: s3rver accepts them (it ignores the header).
 */
export function localBackendSettings(aws: Endpoints, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    endpoints: endpointsOf(aws),
    use_path_style: true,
    access_key: LOCAL_ACCESS_KEY,
    secret_key: LOCAL_SECRET_KEY,
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    ...extra,
  };
}

/**
 * Write `localBackendSettings` as a `.tfbackend` file in `dir` and return the
 * `-backend-config=<file>` argument for `terraform init`: the stack's own backend block stays
 * as synthesized, the test only adds endpoints and credentials.
 */
export function backendConfigArgs(dir: string, aws: Endpoints, extra: Record<string, unknown> = {}): string[] {
  const file = path.join(dir, 'local-aws.s3.tfbackend');
  // JSON values are valid HCL expressions (objects with ':' included).
  const hcl = Object.entries(localBackendSettings(aws, extra)).map(([k, v]) => `${k} = ${JSON.stringify(v)}\n`);
  writeFileSync(file, hcl.join(''));
  return [`-backend-config=${file}`];
}
