import { setTimeout as sleep } from 'node:timers/promises';
import pRetry, { AbortError } from 'p-retry';
import pThrottle from 'p-throttle';
import type { CqcApi, CqcApiUsage } from '../../use-cases/ports.ts';

/**
 * The CQC public API (https://api.service.cqc.org.uk/public/v1), as the sync reads it: one
 * document at a time, list pages followed by `nextPageUri`. Every request goes through a
 * client-side limiter, times out, and is retried on 429 (waiting what `Retry-After` asks), 5xx,
 * timeouts and dropped connections. The subscription key travels in its header and is never
 * logged, put in an error or sent to any other host.
 */
export interface CqcApiOptions {
  baseUrl: string;
  apiKey: string | undefined;
  /** Client-side limit; CQC's old portal text said 600 a minute per client. */
  requestsPerMinute: number;
  timeoutMs: number;
  /** Retries of one request (429, 5xx, timeout, dropped connection) before it fails. */
  retries: number;
  /** The first backoff; doubles each retry. */
  minRetryDelayMs?: number;
  /** Longest `Retry-After` honoured, and the wait on a 429 that gives none. */
  maxRetryAfterMs?: number;
  perPage?: number;
  onRetry?: (retry: { path: string; attempt: number; reason: string; waitMs: number }) => void;
}

export const CQC_API_DEFAULTS = {
  baseUrl: 'https://api.service.cqc.org.uk/public/v1',
  requestsPerMinute: 400,
  timeoutMs: 15_000,
  retries: 6,
  perPage: 1000,
} as const;

/** A request that failed for good, named by path and status: never by the key. */
export class CqcApiError extends Error {
  override name = 'CqcApiError';
  constructor(
    message: string,
    readonly path: string,
    readonly status: number | null,
    /** Whether trying again later may succeed (5xx, 429, timeouts), as opposed to a refusal. */
    readonly transient: boolean,
  ) {
    super(message);
  }
}

class RetryableResponse extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
  }
}

/** `Retry-After` in seconds or as an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Math.round(Number(header) * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

interface ListPage {
  nextPageUri?: string | null;
  total?: number;
  [list: string]: unknown;
}

export class CqcApiClient implements CqcApi {
  readonly usage: CqcApiUsage = { requests: 0, retries: 0, throttled: 0 };
  private readonly base: URL;
  private readonly throttled: (url: URL) => Promise<Response>;

  constructor(private readonly options: CqcApiOptions) {
    this.base = new URL(options.baseUrl.replace(/\/+$/, ''));
    const perSecond = options.requestsPerMinute / 60;
    // Spread evenly: one request every 60/limit seconds (or several a second when faster).
    const throttle =
      perSecond >= 1
        ? pThrottle({ limit: Math.floor(perSecond), interval: 1000 })
        : pThrottle({ limit: 1, interval: Math.ceil(60_000 / options.requestsPerMinute) });
    this.throttled = throttle((url: URL) => this.fetchOnce(url));
  }

  private headers(): Record<string, string> {
    return {
      accept: 'application/json',
      ...(this.options.apiKey ? { 'Ocp-Apim-Subscription-Key': this.options.apiKey } : {}),
    };
  }

  private async fetchOnce(url: URL): Promise<Response> {
    this.usage.requests++;
    return fetch(url, { headers: this.headers(), signal: AbortSignal.timeout(this.options.timeoutMs) });
  }

  /** A path under the base (`/providers/RM3`) or a page link as the API gives it. */
  private resolve(pathOrLink: string): URL {
    if (/^https?:\/\//i.test(pathOrLink)) {
      const url = new URL(pathOrLink);
      // The key goes to the API's own host only.
      if (url.origin !== this.base.origin)
        throw new CqcApiError(`a page link points to another host (${url.origin})`, pathOrLink, null, false);
      return url;
    }
    // Page links are relative to the base and leave out its path (/public/v1).
    const basePath = this.base.pathname.replace(/\/+$/, '');
    const rel = pathOrLink.startsWith(`${basePath}/`) ? pathOrLink.slice(basePath.length) : pathOrLink;
    return new URL(`${this.base.origin}${basePath}${rel.startsWith('/') ? '' : '/'}${rel}`);
  }

  /** GETs a JSON document; null when the API says there is none (404). */
  async getJson(pathOrLink: string): Promise<unknown | null> {
    const url = this.resolve(pathOrLink);
    const path = `${url.pathname.replace(this.base.pathname.replace(/\/+$/, ''), '')}${url.search}`;
    const minDelay = this.options.minRetryDelayMs ?? 500;
    const maxRetryAfter = this.options.maxRetryAfterMs ?? 60_000;
    try {
      return await pRetry(
        async () => {
          let res: Response;
          try {
            res = await this.throttled(url);
          } catch (err) {
            const timedOut = (err as Error).name === 'TimeoutError';
            throw new RetryableResponse(
              timedOut
                ? `no answer in ${this.options.timeoutMs} ms`
                : `connection failed (${(err as Error).message})`,
              null,
              null,
            );
          }
          if (res.status === 404) {
            await res.body?.cancel();
            return null;
          }
          if (res.status === 429 || res.status >= 500) {
            await res.body?.cancel();
            if (res.status === 429) this.usage.throttled++;
            throw new RetryableResponse(
              `HTTP ${res.status}`,
              res.status,
              res.status === 429 ? (retryAfterMs(res.headers.get('retry-after')) ?? maxRetryAfter / 4) : null,
            );
          }
          if (res.status === 401 || res.status === 403)
            throw new AbortError(
              new CqcApiError(
                `the CQC API refused the subscription key (HTTP ${res.status}): set CQC_API_KEY (locally) or the key's secret (in AWS)`,
                path,
                res.status,
                false,
              ),
            );
          if (!res.ok) throw new AbortError(new CqcApiError(`HTTP ${res.status}`, path, res.status, false));
          try {
            return (await res.json()) as unknown;
          } catch {
            throw new RetryableResponse('the answer was not JSON', res.status, null);
          }
        },
        {
          retries: this.options.retries,
          minTimeout: minDelay,
          maxTimeout: 30_000,
          randomize: true,
          onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
            if (retriesLeft === 0) return;
            this.usage.retries++;
            const wait =
              error instanceof RetryableResponse && error.retryAfterMs !== null
                ? Math.min(error.retryAfterMs, maxRetryAfter)
                : 0;
            this.options.onRetry?.({ path, attempt: attemptNumber, reason: error.message, waitMs: wait });
            if (wait > 0) await sleep(wait);
          },
        },
      );
    } catch (err) {
      if (err instanceof CqcApiError) throw err;
      const status = err instanceof RetryableResponse ? err.status : null;
      throw new CqcApiError(
        `${(err as Error).message} after ${this.options.retries + 1} attempts`,
        path,
        status,
        true,
      );
    }
  }

  provider(providerId: string) {
    return this.getJson(`/providers/${encodeURIComponent(providerId)}`);
  }

  location(locationId: string) {
    return this.getJson(`/locations/${encodeURIComponent(locationId)}`);
  }

  /** Every entry of a paged list, following `nextPageUri` until there is none. */
  async *list<T>(path: string, listKey: string, query: Record<string, string> = {}): AsyncGenerator<T> {
    const params = new URLSearchParams({
      ...query,
      page: '1',
      perPage: String(this.options.perPage ?? 1000),
    });
    let link: string | null = `${path}?${params}`;
    const seen = new Set<string>();
    while (link) {
      if (seen.has(link)) throw new CqcApiError('the API gave the same page link twice', link, null, false);
      seen.add(link);
      const page = (await this.getJson(link)) as ListPage | null;
      if (!page) return;
      const entries = page[listKey];
      if (!Array.isArray(entries))
        throw new CqcApiError(`a list page without "${listKey}"`, link, null, false);
      for (const entry of entries) yield entry as T;
      link = page.nextPageUri ?? null;
    }
  }

  /** Ids changed between two instants, from `/changes/provider` or `/changes/location`. */
  changes(kind: 'provider' | 'location', since: string, until: string): AsyncIterable<string> {
    return this.list<string>(`/changes/${kind}`, 'changes', { startTimestamp: since, endTimestamp: until });
  }

  /** Provider ids listed under one primary inspection category (e.g. H1). */
  async *providersInCategory(code: string): AsyncGenerator<string> {
    for await (const p of this.list<{ providerId: string }>('/providers', 'providers', {
      primaryInspectionCategoryCode: code,
    }))
      yield p.providerId;
  }
}
