import { afterEach, describe, expect, it } from 'vitest';
import { addDays } from '../../domain/calendar.ts';
import type { TrustRecord } from '../../domain/records.ts';
import type { LocalStack } from '../../local/stack.ts';
import { FALLBACK } from '../support/night.ts';
import { backend, load, sentEmails, testStack } from '../support/stack.ts';

/**
 * The first night after a first sync: 200 trusts and no relationship holder yet, so every item
 * goes to the fallback recipient, in digest parts of up to 200 KB. The local bus refuses what
 * EventBridge refuses, so this night meets the limits it meets in AWS.
 */
const ASOF = '2026-11-23';
const SERVICES = [
  'Surgery',
  'Maternity',
  'Medical care',
  'Critical care',
  'Outpatients',
  'Urgent and emergency services',
];
let stack: LocalStack;
afterEach(() => stack?.close());

function trusts(): TrustRecord[] {
  return Array.from({ length: 200 }, (_, t) => ({
    trustId: `F${String(t).padStart(3, '0')}`,
    name: `First Night NHS Trust ${t} with a name as long as some real ones are`,
    sector: 'acute',
    region: 'North West',
    relationshipHolder: null,
    coreServices: SERVICES.map((service, s) => ({
      locationId: `F${t}L${s % 2}`,
      locationName: `Hospital ${t}-${s % 2}, a site of First Night NHS Trust ${t}`,
      service,
      rating: 'Inadequate',
      reportPublishedOn: addDays(ASOF, -400 - s),
    })),
    wellLedInspections: [],
    providerInformationRequests: [],
  }));
}

describe(`the first night of 200 trusts with no holder (${backend()})`, () => {
  it('tells the fallback recipient every item, once, in events and requests EventBridge takes', async () => {
    stack = await testStack({ fallbackRecipient: FALLBACK });
    await load(stack, trusts(), ASOF);
    const run = await stack.nightlyRun({ asOf: ASOF });
    expect(run).toMatchObject({ status: 'succeeded', items: 1200, digestItems: 1200, problemCount: 0 });
    expect(run.digestsPublished).toBeGreaterThan(2);
    expect(stack.bus.deadLetters).toEqual([]);
    // Parts of up to 200 KB each: no request holds two of them.
    expect(stack.bus.requests.every((entries) => entries === 1)).toBe(true);

    const emails = (await sentEmails(stack)).filter((e) => e.destination.to[0] === FALLBACK);
    expect(emails).toHaveLength(run.digestsPublished);
    const told = emails.map((e) => e.body.text ?? '').join('\n');
    for (const t of ['F000', 'F099', 'F199'])
      expect(told).toContain(`First Night NHS Trust ${Number(t.slice(1))} with`);

    const again = await stack.makeNightlyRun()({ asOf: addDays(ASOF, 1) });
    expect(again.digestItems).toBe(0);
  });
});
