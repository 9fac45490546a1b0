import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import pRetry from 'p-retry';
import { type BusEvent, type EventBus, toEntry } from '../adapters/eventbridge/bus.ts';
import { checkPutEvents, putEventsBatches } from '../adapters/eventbridge/limits.ts';

/** The subset of EventBridge event patterns the scheduler's rules use. */
export interface EventPattern {
  source?: string[];
  'detail-type'?: string[];
}

export interface LocalRule {
  name: string;
  pattern: EventPattern;
  target: (event: {
    id: string;
    source: string;
    'detail-type': string;
    time: string;
    detail: unknown;
  }) => Promise<unknown>;
}

export interface DeadLetter {
  rule: string;
  event: BusEvent;
  error: string;
}

export function matches(pattern: EventPattern, event: BusEvent): boolean {
  return (
    (!pattern.source || pattern.source.includes(event.source)) &&
    (!pattern['detail-type'] || pattern['detail-type'].includes(event.detailType))
  );
}

/**
 * An in-process EventBridge: routes each event to the rules whose pattern matches, as the
 * deployed rule does, retries a failing target like the rule's retry policy, and keeps what
 * still fails as dead letters. `publish` resolves once every delivery has been tried. Events
 * go through PutEvents requests as the EventBridge adapter makes them, and each request is
 * refused as EventBridge refuses it (entries per request, entry size, request size), so the
 * local stack and the tests meet the limits AWS has.
 */
export class LocalBus implements EventBus {
  readonly deadLetters: DeadLetter[] = [];
  /** What each target returned, for deliveries that succeeded (send-digest's outcomes). */
  readonly delivered: { rule: string; result: unknown }[] = [];
  private seq = 0;

  constructor(
    private readonly rules: LocalRule[],
    private readonly options: {
      maxAttempts?: number;
      retryDelayMs?: number;
      onDeadLetter?: (d: DeadLetter) => void;
    } = {},
  ) {}

  /** PutEvents requests made, and the entries each held: what a test of the limits looks at. */
  readonly requests: number[] = [];

  async publish(events: readonly BusEvent[]): Promise<void> {
    const deliveries: Promise<void>[] = [];
    for (const batch of putEventsBatches(events.map((e) => toEntry(e))))
      deliveries.push(...(await this.putEvents(batch)));
    await Promise.all(deliveries);
  }

  /** One PutEvents request: refused whole when over a limit, else each entry routed to its rules. */
  async putEvents(entries: readonly PutEventsRequestEntry[]): Promise<Promise<void>[]> {
    checkPutEvents(entries);
    this.requests.push(entries.length);
    return entries.flatMap((entry) => {
      const event: BusEvent = {
        source: entry.Source!,
        detailType: entry.DetailType!,
        detail: JSON.parse(entry.Detail!),
      };
      return this.rules.filter((r) => matches(r.pattern, event)).map((r) => this.deliver(r, event));
    });
  }

  private async deliver(rule: LocalRule, event: BusEvent): Promise<void> {
    const envelope = {
      id: `local-${++this.seq}`,
      source: event.source,
      'detail-type': event.detailType,
      time: new Date().toISOString(),
      detail: event.detail,
    };
    try {
      const result = await pRetry(() => rule.target(envelope), {
        retries: (this.options.maxAttempts ?? 3) - 1,
        minTimeout: this.options.retryDelayMs ?? 200,
        factor: 1,
      });
      this.delivered.push({ rule: rule.name, result });
    } catch (err) {
      const dead = { rule: rule.name, event, error: (err as Error).message };
      this.deadLetters.push(dead);
      this.options.onDeadLetter?.(dead);
    }
  }
}
