import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../domain/calendar.ts';
import { longDate } from '../../domain/item-words.ts';
import type { TrustRecord } from '../../domain/records.ts';
import type { LocalStack } from '../../local/stack.ts';
import { FALLBACK, HOLDER_B, nightTrusts } from '../support/night.ts';
import { apiFetch, backend, load, pageSession, sentEmails, testStack, tokenFor } from '../support/stack.ts';

/**
 * Running the service from the web (issue 25): an admin assigns a trust's relationship holder
 * and marks a trust to check as checked, with a due date set by hand, on the trust's page; each
 * change is kept in the trust's history, and the next night acts on it.
 */
const ASOF = '2026-11-23';
const ADMIN = 'admin@example.org';
const NEW_HOLDER = { name: 'Nia Newholder', email: 'nia.newholder@example.org' };
let stack: LocalStack;

/** A trust CQC rates only under the single assessment framework: no due date from its data. */
const TO_CHECK: TrustRecord = {
  trustId: 'TS',
  name: 'Trust S',
  sector: 'mental-health',
  region: 'London',
  relationshipHolder: HOLDER_B,
  toCheck: {
    source: '/providers/TS',
    assessmentDate: '2026-06-01',
    reason: 'rated only under the single assessment framework',
  },
  coreServices: [],
  wellLedInspections: [],
  providerInformationRequests: [],
};

beforeAll(async () => {
  stack = await testStack({ apiPort: 0, fallbackRecipient: FALLBACK });
  await load(stack, [...nightTrusts(ASOF), TO_CHECK], ASOF);
  await stack.nightlyRun({ asOf: ASOF });
  await tokenFor(stack.userPool!, ADMIN);
}, 60_000);
afterAll(() => stack?.close());

/** Posts a trust page's form as `email`, with the form token the page carries. */
async function postForm(email: string, trustId: string, change: string, fields: Record<string, string>) {
  const cookie = await pageSession(stack, email);
  const page = await (await fetch(`${stack.api!.url}/web/trusts/${trustId}`, { headers: { cookie } })).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
  const res = await fetch(`${stack.api!.url}/web/trusts/${trustId}/${change}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.api!.url, cookie },
    body: new URLSearchParams({ ...fields, csrf: csrf ?? '' }).toString(),
  });
  return { res, cookie, hadForm: page.includes(`/web/trusts/${trustId}/${change}`) };
}

const digestsTo = async (email: string) =>
  (await sentEmails(stack)).filter((e) => e.destination.to[0]?.toLowerCase() === email);

describe(`an admin runs the service from the trust's page (${backend()})`, () => {
  it('assigns a holder: kept in the trust’s history, and the next night tells the new holder of its open items', async () => {
    // Trust C has no holder: its work goes to the fallback recipient.
    const { res, cookie } = await postForm(ADMIN, 'TC', 'holder', {
      name: NEW_HOLDER.name,
      email: NEW_HOLDER.email,
      reason: 'Nia took over the North London trusts',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/web/trusts/TC?done=holder');
    const page = await (
      await fetch(`${stack.api!.url}/web/trusts/TC?done=holder`, { headers: { cookie } })
    ).text();
    expect(page).toContain('The relationship holder is changed');
    expect(page).toContain(
      `${ADMIN} made ${NEW_HOLDER.name} the relationship holder: Nia took over the North London trusts`,
    );

    const history = (await (await apiFetch(stack, '/trusts/TC/actions')).json()) as {
      trustChanges: {
        change: string;
        holderBefore: unknown;
        holderAfter: unknown;
        by: string;
        version: number;
      }[];
    };
    expect(history.trustChanges).toMatchObject([
      { change: 'holder', holderBefore: null, holderAfter: NEW_HOLDER, by: ADMIN, version: 1 },
    ]);
    const csv = await (await apiFetch(stack, '/trusts/TC/actions?format=csv')).text();
    expect(csv).toContain(`assign-holder,,${NEW_HOLDER.email},${ADMIN},admin`);

    // At once, before any night: the new holder's due work lists the trust's items, as theirs.
    const theirs = (await (
      await apiFetch(stack, `/due-work?asOf=${ASOF}&within=3650`, { as: NEW_HOLDER.email })
    ).json()) as { items: { trustId: string; relationshipHolder: unknown }[] };
    expect(theirs.items.length).toBeGreaterThan(0);
    expect(theirs.items.every((i) => i.trustId === 'TC')).toBe(true);
    expect(
      theirs.items.every((i) => JSON.stringify(i.relationshipHolder) === JSON.stringify(NEW_HOLDER)),
    ).toBe(true);

    await fetch(`${stack.ses.endpoint}/clear-store`, { method: 'POST' });
    await stack.nightlyRun({ asOf: addDays(ASOF, 1) });
    const told = await digestsTo(NEW_HOLDER.email);
    expect(told).toHaveLength(1);
    expect(told[0]!.body.text).toContain('Trust C (TC)');
    expect((await digestsTo(FALLBACK)).map((e) => e.body.text).join('')).not.toContain('Trust C (TC)');

    // An import that names no holder keeps the one the admin assigned.
    await load(
      stack,
      nightTrusts(ASOF).filter((t) => t.trustId === 'TC'),
      ASOF,
    );
    const trust = (await (await apiFetch(stack, '/trusts/TC')).json()) as {
      trust: { relationshipHolder: unknown };
    };
    expect(trust.trust.relationshipHolder).toEqual(NEW_HOLDER);
  });

  it('marks a trust to check as checked with a due date: the night plans it for that date and tells its holder', async () => {
    const dueBy = addDays(ASOF, 40);
    const { res, cookie } = await postForm(ADMIN, 'TS', 'checked', {
      reason: 'Spoke to the regional team: assess within six weeks',
      dueBy,
    });
    expect(res.status).toBe(303);
    const page = await (await fetch(`${stack.api!.url}/web/trusts/TS`, { headers: { cookie } })).text();
    expect(page).toContain(`marked it checked, due by ${longDate(dueBy)} (set by hand)`);

    await fetch(`${stack.ses.endpoint}/clear-store`, { method: 'POST' });
    await stack.nightlyRun({ asOf: addDays(ASOF, 1) });
    const [mail] = await digestsTo(HOLDER_B.email);
    expect(mail?.body.text).toContain('Next assessment of the trust (due date set by hand)');
    expect(mail?.body.text).toContain(`Due by ${longDate(dueBy)}`);
    const due = (await (await apiFetch(stack, `/due-work?asOf=${addDays(ASOF, 1)}&trustId=TS`)).json()) as {
      items: { itemId: string; dueBy: string }[];
    };
    expect(due.items).toMatchObject([{ itemId: 'well-led#TS', dueBy }]);
  });

  it('refuses anyone but an admin, a trust that is not to check, and a bad field, naming it', async () => {
    const planner = await postForm('planner@example.org', 'TA', 'holder', {
      name: 'X',
      email: 'x@example.org',
      reason: 'r',
    });
    expect(planner.hadForm).toBe(false);
    expect(planner.res.status).toBe(403);
    const api = await apiFetch(stack, '/trusts/TA/holder', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'X', email: 'x@example.org', reason: 'r' }),
    });
    expect(api.status).toBe(403);

    const notToCheck = await apiFetch(stack, '/trusts/TA/checked', {
      as: ADMIN,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'r' }),
    });
    expect(notToCheck.status).toBe(409);
    const badEmail = await postForm(ADMIN, 'TA', 'holder', { name: 'X', email: 'not an email', reason: 'r' });
    expect(badEmail.res.status).toBe(400);
    expect(await badEmail.res.text()).toContain('Give an email address, like name@example.org');
    const past = await apiFetch(stack, '/trusts/TS/checked', {
      as: ADMIN,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'r', dueBy: '2020-01-01' }),
    });
    expect(past.status).toBe(400);
    expect(((await past.json()) as { error: { field: string; message: string } }).error).toMatchObject({
      field: 'dueBy',
      message: '1 January 2020 is in the past: give today or a later date',
    });
    // Nothing refused was kept.
    const history = (await (await apiFetch(stack, '/trusts/TA/actions')).json()) as {
      trustChanges: unknown[];
    };
    expect(history.trustChanges).toEqual([]);
  });
});
