import { mkdirSync, readFileSync } from 'node:fs';
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

/** The first port the kernel hands out for `listen(0)` and outgoing connections (Linux's default elsewhere). */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (Number.isInteger(low) && low > 12_000) return low;
  } catch {
    // not Linux: its default range
  }
  return 32_768;
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/**
 * A TCP port free on 127.0.0.1 now, for a server that must know its port before it starts (a
 * child process, a Java jar). Chosen below the kernel's ephemeral range: a port the kernel
 * gave out for `listen(0)` is free again once closed, and the next `listen(0)` or outgoing
 * connection elsewhere may take it before the server binds it; a port outside the range is
 * only ever taken by someone who asks for it.
 */
export async function freeTcpPort(): Promise<number> {
  const high = ephemeralLow();
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 10_000 + Math.floor(Math.random() * (high - 10_000));
    if (await bindable(port)) return port;
  }
  throw new Error(`no free TCP port found between 10000 and ${high} on 127.0.0.1`);
}
