import net from 'node:net';

// A pass-through TCP proxy in front of PostgreSQL that records the statements a server sends (the SQL text and
// the bound parameters, from the wire protocol's Parse/Bind and Query messages). It shows exactly what Hearth
// asks of the database for a request, whatever layer wrote the SQL, so the bench can EXPLAIN those statements.
// Bytes are forwarded untouched; only a copy of the client's side is parsed.

export interface CapturedStatement {
  sql: string;
  /** Text-format parameter values ($1, $2, ...); null for SQL NULL or a binary-format value. */
  params: (string | null)[];
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

function cString(buffer: Buffer, offset: number): [string, number] {
  const end = buffer.indexOf(0, offset);
  return [buffer.toString('utf8', offset, end), end + 1];
}

/** Decodes a Bind message body into its statement name and parameter values. */
function decodeBind(body: Buffer): { statement: string; params: (string | null)[] } {
  let offset = cString(body, 0)[1]; // portal
  const [statement, afterStatement] = cString(body, offset);
  offset = afterStatement;
  const formatCount = body.readInt16BE(offset);
  const formats = Array.from({ length: formatCount }, (_, i) => body.readInt16BE(offset + 2 + i * 2));
  offset += 2 + formatCount * 2;
  const paramCount = body.readInt16BE(offset);
  offset += 2;
  const params: (string | null)[] = [];
  for (let i = 0; i < paramCount; i++) {
    const length = body.readInt32BE(offset);
    offset += 4;
    const format = formats.length === 0 ? 0 : formats.length === 1 ? formats[0] : formats[i];
    params.push(length < 0 || format !== 0 ? null : body.toString('utf8', offset, offset + length));
    offset += Math.max(length, 0);
  }
  return { statement, params };
}

/** Follows one client connection's message stream (which may split or join messages across chunks). */
class FrontendParser {
  private pending: Buffer = Buffer.alloc(0);
  private inStartup = true;
  private unnamed = '';
  private readonly named = new Map<string, string>();

  constructor(private readonly record: (statement: CapturedStatement) => void) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    for (;;) {
      const consumed = this.inStartup ? this.startupMessage() : this.typedMessage();
      if (consumed === 0) return;
      this.pending = this.pending.subarray(consumed);
    }
  }

  private startupMessage(): number {
    if (this.pending.length < 8) return 0;
    const length = this.pending.readInt32BE(0);
    if (this.pending.length < length) return 0;
    const code = this.pending.readInt32BE(4);
    if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) this.inStartup = false;
    return length;
  }

  private typedMessage(): number {
    if (this.pending.length < 5) return 0;
    const total = 1 + this.pending.readInt32BE(1);
    if (this.pending.length < total) return 0;
    this.handle(String.fromCharCode(this.pending[0]), this.pending.subarray(5, total));
    return total;
  }

  private handle(type: string, body: Buffer): void {
    if (type === 'P') {
      const [name, afterName] = cString(body, 0);
      const [sql] = cString(body, afterName);
      if (name) this.named.set(name, sql);
      else this.unnamed = sql;
    } else if (type === 'B') {
      const { statement, params } = decodeBind(body);
      this.record({ sql: statement ? (this.named.get(statement) ?? '') : this.unnamed, params });
    } else if (type === 'Q') {
      this.record({ sql: cString(body, 0)[0], params: [] });
    }
  }
}

export class PgCaptureProxy {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private recording: CapturedStatement[] | null = null;

  constructor(
    private readonly upstreamHost: string,
    private readonly upstreamPort: number,
  ) {
    this.server = net.createServer((client) => this.connect(client));
  }

  /** Listens on a free loopback port; returns `databaseUrl` rewritten to go through the proxy. */
  async start(databaseUrl: string): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const url = new URL(databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String((this.server.address() as net.AddressInfo).port);
    return url.toString();
  }

  /** Records every statement from now until `stop` (statements outside a recording are not kept). */
  record(): void {
    this.recording = [];
  }

  stopRecording(): CapturedStatement[] {
    const statements = this.recording ?? [];
    this.recording = null;
    return statements;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private connect(client: net.Socket): void {
    const upstream = net.connect(this.upstreamPort, this.upstreamHost);
    const parser = new FrontendParser((statement) => this.recording?.push(statement));
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.on('data', (chunk: Buffer) => {
      parser.push(chunk);
      upstream.write(chunk);
    });
    upstream.pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  }
}
