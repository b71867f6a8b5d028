import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A load balancer for tests: each request goes to the next upstream in turn. */
export interface RoundRobinProxy {
  /** `http://127.0.0.1:<port>` followed by the path of the first upstream (`/mcp`). */
  readonly url: string;
  /** Requests forwarded to each upstream, by index. */
  readonly hits: number[];
  close(): Promise<void>;
}

/**
 * Starts a round-robin HTTP proxy on a free port in front of `upstreams` (full URLs of the same
 * path on each replica). Bodies stream both ways, so SSE responses pass through as they come.
 * Like nginx's default, the `Host` header becomes the upstream's.
 */
export async function startRoundRobinProxy(upstreams: readonly string[]): Promise<RoundRobinProxy> {
  const targets = upstreams.map((upstream) => new URL(upstream));
  const hits = targets.map(() => 0);
  let next = 0;
  const forward = (req: IncomingMessage, res: ServerResponse): void => {
    const index = next++ % targets.length;
    hits[index]! += 1;
    const target = targets[index]!;
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  };
  const server = createServer(forward);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${targets[0]!.pathname}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
