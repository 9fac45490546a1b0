import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import pRetry from 'p-retry';
import { DIGEST_DETAIL_TYPE, DIGEST_SOURCE, type DigestDetail } from '../../domain/digest.ts';
import type { DigestBus } from '../../use-cases/ports.ts';
import { putEventsBatches } from './limits.ts';

/** An event for the scheduler's bus. */
export interface BusEvent {
  source: string;
  detailType: string;
  detail: unknown;
}

/** A bus that takes events: EventBridge in AWS, an in-process bus locally. */
export interface EventBus {
  /** Publishes every event, or throws naming how many could not be published. */
  publish(events: readonly BusEvent[]): Promise<void>;
}

export class PublishError extends Error {
  override name = 'PublishError';
}

/** An event as a PutEvents entry. */
export function toEntry(event: BusEvent, busName?: string): PutEventsRequestEntry {
  return {
    ...(busName ? { EventBusName: busName } : {}),
    Source: event.source,
    DetailType: event.detailType,
    Detail: JSON.stringify(event.detail),
  };
}

/** Digests go on the bus as DueWorkDigest events: what the deployed rule routes to send-digest. */
export function digestBusOn(bus: EventBus): DigestBus {
  return {
    publish: (digests: readonly DigestDetail[]) =>
      bus.publish(
        digests.map((detail) => ({ source: DIGEST_SOURCE, detailType: DIGEST_DETAIL_TYPE, detail })),
      ),
  };
}

/**
 * EventBridge PutEvents in requests it takes (10 entries and 256 KB at most each: limits.ts),
 * retrying the entries that failed (throttling, internal errors) with exponential backoff.
 */
export class EventBridgeBus implements EventBus {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
    private readonly options: { maxAttempts?: number; baseDelayMs?: number } = {},
  ) {}

  async publish(events: readonly BusEvent[]): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    for (const batch of putEventsBatches(events.map((e) => toEntry(e, this.busName)))) {
      let pending: PutEventsRequestEntry[] = batch;
      await pRetry(
        async () => {
          const out = await this.client.send(new PutEventsCommand({ Entries: pending }));
          if (!out.FailedEntryCount) return;
          const results = out.Entries ?? [];
          const lastError = results.find((r) => r.ErrorCode)?.ErrorCode ?? 'unknown error';
          pending = pending.filter((_, k) => results[k]?.ErrorCode);
          throw new PublishError(
            `${pending.length} event(s) not published after ${maxAttempts} attempts (${lastError})`,
          );
        },
        {
          retries: maxAttempts - 1,
          minTimeout: this.options.baseDelayMs ?? 100,
          factor: 2,
          shouldRetry: ({ error }) => error instanceof PublishError,
        },
      );
    }
  }
}
