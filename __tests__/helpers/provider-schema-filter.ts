/**
 * Every Terraform command starts by decoding the AWS provider's schema: 1,500 resource and
 * data source types, a 4.9 MB message, about 2 CPU s of Terraform's time per command (more
 * than a plan of a whole stack spends on anything else) and 1 CPU s of the provider's. The
 * tests' commands name some 60 of those types.
 *
 * So a command served by the provider pool (provider-pool.ts) talks to the provider through
 * this proxy: a gRPC (HTTP/2) pass-through on a unix socket that forwards every call and every
 * byte unchanged, except the answer to `GetSchema`, which it trims to the resource and data
 * source types the command's configuration and state name (`typesNamedIn`). Each type kept is
 * the provider's own entry, byte for byte; the provider's configuration schema, functions,
 * ephemeral resources and capabilities are all kept. A type the configuration uses but the
 * scan missed makes Terraform fail loudly ("The provider hashicorp/aws does not support
 * resource type ..."), never pass in silence. The full answer is asked for once per worker
 * process and then served from memory, so the provider does not encode it again either.
 *
 * GOVTECH_SCHEMA_FILTER=0 turns the proxy off: Terraform then reattaches to the provider
 * directly and reads its whole schema, as before.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'fs';
import * as http2 from 'http2';
import * as net from 'net';
import { tmpdir } from 'os';
import * as path from 'path';

export const SCHEMA_FILTER_ENV = 'GOVTECH_SCHEMA_FILTER';

/** The provider address in TF_REATTACH_PROVIDERS. */
const AWS_PROVIDER = 'registry.terraform.io/hashicorp/aws';

/** tfplugin5 (the protocol of hashicorp/aws 5.x): the schema call and its answer's map fields. */
const GET_SCHEMA_PATH = '/tfplugin5.Provider/GetSchema';
/** GetProviderSchema.Response: `map<string, Schema> resource_schemas = 2; data_source_schemas = 3;` */
const TYPE_MAP_FIELDS = new Set([2, 3]);

export function schemaFilterEnabled(): boolean {
  return process.env[SCHEMA_FILTER_ENV] !== '0';
}

/** Terraform files a directory holds, and state files (a type only in state still needs its schema). */
function terraformFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.tf') || f.endsWith('.tf.json') || f.endsWith('.tfstate'))
    .map((f) => path.join(dir, f));
}

/**
 * Every `aws_*` word in the files Terraform reads in `dir`: its configuration files and local
 * state, and those of the modules `terraform init` recorded. A superset of the resource and data
 * source types it uses (attribute names such as `aws_region` come along, and cost nothing).
 */
export function typesNamedIn(dir: string): Set<string> {
  const dirs = [dir];
  const modules = path.join(dir, '.terraform', 'modules', 'modules.json');
  if (existsSync(modules)) {
    for (const m of (JSON.parse(readFileSync(modules, 'utf8')) as { Modules?: { Dir: string }[] }).Modules ?? []) {
      dirs.push(path.resolve(dir, m.Dir));
    }
  }
  const types = new Set<string>();
  for (const file of dirs.flatMap(terraformFiles)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\baws_[a-z0-9_]+/g)) types.add(m[0]);
  }
  return types;
}

/** A protobuf varint at `at`: its value and the offset after it. */
function varint(buf: Buffer, at: number): [number, number] {
  let value = 0;
  let shift = 1;
  let i = at;
  for (;;) {
    if (i >= buf.length) throw new Error(`truncated protobuf varint at byte ${at}`);
    const b = buf[i++];
    value += (b & 0x7f) * shift;
    if ((b & 0x80) === 0) return [value, i];
    shift *= 128;
  }
}

/**
 * A GetProviderSchema.Response message with only the `keep` entries of its resource and data
 * source maps; every other field, and every entry kept, byte for byte as the provider sent it.
 * Works on the protobuf wire format: top-level fields are length-delimited or varints, and a map
 * entry is a message whose field 1 is its string key.
 */
export function filterProviderSchema(message: Buffer, keep: ReadonlySet<string>): Buffer {
  const parts: Buffer[] = [];
  let i = 0;
  while (i < message.length) {
    const start = i;
    const [tag, afterTag] = varint(message, i);
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    i = afterTag;
    if (wireType === 0) {
      i = varint(message, i)[1];
    } else if (wireType === 2) {
      const [length, body] = varint(message, i);
      i = body + length;
      if (TYPE_MAP_FIELDS.has(field)) {
        const [keyTag, keyLengthAt] = varint(message, body);
        if (keyTag !== 0x0a) throw new Error(`map entry of field ${field} at byte ${start} does not start with its key`);
        const [keyLength, keyAt] = varint(message, keyLengthAt);
        if (!keep.has(message.toString('utf8', keyAt, keyAt + keyLength))) continue;
      }
    } else {
      throw new Error(`unexpected protobuf wire type ${wireType} (field ${field}) at byte ${start} of the provider's schema`);
    }
    if (i > message.length) throw new Error(`protobuf field ${field} at byte ${start} runs past the message's end`);
    parts.push(message.subarray(start, i));
  }
  return Buffer.concat(parts);
}

/** One gRPC message, length-prefixed and uncompressed. */
function grpcFrame(message: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt32BE(message.length, 1);
  return Buffer.concat([head, message]);
}

/** The provider's whole GetSchema answer (one per worker: every pool member runs the same binary). */
let fullSchema: Promise<Buffer> | undefined;

/** Headers of `h` other than HTTP/2's pseudo-headers (`keep` excepted). */
function plainHeaders(h: http2.IncomingHttpHeaders, keep: string[] = []): http2.OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(h).filter(([k]) => !k.startsWith(':') || keep.includes(k)));
}

/** Send `message` as a successful unary gRPC answer on `stream`. */
function answer(stream: http2.ServerHttp2Stream, message: Buffer): void {
  stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
  stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
  stream.end(grpcFrame(message));
}

/** Ask the provider for its whole schema (a unary call with an empty request). */
function fetchFullSchema(upstream: http2.ClientHttp2Session): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = upstream.request({ ':method': 'POST', ':path': GET_SCHEMA_PATH, 'content-type': 'application/grpc', te: 'trailers' });
    const chunks: Buffer[] = [];
    let status: string | undefined;
    req.on('response', (h) => (status = h['grpc-status'] as string | undefined));
    req.on('trailers', (t) => (status = (t['grpc-status'] as string | undefined) ?? status));
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', reject);
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (status !== '0' || body.length < 5) return reject(new Error(`the provider's GetSchema failed (grpc-status ${status})`));
      if (body[0] !== 0)
        return reject(new Error("the provider's GetSchema answer is compressed; the schema filter reads only plain messages"));
      resolve(body.subarray(5, 5 + body.readUInt32BE(1)));
    });
    req.end(grpcFrame(Buffer.alloc(0)));
  });
}

/** Forward one call (any kind: unary or streaming) from Terraform to the provider, unchanged. */
function forward(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders, upstream: http2.ClientHttp2Session): void {
  const req = upstream.request(plainHeaders(headers, [':method', ':path']));
  stream.pipe(req);
  req.on('response', (h, flags) => {
    const endStream = (flags & http2.constants.NGHTTP2_FLAG_END_STREAM) !== 0;
    // A trailers-only answer (an error) ends in its headers.
    if (endStream) return stream.respond(plainHeaders(h, [':status']), { endStream: true });
    let trailers: http2.OutgoingHttpHeaders = {};
    req.on('trailers', (t) => (trailers = plainHeaders(t)));
    stream.respond(plainHeaders(h, [':status']), { waitForTrailers: true });
    stream.once('wantTrailers', () => stream.sendTrailers(trailers));
    req.pipe(stream);
  });
  const cancel = (from: http2.Http2Stream, code: number | undefined) => {
    if (!from.closed && !from.destroyed) from.close(code ?? http2.constants.NGHTTP2_CANCEL);
  };
  req.on('close', () => (req.rstCode ? cancel(stream, req.rstCode) : undefined));
  stream.on('close', () => cancel(req, stream.rstCode || http2.constants.NGHTTP2_CANCEL));
  req.on('error', () => cancel(stream, http2.constants.NGHTTP2_INTERNAL_ERROR));
  stream.on('error', () => cancel(req, http2.constants.NGHTTP2_CANCEL));
}

let proxies = 0;

const CONFIGURE_PATH = '/tfplugin5.Provider/Configure';
/** How long a provider instance's Configure may wait for a member no other instance has configured. */
const CONFIGURE_WAIT_MS = 60_000;

/** The unix socket a provider's TF_REATTACH_PROVIDERS value names. */
function providerSocket(reattach: string): string {
  const addr = (JSON.parse(reattach) as Record<string, { Addr: { Network: string; String: string } }>)[AWS_PROVIDER].Addr;
  if (addr.Network !== 'unix') throw new Error(`the schema filter proxies a provider on a unix socket, not ${JSON.stringify(addr)}`);
  return addr.String;
}

/**
 * Run `body` with a TF_REATTACH_PROVIDERS value that points Terraform at a proxy in front of
 * `members` (TF_REATTACH_PROVIDERS values of provider processes this command holds), serving it
 * the schemas of `keep` only; the proxy stops after `body`.
 *
 * Terraform opens a connection per provider instance. With one member, all go to it. With
 * several (a configuration with aliased providers), each instance that configures the provider
 * gets a member no other open instance has configured, because a provider process keeps one
 * configuration; calls that need none (schema, validation) go to the first.
 */
export async function withSchemaFilter<T>(
  members: readonly string[],
  keep: ReadonlySet<string>,
  body: (reattach: string) => Promise<T>,
): Promise<T> {
  if (members.length === 0) throw new Error('withSchemaFilter: no provider to proxy');
  const sockets = members.map(providerSocket);
  const socket = path.join(tmpdir(), `schema-filter-${process.pid}-${++proxies}.sock`);
  const upstreams: (http2.ClientHttp2Session | undefined)[] = sockets.map(() => undefined);
  const upstream = (i: number): http2.ClientHttp2Session => {
    let u = upstreams[i];
    if (u === undefined || u.destroyed || u.closed) {
      u = http2.connect('http://provider', { createConnection: () => net.connect(sockets[i]) });
      // A call in flight fails with the connection, and Terraform reports that.
      u.on('error', () => undefined);
      upstreams[i] = u;
    }
    return u;
  };
  /** The member each open provider instance (connection) has configured. */
  const configured = new Map<http2.Http2Session, number>();
  let released: (() => void)[] = [];
  const freeMember = () => sockets.findIndex((_, i) => ![...configured.values()].includes(i));
  async function memberFor(session: http2.Http2Session, callPath: string): Promise<number> {
    const own = configured.get(session);
    if (own !== undefined) return own;
    if (callPath !== CONFIGURE_PATH || sockets.length === 1) return 0;
    const deadline = Date.now() + CONFIGURE_WAIT_MS;
    for (let i = freeMember(); ; i = freeMember()) {
      if (i >= 0) {
        configured.set(session, i);
        return i;
      }
      if (Date.now() > deadline) {
        throw new Error(`all ${sockets.length} provider processes this command holds stay configured by other provider instances`);
      }
      await new Promise<void>((resolve) => {
        released.push(resolve);
        setTimeout(resolve, 1000).unref();
      });
    }
  }

  const sessions = new Set<http2.ServerHttp2Session>();
  const server = http2.createServer();
  server.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => {
      sessions.delete(s);
      if (configured.delete(s)) {
        const waiting = released;
        released = [];
        for (const wake of waiting) wake();
      }
    });
  });
  server.on('stream', (stream, headers) => {
    const callPath = headers[':path'] ?? '';
    if (callPath === GET_SCHEMA_PATH) {
      // The request is empty; drain it, and answer from the cached schema.
      stream.resume();
      fullSchema ??= fetchFullSchema(upstream(0)).catch((e: unknown) => {
        fullSchema = undefined;
        throw e;
      });
      fullSchema.then(
        (schema) => answer(stream, filterProviderSchema(schema, keep)),
        (e: Error) => fail(stream, e),
      );
      return;
    }
    const session = stream.session;
    if (session === undefined) return;
    stream.pause();
    memberFor(session, callPath).then(
      (i) => forward(stream, headers, upstream(i)),
      (e: Error) => fail(stream, e),
    );
  });
  rmSync(socket, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socket, () => resolve());
  });
  try {
    const config = JSON.parse(members[0]) as Record<string, object>;
    return await body(JSON.stringify({ [AWS_PROVIDER]: { ...config[AWS_PROVIDER], Addr: { Network: 'unix', String: socket } } }));
  } finally {
    for (const s of sessions) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    for (const u of upstreams) u?.destroy();
    rmSync(socket, { force: true });
  }
}

/** Answer a call with a gRPC error (INTERNAL) carrying `e`'s message, for Terraform to print. */
function fail(stream: http2.ServerHttp2Stream, e: Error): void {
  if (stream.closed || stream.destroyed) return;
  stream.respond(
    {
      ':status': 200,
      'content-type': 'application/grpc',
      'grpc-status': '13',
      'grpc-message': encodeURIComponent(`schema filter: ${e.message}`),
    },
    { endStream: true },
  );
}
