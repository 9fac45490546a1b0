import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type BusEvent, EventBridgeBus, PublishError } from '../../adapters/eventbridge/bus.ts';
import { checkPutEvents, entrySize } from '../../adapters/eventbridge/limits.ts';
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

  it('the local bus refuses what EventBridge refuses: 11 entries, an entry over 256 KB, a request over 256 KB', async () => {
    const bus = new LocalBus([{ name: 'any', pattern: DIGEST_RULE_PATTERN, target: async () => {} }]);
    const entry = (bytes: number) => ({
      Source: 'cqc.trust-scheduler',
      DetailType: 'DueWorkDigest',
      Detail: JSON.stringify({ pad: 'x'.repeat(bytes) }),
    });
    await expect(bus.putEvents(Array.from({ length: 11 }, () => entry(10)))).rejects.toThrow(
      '11 entries in one PutEvents request: at most 10',
    );
    await expect(bus.putEvents([entry(270_000)])).rejects.toThrow(/entry 0 is \d+ bytes: at most 262144/);
    await expect(bus.putEvents([entry(140_000), entry(140_000)])).rejects.toThrow(
      /the entries of one PutEvents request total \d+ bytes: at most 262144/,
    );
    // What the adapter's batching sends it is taken: the same two entries, a request each.
    await bus.publish(
      [0, 1].map(() => ({
        source: 'cqc.trust-scheduler',
        detailType: 'DueWorkDigest',
        detail: { pad: 'x'.repeat(140_000) },
      })),
    );
    expect(bus.requests).toEqual([1, 1]);
  });
});

describe('PutEvents requests sized like EventBridge sizes them', () => {
  beforeEach(() => ebMock.reset());
  const big = (n: number, bytes: number): BusEvent[] =>
    Array.from({ length: n }, (_, i) => ({
      source: 'cqc.trust-scheduler',
      detailType: 'DueWorkDigest',
      detail: { n: i, pad: 'é'.repeat(bytes / 2) },
    }));

  it('ten events of about 48 KB go in requests of at most 256 KB of entries, in order', async () => {
    ebMock.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
    await new EventBridgeBus(new EventBridgeClient({ region: 'eu-west-2' }), 'bus').publish(big(10, 48_000));
    const calls = ebMock.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries!);
    expect(calls.length).toBeGreaterThan(1);
    for (const entries of calls) expect(() => checkPutEvents(entries)).not.toThrow();
    expect(calls.flat().map((e) => JSON.parse(e.Detail!).n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // The arithmetic counts UTF-8 bytes: 'é' is two.
    expect(entrySize(calls[0]![0]!)).toBeGreaterThan(48_000);
  });

  it('an event over 256 KB on its own is refused before anything is sent', async () => {
    await expect(
      new EventBridgeBus(new EventBridgeClient({ region: 'eu-west-2' }), 'bus').publish(big(1, 270_000)),
    ).rejects.toThrow(/event 0 is \d+ bytes: EventBridge takes at most 262144/);
    expect(ebMock.commandCalls(PutEventsCommand)).toHaveLength(0);
  });
});
