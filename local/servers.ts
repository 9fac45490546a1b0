import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import * as sesLocalModule from 'aws-ses-v2-local';
import dynalite from 'dynalite';

export interface LocalServer {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

type SesServerFactory = (config: { host: string; port: number }) => Promise<Server>;

/** The CommonJS package's `exports.default`, however the loader (Node, Vite) wraps it. */
function unwrapDefault(mod: unknown): SesServerFactory {
  let m = mod as { default?: unknown } | SesServerFactory;
  while (typeof m !== 'function' && m && 'default' in m) m = m.default as typeof m;
  return m as SesServerFactory;
}
const startSesServer = unwrapDefault(sesLocalModule);

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * dynalite: the DynamoDB API in-process, on LevelDB under `dataDir` (kept across restarts) or
 * in memory when no folder is given. Port 0 picks a free port.
 */
export async function startDynalite(
  options: { port?: number; host?: string; dataDir?: string } = {},
): Promise<LocalServer> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const server = dynalite({ path: options.dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const host = options.host ?? '127.0.0.1';
  try {
    await listen(server, options.port ?? 0, host);
  } catch (err) {
    throw portError('DynamoDB (dynalite)', options.port, 'DYNAMODB_PORT', err);
  }
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://${host}:${port}`, port, close: () => closeServer(server) };
}

/** aws-ses-v2-local: the SES v1 and v2 APIs; `GET /store` lists sent emails; `/` shows them. */
export async function startSesLocal(options: { port?: number; host?: string } = {}): Promise<LocalServer> {
  const host = options.host ?? '127.0.0.1';
  // SES local does not report a busy port (it would surface as an uncaught error): check first.
  if (options.port) await assertPortFree(options.port, host, 'SES local', 'SES_PORT');
  const server: Server = await startSesServer({ host, port: options.port ?? 0 });
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://${host}:${port}`, port, close: () => closeServer(server) };
}

export async function assertPortFree(
  port: number,
  host: string,
  what: string,
  variable: string,
): Promise<void> {
  const probe = createServer();
  try {
    await listen(probe as unknown as Server, port, host);
  } catch (err) {
    throw portError(what, port, variable, err);
  }
  await new Promise((resolve) => probe.close(resolve));
}

function portError(what: string, port: number | undefined, variable: string, err: unknown): Error {
  const code = (err as { code?: string }).code;
  if (code === 'EADDRINUSE') {
    return new Error(
      `${what}: port ${port} is in use. Stop whatever uses it, or set ${variable} to another port.`,
    );
  }
  return err instanceof Error ? err : new Error(String(err));
}

/** A TCP port free on 127.0.0.1 now: for a server that must know its port before it starts. */
export function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
