import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'hono';
import { redactEmails } from '../domain/redact.ts';
import * as z from '../domain/zod.ts';

/** The count every list answer carries: stored rows passed over because they fail their schema. */
export const skippedRowsField = () => z.int().check(z.minimum(0));

/**
 * Stored rows a route passes over because they do not parse: each is logged by its key (never
 * its content, which may name a person), and the answer says how many (`skippedRows` in JSON,
 * the `x-skipped-rows` header in every format). One bad row never fails the request.
 */
export class SkippedRows {
  count = 0;

  constructor(
    private readonly logger: Pick<Logger, 'warn'>,
    private readonly route: string,
  ) {}

  readonly skip = (skipped: { record: string; reason: string }): void => {
    this.count++;
    this.logger.warn('row skipped: it does not parse', {
      route: this.route,
      record: skipped.record,
      reason: redactEmails(skipped.reason),
    });
  };

  /** Sets the header; returns the count for the JSON body. */
  report(c: Context): number {
    c.header('x-skipped-rows', String(this.count));
    return this.count;
  }
}
