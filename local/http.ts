import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type HttpApiHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * Builds the API Gateway HTTP API (payload 2.0) event for a request, as API Gateway does:
 * lower-cased headers, repeated query parameters joined with commas, the Cookie header moved to
 * `cookies`.
 */
export function toApiGatewayEvent(req: IncomingMessage, body: Buffer): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = key in query ? `${query[key]},${value}` : value;
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const cookies = headers.cookie?.split(/;\s*/).filter(Boolean);
  delete headers.cookie;
  const now = new Date();
  const method = (req.method ?? 'GET').toUpperCase();
  return {
    ...(cookies ? { cookies } : {}),
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    queryStringParameters: Object.keys(query).length > 0 ? query : undefined,
    headers,
    isBase64Encoded: body.length > 0,
    body: body.length > 0 ? body.toString('base64') : undefined,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: `local-${now.getTime()}-${Math.random().toString(36).slice(2, 8)}`,
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
  } as APIGatewayProxyEventV2;
}

/** Serves a Lambda HTTP API handler on a local port: the same handler the Lambda runs. */
export async function startHttpApi(handler: HttpApiHandler, options: { port?: number; host?: string } = {}) {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      try {
        const result = await handler(toApiGatewayEvent(req, Buffer.concat(chunks)));
        const body = result.body
          ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8')
          : Buffer.alloc(0);
        // Payload 2.0 answers its cookies apart from the headers: one Set-Cookie each.
        res.writeHead(result.statusCode ?? 200, {
          ...result.headers,
          ...(result.cookies?.length ? { 'set-cookie': result.cookies } : {}),
          'content-length': String(body.length),
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      } catch (err) {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ error: { code: 'handler_failed', message: (err as Error).message, field: null } }),
        );
      }
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(
              `planner API: port ${options.port} is in use. Stop whatever uses it, or set API_PORT to another port.`,
            )
          : err,
      ),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
