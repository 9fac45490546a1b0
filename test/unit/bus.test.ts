import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type BusEvent, EventBridgeBus, PublishError } from '../../adapters/eventbridge/bus.ts';
import { LocalBus, matches } from '../../local/bus.ts';
import { DIGEST_RULE_PATTERN } from '../../local/wiring.ts';

const ebMock = mockClient(EventBridgeClient);
// Test files share a worker (isolate: false): leave the SDK client as it was found.
afterAll(() => ebMock.restore());
const events = (n: number): BusEvent[] =>
  Array.from({ length: n }, (_, i) => ({
    source: 'cqc.trust-scheduler',
    detailType: 'DueWorkDigest',
    detail: { n: i },
  }));

describe('EventBridge bus adapter', () => {
  beforeEach(() => ebMock.reset());

  it('publishes in batches of at most 10 entries, to the named bus', async () => {
    ebMock.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
    await new EventBridgeBus(new EventBridgeClient({ region: 'eu-west-2' }), 'scheduler-bus').publish(
      events(23),
    );
    const calls = ebMock.commandCalls(PutEventsCommand);
    expect(calls.map((c) => c.args[0].input.Entries!.length)).toEqual([10, 10, 3]);
    const first = calls[0]!.args[0].input.Entries![0]!;
    expect(first).toEqual({
      EventBusName: 'scheduler-bus',
      Source: 'cqc.trust-scheduler',
      DetailType: 'DueWorkDigest',
      Detail: '{"n":0}',
    });
  });

  it('retries only the entries that failed', async () => {
    ebMock
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 2,
        Entries: [
          { EventId: 'a' },
          { ErrorCode: 'ThrottlingException' },
          { EventId: 'c' },
          { ErrorCode: 'InternalFailure' },
        ],
      })
      .resolves({ FailedEntryCount: 0, Entries: [] });
    await new EventBridgeBus(new EventBridgeClient({ region: 'eu-west-2' }), 'bus', {
      baseDelayMs: 1,
    }).publish(events(4));
    const calls = ebMock.commandCalls(PutEventsCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.args[0].input.Entries!.map((e) => e.Detail)).toEqual(['{"n":1}', '{"n":3}']);
  });

  it('throws, naming how many events were not published, when retries run out', async () => {
    ebMock
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException' }] });
    const bus = new EventBridgeBus(new EventBridgeClient({ region: 'eu-west-2' }), 'bus', {
      baseDelayMs: 1,
      maxAttempts: 3,
    });
    await expect(bus.publish(events(1))).rejects.toThrow(PublishError);
    await expect(bus.publish(events(1))).rejects.toThrow(
      '1 event(s) not published after 3 attempts (ThrottlingException)',
    );
  });

  it('publishes nothing for no events', async () => {
    await new EventBridgeBus(new EventBridgeClient({ region: 'eu-west-2' }), 'bus').publish([]);
    expect(ebMock.commandCalls(PutEventsCommand)).toHaveLength(0);
  });
});

describe('local bus', () => {
  it('routes like the EventBridge rule: only DueWorkDigest events from the scheduler', () => {
    expect(matches(DIGEST_RULE_PATTERN, events(1)[0]!)).toBe(true);
    expect(matches(DIGEST_RULE_PATTERN, { ...events(1)[0]!, detailType: 'Other' })).toBe(false);
    expect(matches(DIGEST_RULE_PATTERN, { ...events(1)[0]!, source: 'someone.else' })).toBe(false);
  });

  it('delivers an envelope shaped like EventBridge, retries a failing target, and keeps what still fails', async () => {
    const seen: unknown[] = [];
    let failures = 1;
    const bus = new LocalBus(
      [
        {
          name: 'flaky',
          pattern: DIGEST_RULE_PATTERN,
          target: async (e) => {
            if (failures-- > 0) throw new Error('transient');
            seen.push(e);
          },
        },
        {
          name: 'broken',
          pattern: DIGEST_RULE_PATTERN,
          target: async () => Promise.reject(new Error('always')),
        },
      ],
      { retryDelayMs: 1, maxAttempts: 3 },
    );
    await bus.publish(events(1));
    expect(seen).toEqual([
      expect.objectContaining({
        source: 'cqc.trust-scheduler',
        'detail-type': 'DueWorkDigest',
        detail: { n: 0 },
      }),
    ]);
    expect(bus.deadLetters).toEqual([{ rule: 'broken', event: events(1)[0], error: 'always' }]);
  });
});
