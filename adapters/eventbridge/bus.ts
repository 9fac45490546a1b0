import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';

/** An event for the scheduler's bus. */
export interface BusEvent {
  source: string;
  detailType: string;
  detail: unknown;
}

/** The port the nightly job publishes through: EventBridge in AWS, an in-process bus locally. */
export interface EventBus {
  /** Publishes every event, or throws naming how many could not be published. */
  publish(events: readonly BusEvent[]): Promise<void>;
}

export class PublishError extends Error {
  override name = 'PublishError';
}

const MAX_ENTRIES_PER_CALL = 10;

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * EventBridge PutEvents, at most 10 entries a call, retrying the entries that failed
 * (throttling, internal errors) with exponential backoff.
 */
export class EventBridgeBus implements EventBus {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
    private readonly options: { maxAttempts?: number; baseDelayMs?: number } = {},
  ) {}

  async publish(events: readonly BusEvent[]): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    const baseDelay = this.options.baseDelayMs ?? 100;
    for (let i = 0; i < events.length; i += MAX_ENTRIES_PER_CALL) {
      let pending: PutEventsRequestEntry[] = events.slice(i, i + MAX_ENTRIES_PER_CALL).map((e) => ({
        EventBusName: this.busName,
        Source: e.source,
        DetailType: e.detailType,
        Detail: JSON.stringify(e.detail),
      }));
      let lastError = '';
      for (let attempt = 1; pending.length > 0; attempt++) {
        if (attempt > maxAttempts) {
          throw new PublishError(
            `${pending.length} event(s) not published after ${maxAttempts} attempts (${lastError})`,
          );
        }
        if (attempt > 1) await sleep(baseDelay * 2 ** (attempt - 2));
        const out = await this.client.send(new PutEventsCommand({ Entries: pending }));
        if (!out.FailedEntryCount) break;
        const results = out.Entries ?? [];
        const failed = pending.filter((_, k) => results[k]?.ErrorCode);
        lastError = results.find((r) => r.ErrorCode)?.ErrorCode ?? 'unknown error';
        pending = failed;
      }
    }
  }
}
