import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A stand-in for the CQC public API (https://api.service.cqc.org.uk/public/v1): provider and
 * location documents, the `/providers` list (filtered by primary inspection category), the
 * changes feeds, paging with `nextPageUri` links relative to the base as the real API gives
 * them, the subscription-key header, and injectable faults (429 with or without Retry-After,
 * 5xx, redirects, any status and body, slow answers). Every request is logged for tests and the benchmark.
 */

export const STAND_IN_BASE_PATH = '/public/v1';

type Doc = Record<string, unknown>;

/** What to do with one request instead of answering it; null answers normally. */
export type Fault =
  | { status: number; retryAfter?: string; body?: string; headers?: Record<string, string> }
  | { delayMs: number }
  | null;

export interface StandInOptions {
  port?: number;
  apiKey: string;
  providers?: Doc[];
  locations?: Doc[];
  /** The largest page the stand-in gives, whatever `perPage` asks (the real one's is unknown). */
  maxPerPage?: number;
  /** When the initial documents count as changed (default: when the stand-in starts). */
  changedAt?: Date;
}

export interface StandInRequest {
  path: string;
  status: number;
}

/** The demo's documents: the real CQC location fixtures, and provider documents made for the stand-in. */
export const DEMO_CQC_DIR = fileURLToPath(new URL('./demo-data', import.meta.url));

export function readDocs(dir: string): Doc[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Doc);
}

export async function startCqcApiStandIn(options: StandInOptions) {
  const providers = new Map<string, Doc>();
  const locations = new Map<string, Doc>();
  const changes: { kind: 'provider' | 'location'; id: string; at: number }[] = [];
  const requests: StandInRequest[] = [];
  let fault: (request: { path: string; n: number }) => Fault = () => null;
  const start = (options.changedAt ?? new Date()).getTime();

  const put = (kind: 'provider' | 'location', doc: Doc, at = Date.now()) => {
    const id = String(kind === 'provider' ? doc.providerId : doc.locationId);
    (kind === 'provider' ? providers : locations).set(id, doc);
    changes.push({ kind, id, at });
  };
  for (const doc of options.providers ?? []) put('provider', doc, start);
  for (const doc of options.locations ?? []) put('location', doc, start);

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
    return status;
  };

  /** A list page shaped like the real API's; the links leave out the base path, as CQC's do. */
  const page = (url: URL, listKey: string, entries: unknown[]) => {
    const perPage = Math.max(
      1,
      Math.min(Number(url.searchParams.get('perPage') ?? 1000), options.maxPerPage ?? 1000),
    );
    const totalPages = Math.max(1, Math.ceil(entries.length / perPage));
    const n = Math.max(1, Number(url.searchParams.get('page') ?? 1));
    const link = (p: number) => {
      const q = new URLSearchParams(url.searchParams);
      q.set('page', String(p));
      q.set('perPage', String(perPage));
      return `${url.pathname.slice(STAND_IN_BASE_PATH.length)}?${q}`;
    };
    return {
      total: entries.length,
      page: n,
      perPage,
      totalPages,
      firstPageUri: link(1),
      previousPageUri: n > 1 ? link(n - 1) : null,
      nextPageUri: n < totalPages ? link(n + 1) : null,
      lastPageUri: link(totalPages),
      uri: link(n),
      [listKey]: entries.slice((n - 1) * perPage, n * perPage),
    };
  };

  const primaryCode = (doc: Doc) =>
    (doc.inspectionCategories as { code?: string; primary?: string | boolean }[] | undefined)?.find(
      (c) => c.primary === true || c.primary === 'true',
    )?.code;

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const injected = fault({ path: `${url.pathname}${url.search}`, n: requests.length });
    if (injected && 'delayMs' in injected) await new Promise((r) => setTimeout(r, injected.delayMs));
    else if (injected)
      return send(
        res,
        injected.status,
        injected.body ?? { statusCode: injected.status, message: 'injected fault' },
        {
          ...(injected.retryAfter !== undefined ? { 'retry-after': injected.retryAfter } : {}),
          ...injected.headers,
        },
      );
    if (req.headers['ocp-apim-subscription-key'] !== options.apiKey)
      return send(res, 401, {
        statusCode: 401,
        message:
          'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.',
      });
    if (!url.pathname.startsWith(`${STAND_IN_BASE_PATH}/`))
      return send(res, 404, { statusCode: 404, message: 'Resource not found' });
    const parts = url.pathname
      .slice(STAND_IN_BASE_PATH.length + 1)
      .split('/')
      .map(decodeURIComponent);
    if (parts[0] === 'providers' && parts.length === 2) {
      const doc = providers.get(parts[1]!);
      return doc ? send(res, 200, doc) : send(res, 404, { statusCode: 404, message: 'Resource not found' });
    }
    if (parts[0] === 'locations' && parts.length === 2) {
      const doc = locations.get(parts[1]!);
      return doc ? send(res, 200, doc) : send(res, 404, { statusCode: 404, message: 'Resource not found' });
    }
    if (parts[0] === 'providers' && parts.length === 1) {
      const code = url.searchParams.get('primaryInspectionCategoryCode');
      const listed = [...providers.values()]
        .filter((d) => !code || primaryCode(d) === code)
        .map((d) => ({ providerId: d.providerId, providerName: d.name }));
      return send(res, 200, page(url, 'providers', listed));
    }
    if (
      parts[0] === 'changes' &&
      (parts[1] === 'provider' || parts[1] === 'location') &&
      parts.length === 2
    ) {
      const from = Date.parse(url.searchParams.get('startTimestamp') ?? '');
      const to = Date.parse(
        url.searchParams.get('endTimestamp') ?? url.searchParams.get('endTimeStamp') ?? '',
      );
      if (Number.isNaN(from) || Number.isNaN(to))
        return send(res, 400, { statusCode: 400, message: 'startTimestamp and endTimestamp are required' });
      const ids = [
        ...new Set(changes.filter((c) => c.kind === parts[1] && c.at >= from && c.at <= to).map((c) => c.id)),
      ];
      return send(res, 200, page(url, 'changes', ids));
    }
    return send(res, 404, { statusCode: 404, message: 'Resource not found' });
  }

  const server = createServer((req, res) => {
    answer(req, res).then(
      (status) => requests.push({ path: req.url ?? '', status }),
      (err) => {
        requests.push({ path: req.url ?? '', status: 500 });
        send(res, 500, { statusCode: 500, message: String(err) });
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}${STAND_IN_BASE_PATH}`,
    requests,
    /** Adds or replaces a document, recording it in the changes feed at `at`. */
    put,
    injectFaults(decide: (request: { path: string; n: number }) => Fault) {
      fault = decide;
    },
    close(): Promise<void> {
      return new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

export type CqcApiStandIn = Awaited<ReturnType<typeof startCqcApiStandIn>>;
