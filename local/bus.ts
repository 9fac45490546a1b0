import pRetry from 'p-retry';
import type { BusEvent, EventBus } from '../adapters/eventbridge/bus.ts';

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
 * still fails as dead letters. `publish` resolves once every delivery has been tried.
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

  async publish(events: readonly BusEvent[]): Promise<void> {
    await Promise.all(
      events.flatMap((event) =>
        this.rules.filter((r) => matches(r.pattern, event)).map((r) => this.deliver(r, event)),
      ),
    );
  }

  private async deliver(rule: LocalRule, event: BusEvent): Promise<void> {
    const envelope = {
      id: `local-${++this.seq}`,
      source: event.source,
      'detail-type': event.detailType,
      time: new Date().toISOString(),
      detail: JSON.parse(JSON.stringify(event.detail)),
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
