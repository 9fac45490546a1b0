import { beforeEach, describe, expect, it } from 'vitest';
import { ActionsRepository } from '../../adapters/dynamodb/actions.ts';
import { addDays } from '../../domain/calendar.ts';
import { itemIdOf } from '../../domain/due-item.ts';
import { evaluateTrust } from '../../domain/evaluate.ts';
import { longDate } from '../../domain/item-words.ts';
import { DEFAULT_POLICY, type Stage } from '../../domain/policy.ts';
import type { TrustRecord } from '../../domain/records.ts';
import { demoTrusts } from '../../local/demo.ts';
import { backend, cliStackPerTest, load, type SentEmail, sentEmails } from '../support/stack.ts';

/**
 * What the nightly run tells of items people acted on, end to end on the local stack: a booked
 * item stays quiet while its booking is ahead, then is told again as "booking passed"; a
 * deferred one comes back on its date; a waived one is never told; and none of them twice.
 */
const ASOF = '2026-11-23';
const PRIYA = { email: 'priya.shah@example.org', role: 'holder' as const };
const PLANNER = { email: 'planner@example.org', role: 'planner' as const };
const current = cliStackPerTest();
let trust: TrustRecord;
let actions: ActionsRepository;

beforeEach(async () => {
  const stack = current();
  const trusts = demoTrusts(ASOF);
  trust = trusts.find((t) => t.trustId === 'DEMO1')!;
  await load(stack, trusts, ASOF);
  await night(ASOF);
  actions = new ActionsRepository(stack.repos.table);
});

async function night(asOf: string): Promise<SentEmail[]> {
  const before = (await sentEmails(current())).length;
  await current().nightlyRun({ asOf });
  return (await sentEmails(current())).slice(before);
}

/** The DEMO1 items told to Priya in these emails, by id ("Ref: …" in the text part). */
const toldItems = (emails: SentEmail[]) =>
  emails
    .filter((e) => e.destination.to[0] === PRIYA.email)
    .flatMap((e) => [...(e.body.text ?? '').matchAll(/Ref: (\S+#DEMO1#[^\n]+)/g)].map((m) => m[1]!.trim()));

const itemsOn = (asOf: string) =>
  evaluateTrust(trust, asOf, DEFAULT_POLICY).items.map((i) => ({ ...i, itemId: itemIdOf(i) }));

/** The first day from `from` on which the item is at `stage`. */
function dayAt(itemId: string, stage: Stage, from: string): string {
  for (let d = from, n = 0; n < 800; n++, d = addDays(d, 1))
    if (itemsOn(d).find((i) => i.itemId === itemId)?.stage === stage) return d;
  throw new Error(`${itemId} never reaches ${stage}`);
}

const act = (itemId: string, req: Parameters<ActionsRepository['act']>[1]) => {
  const item = itemsOn(ASOF).find((i) => i.itemId === itemId)!;
  return actions.act({ trustId: 'DEMO1', itemId, dueBy: item.dueBy, basisDate: item.basisDate }, req);
};

/** A writer that stops between the two writes: the record is kept, the item's state never set. */
class Interrupted extends ActionsRepository {
  override async setState(): Promise<boolean> {
    return false;
  }
}

/** Priya books an item for its due date, the writer stopping before the item's state (finding 5). */
const bookInterrupted = (item: ReturnType<typeof itemsOn>[number], today: string, at: string) =>
  new Interrupted(current().repos.table).act(
    { trustId: 'DEMO1', itemId: item.itemId, dueBy: item.dueBy, basisDate: item.basisDate },
    { action: 'book', on: item.dueBy, user: PRIYA, expectedVersion: 0, at, today },
  );

/** Priya (or `user`) books a due-soon item for its due date, on the first night's day. */
async function bookDueSoon(user: typeof PRIYA | typeof PLANNER = PRIYA) {
  const item = itemsOn(ASOF).find((i) => i.stage === 'due-soon')!;
  await act(item.itemId, {
    action: 'book',
    on: item.dueBy,
    user,
    expectedVersion: 0,
    at: `${ASOF}T09:00:00.000Z`,
    today: ASOF,
  });
  return item;
}

describe(`items people acted on, night after night (${backend()})`, () => {
  it('booked: quiet while the booking is ahead (through a stage change), then told once as "booking passed"', async () => {
    const item = await bookDueSoon();
    const urgent = dayAt(item.itemId, 'urgent', ASOF);
    expect(toldItems(await night(urgent))).not.toContain(item.itemId);
    const passed = addDays(item.dueBy, 1);
    const told = await night(passed);
    expect(toldItems(told)).toContain(item.itemId);
    const text = told.find((e) => e.destination.to[0] === PRIYA.email)!.body.text!;
    expect(text).toContain(
      `Told again: the date it was booked for, ${longDate(item.dueBy)}, has passed, and it is still open.`,
    );
    expect(toldItems(await night(passed))).not.toContain(item.itemId);
    expect(toldItems(await night(addDays(passed, 1)))).not.toContain(item.itemId);
  });

  it('booked by a planner: the holder reads it once under "Booked", then quiet through a stage change, then "booking passed"', async () => {
    const item = await bookDueSoon(PLANNER);
    const next = addDays(ASOF, 1);
    const told = await night(next);
    expect(toldItems(told)).toContain(item.itemId);
    const text = told.find((e) => e.destination.to[0] === PRIYA.email)!.body.text!;
    const booked = text.slice(text.indexOf('Booked (1)'));
    expect(booked).toContain(`Booked for ${longDate(item.dueBy)} by ${PLANNER.email}`);
    expect(booked).toContain(`Ref: ${item.itemId}`);
    expect(told.find((e) => e.destination.to[0] === PRIYA.email)!.subject).toContain('1 booked');
    expect(toldItems(await night(next))).not.toContain(item.itemId);
    expect(toldItems(await night(dayAt(item.itemId, 'urgent', ASOF)))).not.toContain(item.itemId);
    const passed = await night(addDays(item.dueBy, 1));
    expect(toldItems(passed)).toContain(item.itemId);
    expect(passed.find((e) => e.destination.to[0] === PRIYA.email)!.body.text).toContain(
      `Told again: the date it was booked for, ${longDate(item.dueBy)}, has passed`,
    );
  });

  it('booked by the holder: nothing to tell her of it', async () => {
    const item = await bookDueSoon();
    expect(toldItems(await night(addDays(ASOF, 1)))).not.toContain(item.itemId);
  });

  it('deferred: quiet until its date, then told again at the same stage, once', async () => {
    const item = itemsOn(ASOF).find((i) => i.stage === 'overdue')!;
    const until = addDays(ASOF, 3);
    await act(item.itemId, {
      action: 'defer',
      until,
      reason: 'The trust asked for a week',
      user: PRIYA,
      expectedVersion: 0,
      at: `${ASOF}T09:00:00.000Z`,
      today: ASOF,
    });
    expect(toldItems(await night(addDays(ASOF, 1)))).not.toContain(item.itemId);
    const back = await night(until);
    expect(toldItems(back)).toContain(item.itemId);
    expect(back.find((e) => e.destination.to[0] === PRIYA.email)!.body.text).toContain(
      // The date it was deferred to, in words: a night that runs late still says which.
      `Told again: it was deferred to ${longDate(until)}, and that date has come.`,
    );
    expect(toldItems(await night(until))).not.toContain(item.itemId);
  });

  it('waived: never told again, through every stage', async () => {
    const item = itemsOn(ASOF).find((i) => i.stage === 'due-soon')!;
    await act(item.itemId, {
      action: 'waive',
      waiverReason: 'service-closed',
      user: PLANNER,
      expectedVersion: 0,
      at: `${ASOF}T09:00:00.000Z`,
      today: ASOF,
    });
    for (const stage of ['urgent', 'overdue'] as const)
      expect(toldItems(await night(dayAt(item.itemId, stage, ASOF)))).not.toContain(item.itemId);
  });
});

describe(`what the night applies of what people recorded (${backend()})`, () => {
  it("booked, and the writer stopped before the item's state: the night applies the record first, so the item is never told (finding 5)", async () => {
    const item = itemsOn(ASOF).find((i) => i.stage === 'due-soon')!;
    await bookInterrupted(item, ASOF, `${ASOF}T09:00:00.000Z`);
    expect(
      (await current().repos.trustRecords.read('DEMO1')).items.get(item.itemId)?.itemState,
    ).toBeUndefined();
    const urgent = dayAt(item.itemId, 'urgent', ASOF);
    expect(toldItems(await night(urgent))).not.toContain(item.itemId);
    // The night wrote the state the record made.
    expect(
      (await current().repos.trustRecords.read('DEMO1')).items.get(item.itemId)?.itemState,
    ).toMatchObject({
      status: 'booked',
      version: 1,
    });
    expect(toldItems(await night(addDays(urgent, 1)))).not.toContain(item.itemId);
  });

  it('waived, then CQC gives it a new report: a new item, told at its stage even when that is the stage last told (finding 8)', async () => {
    const item = itemsOn(ASOF).find((i) => i.stage === 'overdue' && i.kind === 'reinspection')!;
    const first = { user: PLANNER, expectedVersion: 0, at: `${ASOF}T09:00:00.000Z`, today: ASOF };
    await act(item.itemId, { ...first, action: 'waive', waiverReason: 'inspected-report-awaited' });
    expect(toldItems(await night(addDays(ASOF, 1)))).not.toContain(item.itemId);
    // The new report, a week after the last: due a week later, still overdue.
    const rerated = {
      ...trust,
      coreServices: trust.coreServices.map((cs) =>
        cs.locationId === item.locationId && cs.service === item.service
          ? { ...cs, reportPublishedOn: addDays(cs.reportPublishedOn!, 7) }
          : cs,
      ),
    };
    await load(current(), [rerated], addDays(ASOF, 2));
    const told = await night(addDays(ASOF, 2));
    expect(toldItems(told)).toContain(item.itemId);
    expect(toldItems(await night(addDays(ASOF, 3)))).not.toContain(item.itemId);
  });
});

describe(`an action racing the nightly run (${backend()})`, () => {
  /** How many times each (item, stage, note) was told to Priya across these emails. */
  const tellings = (emails: SentEmail[], itemId: string) =>
    emails
      .filter((e) => e.destination.to[0] === PRIYA.email)
      .flatMap((e) => (e.body.text ?? '').split('\n\n'))
      .filter((block) => block.includes(`Ref: ${itemId}`)).length;

  async function nightWith(asOf: string, during: () => Promise<unknown>): Promise<SentEmail[]> {
    const before = (await sentEmails(current())).length;
    let done = false;
    const run = current().makeNightlyRun({
      afterTrust: async () => {
        if (done) return;
        done = true;
        await during();
      },
    });
    await run({ asOf });
    return (await sentEmails(current())).slice(before);
  }

  it('booked while the night runs: told at most once at that stage, then quiet, then once when the booking passes', async () => {
    const item = itemsOn(ASOF).find((i) => i.stage === 'due-soon')!;
    const urgent = dayAt(item.itemId, 'urgent', ASOF);
    const sent: SentEmail[] = [];
    sent.push(
      ...(await nightWith(urgent, () =>
        act(item.itemId, {
          action: 'book',
          on: item.dueBy,
          user: PRIYA,
          expectedVersion: 0,
          at: `${urgent}T02:31:00.000Z`,
          today: urgent,
        }),
      )),
    );
    sent.push(...(await night(urgent)), ...(await night(addDays(urgent, 1))));
    expect(tellings(sent, item.itemId)).toBeLessThanOrEqual(1);
    const passed = await night(addDays(item.dueBy, 1));
    expect(tellings(passed, item.itemId)).toBe(1);
    expect(tellings(await night(addDays(item.dueBy, 1)), item.itemId)).toBe(0);
  });

  it('booked by a planner while the night runs: listed under "Booked" once, by the next night at the latest', async () => {
    const item = itemsOn(ASOF).find((i) => i.stage === 'due-soon')!;
    const next = addDays(ASOF, 1);
    const sent = await nightWith(next, () =>
      act(item.itemId, {
        action: 'book',
        on: item.dueBy,
        user: PLANNER,
        expectedVersion: 0,
        at: `${next}T02:31:00.000Z`,
        today: next,
      }),
    );
    sent.push(...(await night(next)), ...(await night(addDays(next, 1))), ...(await night(addDays(next, 2))));
    expect(tellings(sent, item.itemId)).toBe(1);
    const told = sent.find((e) => e.body.text?.includes(`Ref: ${item.itemId}`))!;
    expect(told.body.text).toContain('Booked (1)');
  });

  it("booked while the night runs, the writer stopping before the item's state: never told, night after night (finding 5)", async () => {
    const item = itemsOn(ASOF).find((i) => i.stage === 'scheduled' && i.kind === 'reinspection')!;
    const next = addDays(ASOF, 1);
    const sent = await nightWith(next, () => bookInterrupted(item, next, `${next}T02:31:00.000Z`));
    for (const stage of ['due-soon', 'urgent'] as const)
      sent.push(...(await night(dayAt(item.itemId, stage, next))));
    expect(tellings(sent, item.itemId)).toBe(0);
  });

  it('reopened while the night runs: never lost, told by the next night at the latest, and once', async () => {
    const item = await bookDueSoon();
    const urgent = dayAt(item.itemId, 'urgent', ASOF);
    const sent = await nightWith(urgent, () =>
      act(item.itemId, {
        action: 'reopen',
        reason: 'The booking fell through',
        user: PRIYA,
        expectedVersion: 1,
        at: `${urgent}T02:31:00.000Z`,
        today: urgent,
      }),
    );
    sent.push(...(await night(addDays(urgent, 1))), ...(await night(addDays(urgent, 2))));
    expect(tellings(sent, item.itemId)).toBe(1);
  });
});
