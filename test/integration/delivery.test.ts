import { afterEach, describe, expect, it } from 'vitest';
import type { DigestDetail } from '../../domain/digest.ts';
import { STAGE_LABELS } from '../../domain/labels.ts';
import type { Stage } from '../../domain/policy.ts';
import type { LocalStack } from '../../local/stack.ts';
import type { Deliveries, Mailer } from '../../use-cases/ports.ts';
import { FALLBACK, HOLDER_A, nightTrusts } from '../support/night.ts';
import { backend, load, type SentEmail, sentEmails, testStack } from '../support/stack.ts';

/**
 * The promise: each recipient hears of every due item that is theirs once per alert stage,
 * never twice, whichever run, redelivery or crash it comes through. On the real local stack.
 */
const ASOF = '2026-11-23';
const SCHEDULED = '2026-11-23T02:30:00.000Z';
const HOLDER_C = { name: 'Cal Holder', email: 'cal.holder@example.org' };
const HOLDER_D = { name: 'Dee Holder', email: 'dee.holder@example.org' };
/** The first night tells five items: TA's two to A, TB's two to B, TC's one to the fallback. */
const FIRST_NIGHT_ITEMS = 5;

let stack: LocalStack;
afterEach(() => stack?.close());

async function freshNight() {
  stack = await testStack({ fallbackRecipient: FALLBACK });
  await load(stack, nightTrusts(ASOF), ASOF);
}

interface Told {
  to: string;
  itemId: string;
  stage: Stage;
  handedOver: boolean;
}

const STAGE_BY_LABEL = new Map(Object.entries(STAGE_LABELS).map(([stage, label]) => [label, stage as Stage]));

/** Every (recipient, item, stage) the emails told, read from their plain-text parts. */
function toldIn(emails: SentEmail[]): Told[] {
  const told: Told[] = [];
  for (const email of emails) {
    let stage: Stage | undefined;
    let handedOver = false;
    for (const line of (email.body.text ?? '').split('\n')) {
      const heading = /^(.+) \(\d+\)$/.exec(line);
      if (heading && STAGE_BY_LABEL.has(heading[1]!)) stage = STAGE_BY_LABEL.get(heading[1]!);
      if (line.includes('Handed over to you')) handedOver = true;
      const ref = /^\s+Ref: (.+)$/.exec(line);
      if (ref) {
        told.push({ to: email.destination.to.join(','), itemId: ref[1]!, stage: stage!, handedOver });
        handedOver = false;
      }
    }
  }
  return told;
}

/** Fails naming any (recipient, item, stage) told more than once. */
function expectEachOnce(told: Told[]) {
  const keys = told.map((t) => `${t.to} ${t.itemId} ${t.stage}`);
  expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
}

/** A nightly run whose digests are kept, not delivered: to deliver them as a test chooses. */
async function captureDigests(input: { asOf?: string; scheduledTime?: string }): Promise<DigestDetail[]> {
  const published: DigestDetail[] = [];
  await stack.makeNightlyRun({ bus: { publish: async (d) => void published.push(...d) } })(input);
  return published;
}

/**
 * What a crash looks like from outside: the call never returns, and nothing after it runs.
 * `crashed` resolves when the delivery gets there.
 */
let reachCrash: () => void = () => {};
let crashed = Promise.resolve();
function armCrash() {
  crashed = new Promise<void>((resolve) => (reachCrash = resolve));
}
const never = () => {
  reachCrash();
  return new Promise<never>(() => {});
};

describe(`delivery on ${backend()}`, () => {
  it('a new relationship holder is told every open alert item of the trust, handed over; the old one hears nothing more', async () => {
    await freshNight();
    await stack.nightlyRun({ asOf: ASOF });
    const first = await sentEmails(stack);
    expect(toldIn(first).filter((t) => t.to === HOLDER_A.email)).toHaveLength(2);

    const [ta] = nightTrusts(ASOF);
    await load(stack, [{ ...ta!, relationshipHolder: HOLDER_C }], ASOF);
    await stack.nightlyRun({ scheduledTime: '2026-11-23T12:00:00.000Z' });
    const second = (await sentEmails(stack)).slice(first.length);
    expect(second.map((e) => e.destination.to[0])).toEqual([HOLDER_C.email]);
    const toC = toldIn(second);
    expect(toC.map((t) => t.itemId).sort()).toEqual(
      toldIn(first)
        .filter((t) => t.to === HOLDER_A.email)
        .map((t) => t.itemId)
        .sort(),
    );
    expect(toC.every((t) => t.handedOver)).toBe(true);

    // Told now: the next night tells nobody anything.
    await stack.nightlyRun({ scheduledTime: '2026-11-23T18:00:00.000Z' });
    expect(await sentEmails(stack)).toHaveLength(first.length + 1);
  });

  it('items that went to the fallback recipient go to a holder once one is assigned', async () => {
    await freshNight();
    await stack.nightlyRun({ asOf: ASOF });
    const first = await sentEmails(stack);
    const toFallback = toldIn(first).filter((t) => t.to === FALLBACK);
    expect(toFallback).toHaveLength(1);

    const tc = nightTrusts(ASOF)[2]!;
    await load(stack, [{ ...tc, relationshipHolder: HOLDER_D }], ASOF);
    await stack.nightlyRun({ asOf: ASOF });
    const second = (await sentEmails(stack)).slice(first.length);
    expect(toldIn(second)).toEqual([{ ...toFallback[0]!, to: HOLDER_D.email, handedOver: true }]);
  });

  it('the scheduled run and a manual run for the same date, at the same time: every item told once', async () => {
    await freshNight();
    const runs = await Promise.all([
      stack.nightlyRun({ scheduledTime: SCHEDULED }),
      stack.nightlyRun({ asOf: ASOF }),
    ]);
    expect(runs.map((r) => r.runId)).toEqual([SCHEDULED, `manual:${ASOF}`]);
    const told = toldIn(await sentEmails(stack));
    expectEachOnce(told);
    expect(told).toHaveLength(FIRST_NIGHT_ITEMS);
    // And again, one after the other: nothing new.
    await stack.nightlyRun({ scheduledTime: SCHEDULED });
    await stack.nightlyRun({ asOf: ASOF });
    expect(toldIn(await sentEmails(stack))).toHaveLength(FIRST_NIGHT_ITEMS);
  });

  it('two runs planned before either sends, their digests delivered interleaved: every item told once', async () => {
    await freshNight();
    const scheduled = await captureDigests({ scheduledTime: SCHEDULED });
    const manual = await captureDigests({ asOf: ASOF });
    expect(manual).toHaveLength(scheduled.length);
    const outcomes = await Promise.all(
      scheduled.flatMap((d, i) => [stack.sendDigest({ detail: d }), stack.sendDigest({ detail: manual[i] })]),
    );
    expect(outcomes.filter((o) => o.status === 'sent').length).toBeGreaterThanOrEqual(3);
    const told = toldIn(await sentEmails(stack));
    expectEachOnce(told);
    expect(told).toHaveLength(FIRST_NIGHT_ITEMS);
  });

  describe('a crash at each point of sending, then the event redelivered', () => {
    /** Delivers the digest to A with a fault, then redelivers it six minutes later (claims stale). */
    async function crashThenRedeliver(fault: () => { mailer?: Mailer; deliveries?: Deliveries }) {
      await freshNight();
      const digests = await captureDigests({ scheduledTime: SCHEDULED });
      const toA = digests.find((d) => d.recipient.email === HOLDER_A.email)!;
      armCrash();
      void stack.makeSendDigest(fault())({ detail: toA }); // never settles: it crashed
      await crashed;
      const later = new Date(Date.now() + 6 * 60_000);
      const redelivered = await stack.makeSendDigest({ now: () => later })({ detail: toA });
      // Every digest, and the next night: A is told each item once, and nothing is lost.
      for (const d of digests) await stack.sendDigest({ detail: d });
      await stack.nightlyRun({ scheduledTime: '2026-11-23T03:30:00.000Z' });
      const told = toldIn(await sentEmails(stack));
      expectEachOnce(told);
      expect(told.filter((t) => t.to === HOLDER_A.email)).toHaveLength(2);
      expect(told).toHaveLength(FIRST_NIGHT_ITEMS);
      return redelivered;
    }

    it('before the email is handed to SES: the redelivery sends it', async () => {
      const outcome = await crashThenRedeliver(() => ({
        deliveries: failingLedger((update) => update.status === 'sending'),
      }));
      expect(outcome).toMatchObject({ status: 'sent', items: 2 });
    });

    it('after SES accepted it, before anything is recorded: the redelivery records it, sends nothing', async () => {
      const outcome = await crashThenRedeliver(() => ({
        mailer: {
          send: async (email) => {
            await stack.mailer.send(email);
            return never();
          },
        },
      }));
      expect(outcome).toEqual({ status: 'recovered', items: 2 });
    });

    it('after the items are marked, before the ledger says sent: the redelivery sends nothing', async () => {
      const outcome = await crashThenRedeliver(() => ({
        deliveries: failingLedger((update) => update.status === 'sent'),
      }));
      expect(outcome).toEqual({ status: 'recovered', items: 2 });
    });
  });
});

/** The stack's delivery state, except that the ledger update `when` chooses never returns. */
function failingLedger(when: (update: Parameters<Deliveries['updateDigest']>[3]) => boolean): Deliveries {
  const real = stack.repos.deliveries;
  return {
    openDigest: (...a) => real.openDigest(...a),
    claimItem: (...a) => real.claimItem(...a),
    settleItem: (...a) => real.settleItem(...a),
    claimToCheck: (...a) => real.claimToCheck(...a),
    settleToCheck: (...a) => real.settleToCheck(...a),
    countOutcome: (...a) => real.countOutcome(...a),
    updateDigest: (runId, email, part, update, now) =>
      when(update) ? never() : real.updateDigest(runId, email, part, update, now),
  };
}
