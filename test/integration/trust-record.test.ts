import { createHash, randomUUID } from 'node:crypto';
import { AdminDisableUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionSk, actionsPk, itemSk, trustPk } from '../../adapters/dynamodb/keys.ts';
import { addDays } from '../../domain/calendar.ts';
import type { Role } from '../../domain/roles.ts';
import { demoTrusts } from '../../local/demo.ts';
import type { LocalStack } from '../../local/stack.ts';
import { runCli } from '../support/cli.ts';
import { apiFetch, backend, load, pageSession as signIn, testStack, tokenFor } from '../support/stack.ts';

/**
 * A record people can trust (issue 24), on the real local stack through every door: history
 * that outlives its items, authority that is current (removed, demoted and signed-out users),
 * one rule at the API, the page and the command line, and stored rows that break no page.
 */
const today = new Date().toISOString().slice(0, 10);
let stack: LocalStack;
const saved = { ...process.env };
const PRIYA = 'priya.shah@example.org';
const TOM = 'tom.okafor@example.org';

beforeAll(async () => {
  stack = await testStack({ apiPort: 0 });
  await load(stack, demoTrusts(today), today);
  await stack.nightlyRun({ asOf: today });
  // The command line talks to this stack (its table and user pool).
  Object.assign(process.env, {
    DYNAMODB_ENDPOINT: stack.dynamo.endpoint,
    SES_ENDPOINT: stack.ses.endpoint,
    TABLE_NAME: stack.tableName,
    COGNITO_PORT: new URL(stack.userPool!.endpoint).port,
  });
  for (const [email, role] of [
    [PRIYA, 'holder'],
    [TOM, 'holder'],
    ['planner@example.org', 'planner'],
  ] as const)
    await tokenFor(stack.userPool!, email, role);
});
afterAll(async () => {
  process.env = { ...saved };
  await stack?.close();
});

/** A user made for one test (the run's user pool is shared): their email. */
async function newUser(role: Role): Promise<string> {
  const email = `${role}-${randomUUID().slice(0, 8)}@example.org`;
  await tokenFor(stack.userPool!, email, role);
  return email;
}

const itemPath = (itemId: string) => `/items/${encodeURIComponent(itemId)}`;
async function itemsOf(trustId: string): Promise<{ itemId: string; dueBy: string; kind: string }[]> {
  const res = await apiFetch(stack, `/due-work?within=3650&trustId=${trustId}`);
  return ((await res.json()) as { items: { itemId: string; dueBy: string; kind: string }[] }).items;
}
async function versionOf(itemId: string): Promise<number> {
  const res = await apiFetch(stack, itemPath(itemId));
  return res.ok ? ((await res.json()) as { state: { version: number } }).state.version : 0;
}

const pageSession = (email: string) => signIn(stack, email);

type Outcome = { ok: true } | { ok: false; message: string };
type Act = { action: string; on?: string; until?: string; reason?: string; waiverReason?: string };

const DOORS = {
  async api(as: string, itemId: string, act: Act): Promise<Outcome> {
    const res = await apiFetch(stack, `${itemPath(itemId)}/actions`, {
      method: 'POST',
      as,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...act, expectedVersion: await versionOf(itemId) }),
    });
    if (res.ok) return { ok: true };
    return { ok: false, message: ((await res.json()) as { error: { message: string } }).error.message };
  },
  async page(as: string, itemId: string, act: Act, cookie?: string): Promise<Outcome> {
    const session = cookie ?? (await pageSession(as));
    // The form's token, as the item's page would carry it (a holder of another trust never sees that page).
    const csrf = createHash('sha256')
      .update(`form:${decodeURIComponent(session.split('=')[1]!)}`)
      .digest('base64url')
      .slice(0, 32);
    const res = await fetch(`${stack.api!.url}/web${itemPath(itemId)}/actions`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: stack.api!.url,
        cookie: session,
      },
      body: new URLSearchParams({
        ...act,
        expectedVersion: String(await versionOf(itemId)),
        csrf,
      }).toString(),
    });
    if (res.status === 303 && res.headers.get('location')?.includes('done=')) return { ok: true };
    if (res.status === 303) return { ok: false, message: `sent to ${res.headers.get('location')}` };
    const html = (await res.text()).replace(/&quot;/g, '"').replace(/&#39;/g, "'");
    const said =
      /<div role="alert">[\s\S]*?<li>([^<]+)<\/li>/.exec(html)?.[1] ??
      /<p class="govuk-body">([^<]+)<\/p>/.exec(html)?.[1] ??
      html;
    return { ok: false, message: said.replace(/\.$/, '') };
  },
  async cli(as: string, itemId: string, act: Act): Promise<Outcome> {
    const verb = act.action === 'acknowledge' ? 'ack' : act.action;
    const flags = [
      ...(act.on ? ['--on', act.on] : []),
      ...(act.until ? ['--until', act.until] : []),
      ...(act.reason ? ['--reason', act.reason] : []),
      ...(act.waiverReason ? ['--waiver-reason', act.waiverReason] : []),
    ];
    const out = await runCli(['item', verb, itemId, '--as', as, ...flags], new Date());
    return out.code === 0 ? { ok: true } : { ok: false, message: out.stderr.replace(/^error: /, '') };
  },
};

describe(`history outlives items (${backend()})`, () => {
  it("a retired location keeps its items' history: the trust's history (JSON, CSV, page), each item's page and `item show` (finding 1)", async () => {
    const [item] = (await itemsOf('DEMO1')).filter((i) => i.kind === 'reinspection');
    const location = item!.itemId.split('#')[2]!;
    const booked = await DOORS.api(PRIYA, item!.itemId, { action: 'acknowledge' });
    expect(booked).toEqual({ ok: true });
    const before = (await (await apiFetch(stack, '/trusts/DEMO1/actions')).json()) as { actions: unknown[] };

    const removed = await runCli(
      ['remove', '--trust', 'DEMO1', '--location', location, '--reason', 'deregistered'],
      new Date(),
    );
    expect(removed.code, removed.stderr).toBe(0);

    const after = (await (await apiFetch(stack, '/trusts/DEMO1/actions', { as: PRIYA })).json()) as {
      actions: { itemId: string }[];
      unreadable: unknown[];
    };
    expect(after.actions).toEqual(before.actions);
    expect(after.actions.map((a) => a.itemId)).toContain(item!.itemId);
    const csv = await (await apiFetch(stack, '/trusts/DEMO1/actions?format=csv', { as: PRIYA })).text();
    expect((parseCsv(csv, { columns: true }) as { itemId: string }[]).map((r) => r.itemId)).toContain(
      item!.itemId,
    );

    const shown = await apiFetch(stack, itemPath(item!.itemId), { as: PRIYA });
    expect(shown.status).toBe(200);
    const view = (await shown.json()) as {
      status: string;
      closed: { on: string; why: string };
      actions: unknown[];
    };
    expect(view.status).toBe('closed');
    expect(view.closed).toEqual({ on: today, why: 'its records were retired (deregistered)' });
    expect(view.actions).toHaveLength(1);
    // Tom, who does not hold the trust, still sees nothing of it.
    expect((await apiFetch(stack, itemPath(item!.itemId), { as: TOM })).status).toBe(403);

    const cookie = await pageSession(PRIYA);
    const page = await fetch(`${stack.api!.url}/web${itemPath(item!.itemId)}`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('This item closed on');
    expect(html).toContain('Acknowledged');
    expect(html).not.toContain('Act on it');

    const cli = await runCli(['item', 'show', item!.itemId], new Date());
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toContain(`closed on ${today}: its records were retired (deregistered)`);
    expect(cli.stdout).toContain(`acknowledge by ${PRIYA} (holder)`);
  });
});

describe(`an item the trust's records no longer make due (${backend()})`, () => {
  it('closes keeping its page: what it was, when and why it closed, and what people did (finding 1)', async () => {
    const trust = demoTrusts(today).find((t) => t.trustId === 'DEMO2')!;
    const report = (await itemsOf('DEMO2')).find((i) => i.kind === 'planning-meeting');
    if (!report) throw new Error('DEMO2 has no planning meeting due');
    expect(await DOORS.api(TOM, report.itemId, { action: 'acknowledge' })).toEqual({ ok: true });
    // The planning meeting is held: the item is no longer due.
    const published = {
      ...trust,
      providerInformationRequests: trust.providerInformationRequests.map((pir) => ({
        ...pir,
        planningMeetingOn: today,
      })),
    };
    await load(stack, [published], today);
    await stack.nightlyRun({ asOf: addDays(today, 1) });
    const view = (await (await apiFetch(stack, itemPath(report.itemId), { as: TOM })).json()) as {
      status: string;
      closed: { on: string; why: string };
      actions: { by: string }[];
    };
    expect(view.status).toBe('closed');
    expect(view.closed.why).toContain("the trust's records no longer make it due");
    expect(view.actions.map((a) => a.by)).toEqual([TOM]);
    const history = (await (await apiFetch(stack, '/trusts/DEMO2/actions', { as: TOM })).json()) as {
      actions: { itemId: string }[];
    };
    expect(history.actions.map((a) => a.itemId)).toContain(report.itemId);
  });
});

describe(`authority is current (${backend()})`, () => {
  it('a removed user is refused at once for a change, whatever their token says (finding 2)', async () => {
    const planner = await newUser('planner');
    const token = await tokenFor(stack.userPool!, planner);
    const [item] = await itemsOf('DEMO2');
    await stack.userPool!.pool.remove(planner);
    const res = await fetch(`${stack.api!.url}${itemPath(item!.itemId)}/actions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        action: 'waive',
        waiverReason: 'duplicate',
        expectedVersion: await versionOf(item!.itemId),
      }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      'sign in: your access has ended (removed, disabled, or given no role)',
    );
    // Nothing recorded under their name.
    const history = (await (await apiFetch(stack, '/trusts/DEMO2/actions')).json()) as {
      actions: { by: string }[];
    };
    expect(history.actions.map((a) => a.by)).not.toContain(planner);
    // Never seen before this moment: a read is refused too.
    expect(
      (await fetch(`${stack.api!.url}/to-check`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(401);
  });

  it('a disabled user and a demoted planner act by the role the user pool gives them now (finding 2)', async () => {
    const planner = await newUser('planner');
    const [item] = await itemsOf('DEMO2');
    // Demoted to a relationship holder (of no trust): cannot waive, at once.
    const pool = stack.userPool!;
    await pool.pool.setRole(planner, 'holder');
    expect(await DOORS.api(planner, item!.itemId, { action: 'waive', waiverReason: 'duplicate' })).toEqual({
      ok: false,
      message: 'you do not hold trust "DEMO2"',
    });
    await pool.client.send(new AdminDisableUserCommand({ UserPoolId: pool.userPoolId, Username: planner }));
    expect(await DOORS.cli(planner, item!.itemId, { action: 'acknowledge' })).toEqual({
      ok: false,
      message: 'your access has ended (removed, disabled, or given no role): you can no longer act on items',
    });
  });

  it('sign-out revokes the session: its token is refused as a cookie and as a bearer, by pages, changes and reads (finding 2)', async () => {
    const holder = PRIYA;
    const cookie = await pageSession(holder);
    const token = decodeURIComponent(cookie.split('=')[1]!);
    expect((await fetch(`${stack.api!.url}/web/forecast`, { headers: { cookie } })).status).toBe(200);
    const out = await fetch(`${stack.api!.url}/sign-out`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.api!.url, cookie },
    });
    expect(out.status).toBe(303);
    // The same cookie, kept by someone: sent to sign in.
    const page = await fetch(`${stack.api!.url}/web/forecast`, { headers: { cookie }, redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toMatch(/^\/sign-in/);
    // The same token as a bearer: refused for a read and for a change.
    const bearer = { authorization: `Bearer ${token}` };
    expect((await fetch(`${stack.api!.url}/due-work`, { headers: bearer })).status).toBe(401);
    const [item] = await itemsOf('DEMO1');
    const change = await fetch(`${stack.api!.url}${itemPath(item!.itemId)}/actions`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'acknowledge', expectedVersion: await versionOf(item!.itemId) }),
    });
    expect(change.status).toBe(401);
    expect(((await change.json()) as { error: { message: string } }).error.message).toBe(
      'sign in: this session was signed out',
    );
    // Signing in again is a new session that works.
    const again = await pageSession(holder);
    expect((await fetch(`${stack.api!.url}/web/forecast`, { headers: { cookie: again } })).status).toBe(200);
  });
});

describe(`one rule at every door: the API, the page, the command line (${backend()})`, () => {
  it('each (who, whose trust, what) case gets the same answer at each door (finding 4)', async () => {
    const [mine] = await itemsOf('DEMO1');
    const [toms] = await itemsOf('DEMO2');
    const cases: { who: string; item: string; act: Act; expect: Outcome }[] = [
      { who: PRIYA, item: mine!.itemId, act: { action: 'acknowledge' }, expect: { ok: true } },
      {
        who: PRIYA,
        item: toms!.itemId,
        act: { action: 'acknowledge' },
        expect: { ok: false, message: 'you do not hold trust "DEMO2"' },
      },
      {
        who: PRIYA,
        item: mine!.itemId,
        act: { action: 'waive', waiverReason: 'duplicate' },
        expect: { ok: false, message: 'Only planners and admins may waive an item' },
      },
      {
        who: PRIYA,
        item: mine!.itemId,
        act: { action: 'defer', until: addDays(today, 400), reason: 'x' },
        expect: { ok: false, message: expect.stringContaining('may defer an item') as unknown as string },
      },
      {
        who: 'planner@example.org',
        item: toms!.itemId,
        act: { action: 'acknowledge' },
        expect: { ok: true },
      },
      {
        who: 'planner@example.org',
        item: 'reinspection#DEMO2#NOPE#Surgery',
        act: { action: 'acknowledge' },
        expect: { ok: false, message: 'no open item with id "reinspection#DEMO2#NOPE#Surgery"' },
      },
    ];
    // Word for word, but for the capital a page starts its sentence with.
    const sentence = (o: Outcome) =>
      o.ok || typeof o.message !== 'string'
        ? o
        : { ...o, message: o.message.replace(/^./, (ch) => ch.toUpperCase()) };
    for (const c of cases)
      for (const [door, act] of Object.entries(DOORS))
        expect(
          sentence(await act(c.who, c.item, c.act)),
          `${door}: ${c.who} ${c.act.action} ${c.item}`,
        ).toEqual(sentence(c.expect));
  });
});

describe(`stored rows that break nothing (${backend()})`, () => {
  const send = (command: PutCommand | UpdateCommand) => stack.repos.table.client.send(command as PutCommand);

  it('a due item whose stage history is not a list: its trust and item answer 200 (pages too), and the night repairs it (finding 6)', async () => {
    const [item] = await itemsOf('DEMO3');
    await send(
      new UpdateCommand({
        TableName: stack.tableName,
        Key: { PK: trustPk('DEMO3'), SK: itemSk(item!.itemId) },
        UpdateExpression: 'SET stageHistory = :bad, itemState = :worse',
        ExpressionAttributeValues: { ':bad': 'not a list', ':worse': { status: 'teleported' } },
      }),
    );
    const trust = await apiFetch(stack, '/trusts/DEMO3');
    expect(trust.status).toBe(200);
    expect(((await trust.json()) as { skippedRows: number }).skippedRows).toBe(1);
    expect((await apiFetch(stack, itemPath(item!.itemId))).status).toBe(200);
    const cookie = await pageSession('planner@example.org');
    for (const path of ['/web/trusts/DEMO3', `/web${itemPath(item!.itemId)}`])
      expect((await fetch(`${stack.api!.url}${path}`, { headers: { cookie } })).status, path).toBe(200);

    const night = await stack.nightlyRun({ asOf: addDays(today, 1) });
    expect(night).toMatchObject({ status: 'succeeded', problemCount: 0 });
    const repaired = (await stack.repos.trustRecords.read('DEMO3')).items.get(item!.itemId)!;
    expect(Array.isArray(repaired.stageHistory)).toBe(true);
    expect(repaired.stageHistory.length).toBeGreaterThan(0);
    expect((await stack.repos.trustRecords.read('DEMO3')).damagedItems?.size).toBe(0);
    expect((await stack.nightlyRun({ asOf: addDays(today, 2) })).problemCount).toBe(0);
  });

  it('an action record without `at`, and one whose state does not read: named in the history, never a 500, never blocking the next action (finding 6)', async () => {
    const [item] = (await itemsOf('DEMO3')).slice(-1);
    expect(await DOORS.api('planner@example.org', item!.itemId, { action: 'acknowledge' })).toEqual({
      ok: true,
    });
    const record = (v: number, fields: Record<string, unknown>) =>
      send(
        new PutCommand({
          TableName: stack.tableName,
          Item: {
            PK: actionsPk('DEMO3'),
            SK: actionSk(item!.itemId, v),
            type: 'action',
            itemId: item!.itemId,
            version: v,
            action: 'acknowledge',
            from: 'open',
            to: 'open',
            by: 'planner@example.org',
            role: 'planner',
            basisDate: today,
            ...fields,
          },
        }),
      );
    // Version 2 without `at`; version 3 readable, but the state it made does not read.
    await record(2, { state: { status: 'open', version: 2 } });
    await record(3, { at: new Date().toISOString(), state: 'garbled' });
    for (const path of ['/trusts/DEMO3/actions', '/trusts/DEMO3/actions?format=csv', itemPath(item!.itemId)])
      expect((await apiFetch(stack, path)).status, path).toBe(200);
    const history = (await (await apiFetch(stack, '/trusts/DEMO3/actions')).json()) as {
      actions: { version: number; itemId: string }[];
      unreadable: { version: number; reason: string }[];
    };
    expect(history.unreadable).toEqual([
      { itemId: item!.itemId, version: 2, reason: 'at could not be read' },
    ]);
    expect(history.actions.filter((a) => a.itemId === item!.itemId).map((a) => a.version)).toEqual([1, 3]);
    const csv = await (await apiFetch(stack, '/trusts/DEMO3/actions?format=csv')).text();
    expect(csv).toContain('This record could not be read: at could not be read');
    const cookie = await pageSession('planner@example.org');
    const page = await (
      await fetch(`${stack.api!.url}/web${itemPath(item!.itemId)}`, { headers: { cookie } })
    ).text();
    expect(page).toContain('could not be read: the action that made version 2');
    // The next action takes version 4: nothing is blocked.
    expect(await versionOf(item!.itemId)).toBe(3);
    expect(await DOORS.api('planner@example.org', item!.itemId, { action: 'acknowledge' })).toEqual({
      ok: true,
    });
    expect(await versionOf(item!.itemId)).toBe(4);
  });
});
