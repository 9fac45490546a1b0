import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault = { status: number; type: string; message: string } | null;

/**
 * An HTTP proxy in front of SES local that fails chosen send requests before they reach it,
 * as SES does when throttling or unavailable. `decide` is asked for each SendEmail call.
 */
export async function startFaultProxy(target: string, decide: (call: number) => Fault) {
  let calls = 0;
  let faults = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const isSend = req.method === 'POST' && req.url?.startsWith('/v2/email/outbound-emails');
      const fault = isSend ? decide(++calls) : null;
      if (fault) {
        faults++;
        res.writeHead(fault.status, { 'content-type': 'application/json', 'x-amzn-errortype': fault.type });
        res.end(JSON.stringify({ message: fault.message }));
        return;
      }
      const url = new URL(req.url ?? '/', target);
      const upstream = request(
        url,
        { method: req.method, headers: { ...req.headers, host: url.host } },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', (err) => {
        res.writeHead(502);
        res.end(String(err));
      });
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stats: () => ({ calls, faults }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const THROTTLED: Fault = {
  status: 429,
  type: 'TooManyRequestsException',
  message: 'Maximum sending rate exceeded.',
};
export const UNAVAILABLE: Fault = { status: 503, type: 'ServiceUnavailable', message: 'Service unavailable' };
export const REJECTED: Fault = {
  status: 400,
  type: 'MessageRejected',
  message: 'Email address is not verified.',
};
