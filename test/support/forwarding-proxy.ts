import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A reverse proxy as deployed in front of Hearth (nginx's `$proxy_add_x_forwarded_for`): it appends the address
 * that connected to it to whatever `X-Forwarded-For` the client sent, and says which scheme and host the client
 * used. Clients reach the app only through `baseUrl`.
 */
export class ForwardingProxy {
  private constructor(
    private readonly server: http.Server,
    readonly baseUrl: string,
  ) {}

  /** `localAddress`: the proxy's own address as the app sees it (any of 127.0.0.0/8). */
  static async start(
    targetBaseUrl: string,
    forwarded: { proto?: string; host?: string; localAddress?: string } = {},
  ) {
    const target = new URL(targetBaseUrl);
    const server = http.createServer((request, response) => {
      const headers = { ...request.headers };
      const previous = headers['x-forwarded-for'];
      const peer = request.socket.remoteAddress ?? '';
      headers['x-forwarded-for'] = previous ? `${String(previous)}, ${peer}` : peer;
      if (forwarded.proto) headers['x-forwarded-proto'] = forwarded.proto;
      if (forwarded.host) headers['x-forwarded-host'] = forwarded.host;
      const upstream = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: request.url,
          method: request.method,
          headers,
          localAddress: forwarded.localAddress,
        },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      upstream.on('error', () => response.destroy());
      request.pipe(upstream);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new ForwardingProxy(server, `http://127.0.0.1:${port}`);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
