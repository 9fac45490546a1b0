import { setTimeout as sleep } from 'node:timers/promises';
import pRetry, { AbortError } from 'p-retry';
import pThrottle from 'p-throttle';
import type { CqcApi, CqcApiUsage } from '../../use-cases/ports.ts';
import { CqcApiError, RetryableResponse, readJson, retryAfterMs } from './responses.ts';

export { CqcApiError, retryAfterMs };

/**
 * The CQC public API (https://api.service.cqc.org.uk/public/v1), as the sync reads it: one
 * document at a time, list pages followed by `nextPageUri`. Every request goes through a
 * client-side limiter, times out, and is retried on 429 (waiting what `Retry-After` asks), 5xx,
 * timeouts and dropped connections. The subscription key travels in its header and is never
 * logged, put in an error or sent to any other host: a redirect is followed only within the
 * API's own origin. Reads are bounded: a document's size, a listing's pages, and the run's
 * deadline (a signal that stops waits and retries too).
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
  /** A document or list page larger than this is refused by name (read as a stream, never whole). */
  maxDocumentBytes?: number;
  /** A listing that goes on for more pages than this is cut, by name. */
  maxPages?: number;
  onRetry?: (retry: { path: string; attempt: number; reason: string; waitMs: number }) => void;
}

export const CQC_API_DEFAULTS = {
  baseUrl: 'https://api.service.cqc.org.uk/public/v1',
  requestsPerMinute: 400,
  timeoutMs: 15_000,
  retries: 6,
  perPage: 1000,
  // The largest real documents (an acute trust's location) are about 100 KB.
  maxDocumentBytes: 8 * 1024 * 1024,
  // At 1,000 a page: 500,000 entries, over ten times CQC's whole register.
  maxPages: 500,
} as const;

/** Redirects followed within the API's own origin before a request is given up. */
const MAX_REDIRECTS = 3;

interface ListPage {
  nextPageUri?: string | null;
  total?: number;
  [list: string]: unknown;
}

export class CqcApiClient implements CqcApi {
  readonly usage: CqcApiUsage = { requests: 0, retries: 0, throttled: 0 };
  private readonly base: URL;
  private readonly throttled: (url: URL, signal: AbortSignal | undefined) => Promise<Response>;

  constructor(private readonly options: CqcApiOptions) {
    this.base = new URL(options.baseUrl.replace(/\/+$/, ''));
    const perSecond = options.requestsPerMinute / 60;
    // Spread evenly: one request every 60/limit seconds (or several a second when faster).
    const throttle =
      perSecond >= 1
        ? pThrottle({ limit: Math.floor(perSecond), interval: 1000 })
        : pThrottle({ limit: 1, interval: Math.ceil(60_000 / options.requestsPerMinute) });
    this.throttled = throttle((url: URL, signal: AbortSignal | undefined) => this.fetchOnce(url, signal));
  }

  private headers(): Record<string, string> {
    return {
      accept: 'application/json',
      ...(this.options.apiKey ? { 'Ocp-Apim-Subscription-Key': this.options.apiKey } : {}),
    };
  }

  /**
   * One request, following redirects itself: fetch's own `follow` would carry the key's header to
   * whatever host a redirect names. Within the API's origin a redirect is followed; to any
   * other it is refused, and the key never leaves.
   */
  private async fetchOnce(url: URL, signal: AbortSignal | undefined): Promise<Response> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const both = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let at = url;
    for (let hop = 0; ; hop++) {
      signal?.throwIfAborted();
      this.usage.requests++;
      const res = await fetch(at, { headers: this.headers(), signal: both, redirect: 'manual' });
      if (res.status < 300 || res.status > 399 || res.status === 304) return res;
      await res.body?.cancel();
      const location = res.headers.get('location');
      const next = location ? new URL(location, at) : null;
      if (!next || next.origin !== this.base.origin || hop === MAX_REDIRECTS)
        throw new AbortError(
          new CqcApiError(
            next && next.origin !== this.base.origin
              ? `the API answered HTTP ${res.status}, a redirect to another host (${next.origin}): not followed, so the key stays with CQC`
              : `the API answered HTTP ${res.status}${next ? ` and more than ${MAX_REDIRECTS} redirects` : ' without a Location'}`,
            this.pathOf(url),
            res.status,
            false,
          ),
        );
      at = next;
    }
  }

  private pathOf(url: URL): string {
    return `${url.pathname.replace(this.base.pathname.replace(/\/+$/, ''), '')}${url.search}`;
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
  async getJson(pathOrLink: string, signal?: AbortSignal): Promise<unknown | null> {
    const url = this.resolve(pathOrLink);
    const path = this.pathOf(url);
    const minDelay = this.options.minRetryDelayMs ?? 500;
    const maxRetryAfter = this.options.maxRetryAfterMs ?? 60_000;
    try {
      return await pRetry(
        async () => {
          let res: Response;
          try {
            res = await this.throttled(url, signal);
          } catch (err) {
            if (err instanceof AbortError || signal?.aborted) throw err;
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
          if (!res.ok) {
            await res.body?.cancel();
            throw new AbortError(new CqcApiError(`HTTP ${res.status}`, path, res.status, false));
          }
          return await readJson(
            res,
            path,
            this.options.maxDocumentBytes ?? CQC_API_DEFAULTS.maxDocumentBytes,
          );
        },
        {
          signal,
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
            if (wait > 0) await sleep(wait, undefined, { signal });
          },
        },
      );
    } catch (err) {
      if (err instanceof CqcApiError || signal?.aborted) throw err;
      const status = err instanceof RetryableResponse ? err.status : null;
      throw new CqcApiError(
        `${(err as Error).message} after ${this.options.retries + 1} attempts`,
        path,
        status,
        true,
      );
    }
  }

  provider(providerId: string, signal?: AbortSignal) {
    return this.getJson(`/providers/${encodeURIComponent(providerId)}`, signal);
  }

  location(locationId: string, signal?: AbortSignal) {
    return this.getJson(`/locations/${encodeURIComponent(locationId)}`, signal);
  }

  /**
   * Every entry of a paged list, following `nextPageUri` until there is none. A listing that
   * repeats a link, links on from an empty page, runs past the page limit, or has a page that
   * answers 404 is cut with a named error: it would otherwise page for ever, or end early.
   */
  async *list<T>(
    path: string,
    listKey: string,
    query: Record<string, string> = {},
    signal?: AbortSignal,
  ): AsyncGenerator<T> {
    const maxPages = this.options.maxPages ?? CQC_API_DEFAULTS.maxPages;
    const params = new URLSearchParams({
      ...query,
      page: '1',
      perPage: String(this.options.perPage ?? 1000),
    });
    let link: string | null = `${path}?${params}`;
    const seen = new Set<string>();
    while (link) {
      if (seen.has(link)) throw new CqcApiError('the API gave the same page link twice', link, null, false);
      if (seen.size === maxPages)
        throw new CqcApiError(`the listing ran past ${maxPages} pages: cut there`, link, null, false);
      seen.add(link);
      const page = (await this.getJson(link, signal)) as ListPage | null;
      // A page that is not there is a failure, never the end of the list: a 404 read as "no
      // more changes" would move the watermark past changes nobody read.
      if (!page)
        throw new CqcApiError(
          'a list page answered HTTP 404 (not found): the listing is cut there',
          link,
          404,
          true,
        );
      const entries = page[listKey];
      if (!Array.isArray(entries))
        throw new CqcApiError(`a list page without "${listKey}"`, link, null, false);
      for (const entry of entries) yield entry as T;
      link = page.nextPageUri || null;
      if (link && entries.length === 0)
        throw new CqcApiError(
          'an empty list page links to a next page: the listing is cut there',
          link,
          null,
          false,
        );
    }
  }

  /** Ids changed between two instants, from `/changes/provider` or `/changes/location`. */
  changes(
    kind: 'provider' | 'location',
    since: string,
    until: string,
    signal?: AbortSignal,
  ): AsyncIterable<string> {
    return this.list<string>(
      `/changes/${kind}`,
      'changes',
      { startTimestamp: since, endTimestamp: until },
      signal,
    );
  }

  /** Provider ids listed under one primary inspection category (e.g. H1). */
  async *providersInCategory(code: string, signal?: AbortSignal): AsyncGenerator<string> {
    for await (const p of this.list<{ providerId: string }>(
      '/providers',
      'providers',
      { primaryInspectionCategoryCode: code },
      signal,
    ))
      yield p.providerId;
  }
}
