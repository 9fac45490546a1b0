import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';

/**
 * EventBridge's PutEvents limits, and its arithmetic for an entry's size (the AWS documentation,
 * "Calculating PutEvents event entry size"): 14 bytes for `Time` when given, plus the UTF-8
 * bytes of `Source`, `DetailType`, `Detail` and each of `Resources`. A request may hold 10
 * entries whose sizes add up to 256 KB at most; one entry may be 256 KB at most.
 */
export const PUT_EVENTS_LIMITS = {
  entriesPerRequest: 10,
  entryBytes: 256 * 1024,
  requestBytes: 256 * 1024,
} as const;

const utf8 = (s: string | undefined) => (s ? Buffer.byteLength(s, 'utf8') : 0);

export function entrySize(entry: PutEventsRequestEntry): number {
  return (
    (entry.Time ? 14 : 0) +
    utf8(entry.Source) +
    utf8(entry.DetailType) +
    utf8(entry.Detail) +
    (entry.Resources ?? []).reduce((n, r) => n + utf8(r), 0)
  );
}

/** What EventBridge answers a PutEvents request over its limits with: the whole call is refused. */
export class PutEventsLimitError extends Error {
  override name = 'ValidationException';
}

/** Refuses a request as EventBridge would: too many entries, an entry too large, or too large in all. */
export function checkPutEvents(entries: readonly PutEventsRequestEntry[]): void {
  const { entriesPerRequest, entryBytes, requestBytes } = PUT_EVENTS_LIMITS;
  if (entries.length > entriesPerRequest)
    throw new PutEventsLimitError(
      `${entries.length} entries in one PutEvents request: at most ${entriesPerRequest}`,
    );
  const sizes = entries.map(entrySize);
  const big = sizes.findIndex((s) => s > entryBytes);
  if (big >= 0) throw new PutEventsLimitError(`entry ${big} is ${sizes[big]} bytes: at most ${entryBytes}`);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total > requestBytes)
    throw new PutEventsLimitError(
      `the entries of one PutEvents request total ${total} bytes: at most ${requestBytes}`,
    );
}

/**
 * Entries in order, grouped into requests EventBridge takes: at most 10 each, and at most
 * 256 KB of entries each. An entry too large on its own is refused before anything is sent.
 */
export function putEventsBatches<T extends PutEventsRequestEntry>(entries: readonly T[]): T[][] {
  const { entriesPerRequest, entryBytes, requestBytes } = PUT_EVENTS_LIMITS;
  const batches: T[][] = [];
  let batch: T[] = [];
  let bytes = 0;
  for (const [i, entry] of entries.entries()) {
    const size = entrySize(entry);
    if (size > entryBytes)
      throw new PutEventsLimitError(`event ${i} is ${size} bytes: EventBridge takes at most ${entryBytes}`);
    if (batch.length === entriesPerRequest || bytes + size > requestBytes) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(entry);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}
