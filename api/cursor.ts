import { createHash } from 'node:crypto';
import type { IsoDate } from '../domain/calendar.ts';
import { ApiError } from './errors.ts';
import type { DueWorkQuery } from './queries.ts';

/** Where a page of due work ended: opaque to clients, bound to the query that gave it. */
interface Cursor {
  /** Which query the cursor belongs to. */
  q: string;
  /** Month and GSI1SK of the last item returned. */
  m: string;
  k: string;
}

export function queryFingerprint(q: DueWorkQuery, asOf: IsoDate): string {
  const key = JSON.stringify([
    asOf,
    q.view,
    q.within,
    q.month,
    q.kind,
    q.stage,
    q.trustId,
    q.region,
    q.holder?.toLowerCase(),
    q.status,
  ]);
  return createHash('sha256').update(key).digest('base64url').slice(0, 16);
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

const notOurs = () => new ApiError(400, 'invalid_cursor', 'cursor is not one this API gave out', 'cursor');

export function decodeCursor(raw: string, fingerprint: string): Cursor {
  let c: Partial<Cursor>;
  try {
    c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw notOurs();
  }
  if (
    typeof c !== 'object' ||
    c === null ||
    typeof c.q !== 'string' ||
    typeof c.m !== 'string' ||
    typeof c.k !== 'string' ||
    !/^\d{4}-\d{2}$/.test(c.m)
  ) {
    throw notOurs();
  }
  if (c.q !== fingerprint) {
    throw new ApiError(
      400,
      'invalid_cursor',
      'cursor belongs to a different query: repeat the same parameters to page on',
      'cursor',
    );
  }
  return c as Cursor;
}
