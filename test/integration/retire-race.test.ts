import { afterEach, describe, expect, it } from 'vitest';
import { addDays } from '../../domain/calendar.ts';
import type { LocalStack } from '../../local/stack.ts';
import type { StoredTrusts } from '../../use-cases/ports.ts';
import { FALLBACK, nightTrusts } from '../support/night.ts';
import { backend, load, sentEmails, testStack } from '../support/stack.ts';

/**
 * The sync and the nightly job racing: the sync retires a location after the night has read
 * the trust and before it writes. Nothing retired comes back, and nobody is emailed about it.
 * The race is made certain, not hoped for: the night's reader retires the location between
 * handing over the trust it read and the night's writes.
 */
const ASOF = '2026-11-23';
let stack: LocalStack;

afterEach(() => stack?.close());

/** The table's trusts, with `locationId` of `trustId` retired right after the trust is read. */
function retiringAfterRead(trustId: string, locationId: string): StoredTrusts {
  const trusts = stack.repos.trustRecords;
  return Object.assign(Object.create(trusts) as StoredTrusts, {
    stream: (options: Parameters<StoredTrusts['stream']>[0]) =>
      trusts.stream({
        ...options,
        onTrust: async (stored) => {
          if (stored.trustId === trustId)
            await trusts.retire(
              { trustId, locationId },
              { dryRun: false, reason: 'location deregistered', on: ASOF, at: new Date().toISOString() },
            );
          await options.onTrust(stored);
        },
      }),
  });
}

const itemsOf = async (trustId: string) => [...(await stack.repos.trustRecords.read(trustId)).items.keys()];

describe(`no item comes back from the dead (${backend()})`, () => {
  it('an item whose stage changes, retired between the read and the write, is not written back nor told', async () => {
    stack = await testStack({ fallbackRecipient: FALLBACK });
    await load(stack, nightTrusts(ASOF), ASOF);
    expect(await itemsOf('TA')).toContain('reinspection#TA#TA1#Maternity');

    // A year on, every item of TA1 moves stage: the night would write each of them.
    const run = await stack.makeNightlyRun({ trusts: retiringAfterRead('TA', 'TA1') })({
      asOf: addDays(ASOF, 400),
    });
    expect(run.status).toBe('succeeded');
    expect(run.itemsLost).toBeGreaterThan(0);
    expect((await itemsOf('TA')).filter((id) => id.includes('#TA1#'))).toEqual([]);
    const told = (await sentEmails(stack)).map((e) => e.body.text ?? '').join('\n');
    expect(told).not.toContain('A Hospital');
    // The others are told as ever.
    expect(told).toContain('B Hospital');
  });

  it('a new item whose core service is retired between the read and the write is not kept nor told', async () => {
    stack = await testStack({ fallbackRecipient: FALLBACK });
    // Records without items: the night creates them.
    for (const trust of nightTrusts(ASOF))
      await stack.repos.trustRecords.upsert(trust, null, { dryRun: false });
    expect(await itemsOf('TB')).toEqual([]);

    const run = await stack.makeNightlyRun({ trusts: retiringAfterRead('TB', 'TB1') })({ asOf: ASOF });
    expect(run.status).toBe('succeeded');
    expect(run.itemsLost).toBe(1);
    const left = await itemsOf('TB');
    expect(left.filter((id) => id.startsWith('reinspection#'))).toEqual([]);
    expect(left).toContain('planning-meeting#TB#PIR-B');
    const toB = (await sentEmails(stack))
      .filter((e) => e.destination.to[0] === 'bea.holder@example.org')
      .map((e) => e.body.text ?? '')
      .join('\n');
    expect(toB).toContain('planning meeting');
    expect(toB).not.toContain('Urgent and emergency services');
  });
});
