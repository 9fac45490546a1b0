import { AbortError } from 'p-retry';

/** What the CQC API client makes of an answer: its errors, `Retry-After`, a bounded JSON body. */

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

  /** The API refused the subscription key: nothing more can be read with it. */
  get refused(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

export class RetryableResponse extends Error {
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

/** The body as JSON, read as a stream and refused by name once past the size limit. */
export async function readJson(res: Response, path: string, max: number): Promise<unknown> {
  const tooLarge = () =>
    new AbortError(
      new CqcApiError(`the document is over ${max} bytes: refused unread`, path, res.status, false),
    );
  if (Number(res.headers.get('content-length') ?? 0) > max) {
    await res.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (res.body)
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > max) throw tooLarge(); // leaving the loop cancels the stream
      chunks.push(chunk);
    }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new RetryableResponse('the answer was not JSON', res.status, null);
  }
}
