/// <reference lib="dom" />
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../domain/calendar.ts';
import { longDate } from '../../domain/item-words.ts';
import { LOCAL_PASSWORD } from '../../local/cognito.ts';
import { demoTrusts } from '../../local/demo.ts';
import type { LocalStack } from '../../local/stack.ts';
import { fullPageShot, launchBrowser } from '../support/browser.ts';
import { ROOT } from '../support/paths.ts';
import { apiFetch, load, sentEmails, testStack, tokenFor } from '../support/stack.ts';

/**
 * The web pages in a real browser, as the people who use them would: signing in on the form,
 * a holder seeing only their trusts, a planner everything, an admin the runs; every page type
 * checked by axe-core (WCAG 2.2 AA) at a phone's 390 px and a desktop's 1280 px, with nothing
 * wider than the screen. `UPDATE_SCREENSHOTS=1 npm test -- test/browser` rewrites docs/web/*.png.
 */
const ASOF = '2026-11-23';
const WIDTHS = [390, 1280];
const PRIYA = 'priya.shah@example.org';
let stack: LocalStack;
let browser: Browser;
let base: string;

beforeAll(async () => {
  stack = await testStack({ apiPort: 0 });
  base = stack.api!.url;
  await load(stack, demoTrusts(ASOF), ASOF);
  await stack.nightlyRun({ asOf: ASOF });
  for (const email of [PRIYA, 'tom.okafor@example.org', 'planner@example.org', 'admin@example.org'])
    await tokenFor(stack.userPool!, email);
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function signIn(context: BrowserContext, email: string, next = '/'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}${next}`);
  expect(new URL(page.url()).pathname).toBe('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(LOCAL_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState();
  return page;
}

/** axe-core's WCAG 2.x A and AA rules (2.2 included); no horizontal scroll. */
async function check(page: Page, name: string, width: number) {
  await page.setViewportSize({ width, height: 900 });
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `${name} at ${width}`,
  ).toEqual([]);
  const { scroll, viewport } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
  }));
  expect(scroll, `${name} at ${width}: page ${scroll} px wide`).toBeLessThanOrEqual(viewport);
  const shot = await fullPageShot(page);
  if (process.env.UPDATE_SCREENSHOTS) {
    mkdirSync(path.join(ROOT, 'docs/web'), { recursive: true });
    writeFileSync(path.join(ROOT, 'docs/web', `${name}-${width}.png`), shot);
  }
}

describe('the web pages in Chromium', () => {
  it('an unsigned visitor is sent to sign in and shown no data; a wrong password is named, not who exists', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const res = await page.goto(`${base}/web/trusts/DEMO1`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/web/trusts/DEMO1');
    expect(await res!.text()).not.toContain('Riverside');
    for (const width of WIDTHS) await check(page, 'sign-in', width);
    await page.getByLabel('Email address').fill(PRIYA);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      'Enter a correct email address and password',
    );
    for (const width of WIDTHS) await check(page, 'sign-in-error', width);
    await context.close();
  });

  it("a holder signs in at / and sees only their trusts' due work; the session cookie is HttpOnly and SameSite", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, PRIYA);
    expect(new URL(page.url()).pathname).toBe('/');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'What needs action on your trusts',
    );
    const trusts = await page.locator('td[data-label="Trust"] a').allTextContents();
    expect(trusts.length).toBeGreaterThan(0);
    expect(new Set(trusts)).toEqual(new Set(['Riverside Teaching Hospitals NHS Foundation Trust']));
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'session', httpOnly: true, sameSite: 'Lax' });
    for (const width of WIDTHS) await check(page, 'due-work-holder', width);

    // Another holder's trust: refused, on a page that says so, with none of its data.
    const refused = await page.goto(`${base}/web/trusts/DEMO2`);
    expect(refused!.status()).toBe(403);
    expect(await page.content()).not.toContain('Tom Okafor');
    for (const width of WIDTHS) await check(page, 'forbidden', width);
    await context.close();
  });

  it('from a due item to its trust: the item page says what, why, by when; the trust page its services and history', async () => {
    const context = await browser.newContext();
    const page = await signIn(context, 'planner@example.org');
    for (const width of WIDTHS) await check(page, 'due-work', width);
    // The filters, open when in use, ticked as asked: overdue work nobody has booked.
    await page.goto(`${base}/?stage=overdue&status=open`);
    const box = (name: string) => page.getByRole('checkbox', { name, exact: true });
    await expect(box('Overdue').isChecked()).resolves.toBe(true);
    await expect(box('Open').isChecked()).resolves.toBe(true);
    await expect(box('Booked').isChecked()).resolves.toBe(false);
    const stages = await page.locator('td[data-label="Status"] .govuk-tag').allTextContents();
    expect(stages.length).toBeGreaterThan(0);
    expect(new Set(stages)).toEqual(new Set(['Overdue']));
    for (const width of WIDTHS) await check(page, 'due-work-filtered', width);
    await page.goto(`${base}/?view=all`);
    await page
      .getByRole('link', { name: /Re-inspect Urgent and emergency services/ })
      .first()
      .click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Re-inspect');
    await expect(page.locator('.govuk-summary-list').textContent()).resolves.toContain('Rated Inadequate');
    for (const width of WIDTHS) await check(page, 'item', width);
    await page
      .getByRole('link', { name: 'Riverside Teaching Hospitals NHS Foundation Trust' })
      .first()
      .click();
    await expect(page.getByRole('heading', { name: 'Core services' }).isVisible()).resolves.toBe(true);
    for (const width of WIDTHS) await check(page, 'trust', width);
    await page.getByRole('link', { name: 'Forecast' }).click();
    await expect(page.locator('svg.app-chart').count()).resolves.toBe(1);
    for (const width of WIDTHS) await check(page, 'forecast', width);
    // Counted by kind, as the API can; a month's bar opens that month's items, and only those.
    await page.getByLabel('Count by').selectOption('kind');
    await page.getByRole('button', { name: 'Count' }).click();
    await expect(page.locator('thead').textContent()).resolves.toContain('Re-inspection');
    const bar = page
      .locator('svg.app-chart a[href*="month="]')
      .filter({ hasNot: page.locator('rect[height="1"]') });
    const href = await bar.first().getAttribute('href');
    const month = new URL(href!, base).searchParams.get('month')!;
    await bar.first().click();
    const dues = await page
      .locator('td[data-label="Due by"] time')
      .evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')));
    expect(dues.length).toBeGreaterThan(0);
    expect(dues.every((d) => d!.startsWith(month))).toBe(true);
    await page.getByRole('link', { name: 'Trusts to check' }).click();
    for (const width of WIDTHS) await check(page, 'to-check', width);
    await page.getByRole('link', { name: 'Calendar feed' }).click();
    await page.getByRole('button', { name: 'Make a feed address' }).click();
    await expect(page.locator('.app-address').textContent()).resolves.toContain('/feeds/');
    for (const width of WIDTHS) await check(page, 'calendar', width);
    expect(await page.getByRole('link', { name: 'Runs' }).count()).toBe(0);
    await context.close();
  });

  it("from the digest email to a trust's next due item in two clicks: the item's link, then its trust", async () => {
    const mail = (await sentEmails(stack)).find((e) => e.destination.to[0] === PRIYA)!;
    const link = /<a href="([^"]+)"[^>]*>Open this item<\/a>/.exec(mail.body.html!)![1]!;
    expect(link.startsWith(`${base}/web/items/`)).toBe(true);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(link); // click 1, from the email; signing in comes between
    await page.getByLabel('Email address').fill(PRIYA);
    await page.getByLabel('Password').fill(LOCAL_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(link);
    await page.locator('.govuk-back-link').click(); // click 2: the trust
    expect(new URL(page.url()).pathname).toBe('/web/trusts/DEMO1');
    const firstDue = await page.locator('td[data-label="Due by"] time').first().getAttribute('datetime');
    const soonest = (await (await apiFetch(stack, '/trusts/DEMO1')).json()) as {
      dueItems: { dueBy: string }[];
    };
    expect(firstDue).toBe(soonest.dueItems[0]!.dueBy);
    await context.close();
  });

  it('a holder books an item on its page: a POST with the form token, then the page says so and keeps the record', async () => {
    const context = await browser.newContext();
    const page = await signIn(context, PRIYA, '/?view=all');
    await page
      .getByRole('link', { name: /Re-inspect Maternity/ })
      .first()
      .click();
    const today = new Date().toISOString().slice(0, 10);
    await page.getByText('Book the inspection').click();
    await page.getByLabel('Inspection date').fill(today);
    await page
      .getByLabel('Reason (needed when it is after the due date)')
      .fill('The first date the team has');
    await page.getByRole('button', { name: 'Book', exact: true }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Booked. Status: Booked for');
    await expect(page.locator('.govuk-summary-list').textContent()).resolves.toContain('Booked for');
    await expect(page.getByRole('heading', { name: 'What people did' }).isVisible()).resolves.toBe(true);
    await expect(page.locator('body').textContent()).resolves.toContain(
      `by ${PRIYA}: The first date the team has`,
    );
    // A date in the past is named on the form, not applied.
    await page.getByText('Defer it').click();
    await page.getByLabel('Quiet until').fill('2020-01-01');
    await page.getByLabel('Reason', { exact: true }).first().fill('x');
    await page.getByRole('button', { name: 'Defer', exact: true }).click();
    await expect(page.getByRole('alert').first().textContent()).resolves.toContain('is in the past');
    for (const width of WIDTHS) await check(page, 'item-actions', width);
    // No waiving for a holder.
    expect(await page.getByText('Waive it (planners)').count()).toBe(0);
    // Her queue no longer lists it; everything does, its status as its tag, counted apart: one
    // click on the count lists only it.
    await page.goto(`${base}/`);
    await expect(page.locator('main').textContent()).resolves.not.toContain('Booked for');
    await page.getByRole('link', { name: 'Show everything due' }).click();
    const booked = `Booked for ${longDate(today)}`;
    await expect(page.locator('td[data-label="Status"] .govuk-tag').allTextContents()).resolves.toContain(
      booked,
    );
    await page.getByRole('link', { name: /, booked$/ }).click();
    await expect(page.getByRole('checkbox', { name: 'Booked' }).isChecked()).resolves.toBe(true);
    const stages = await page.locator('td[data-label="Status"]').allTextContents();
    expect(stages).toHaveLength(1);
    expect(stages[0]).toContain(booked);
    for (const width of WIDTHS) await check(page, 'due-work-booked', width);
    await context.close();
  });

  it('status first: a booked, a deferred and a waived item each show what was done as their tag on the due-work, trust and item pages, and the first page lists none of them, by trust', async () => {
    type Item = { itemId: string; kind: string; dueBy: string; trustId: string };
    const { items } = (await (await apiFetch(stack, '/due-work?trustId=DEMO2&within=3650')).json()) as {
      items: Item[];
    };
    const today = new Date().toISOString().slice(0, 10);
    const [toBook, toDefer, toWaive] = items.filter(
      (i) => i.kind === 'reinspection' || i.kind === 'planning-meeting',
    );
    const act = async (item: Item, body: Record<string, string>) => {
      const res = await apiFetch(stack, `/items/${encodeURIComponent(item.itemId)}/actions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...body, expectedVersion: 0 }),
      });
      expect(res.status, await res.clone().text()).toBe(200);
    };
    const bookOn = addDays(today, 10);
    const deferTo = addDays(today, 20);
    await act(toBook!, { action: 'book', on: bookOn, reason: 'The team is free then' });
    await act(toDefer!, { action: 'defer', until: deferTo, reason: 'The trust asked' });
    await act(toWaive!, { action: 'waive', waiverReason: 'inspected-report-awaited' });
    const tags = {
      [toBook!.itemId]: `Booked for ${longDate(bookOn)}`,
      [toDefer!.itemId]: `Deferred to ${longDate(deferTo)}`,
      [toWaive!.itemId]: 'Waived: inspected, report awaited',
    };
    const context = await browser.newContext();
    const page = await signIn(context, 'planner@example.org');
    // The planner's first page: none of the three, one row per trust.
    const links = await page
      .locator('main a[href^="/web/items/"]')
      .evaluateAll((as) =>
        as.map((a) => decodeURIComponent(a.getAttribute('href')!.slice('/web/items/'.length))),
      );
    for (const id of Object.keys(tags)) expect(links).not.toContain(id);
    const trusts = await page.locator('td[data-label="Trust"] a').allTextContents();
    expect(trusts.length).toBeGreaterThan(1);
    expect(new Set(trusts).size).toBe(trusts.length);
    for (const width of WIDTHS) await check(page, 'due-work', width);
    // Everything, the trust page, each item's page: the status is the tag.
    const tagOf = async (url: string, itemId: string) => {
      await page.goto(`${base}${url}`);
      const row = page.locator('tr', {
        has: page.locator(`a[href="/web/items/${encodeURIComponent(itemId)}"]`),
      });
      return row.locator('.govuk-tag').first().textContent();
    };
    for (const [itemId, tag] of Object.entries(tags)) {
      await expect(tagOf('/?view=all&trustId=DEMO2', itemId)).resolves.toBe(tag);
      await expect(tagOf('/web/trusts/DEMO2', itemId)).resolves.toBe(tag);
      await page.goto(`${base}/web/items/${encodeURIComponent(itemId)}`);
      await expect(page.locator('.govuk-summary-list .govuk-tag').first().textContent()).resolves.toBe(tag);
    }
    await page.goto(`${base}/?view=all&trustId=DEMO2`);
    for (const width of WIDTHS) await check(page, 'due-work-all', width);
    await page.goto(`${base}/web/trusts/DEMO2`);
    for (const width of WIDTHS) await check(page, 'trust-acted', width);
    // A waived item offers no Acknowledge, and its next step says there is nothing to do.
    await page.goto(`${base}/web/items/${encodeURIComponent(toWaive!.itemId)}`);
    expect(await page.getByText('Acknowledge: it is mine').count()).toBe(0);
    await expect(page.locator('.govuk-summary-list').textContent()).resolves.toContain(
      'Nothing: it was waived',
    );
    for (const width of WIDTHS) await check(page, 'item-waived', width);
    await context.close();
  });

  it('a closed item keeps its page: what it was, when and why it closed, and what people did, with no forms', async () => {
    const due = (await (
      await apiFetch(stack, `/due-work?asOf=${ASOF}&within=3650&trustId=DEMO3`)
    ).json()) as {
      items: { itemId: string; locationId: string }[];
    };
    const [item] = due.items;
    const state = (await (await apiFetch(stack, `/items/${encodeURIComponent(item!.itemId)}`)).json()) as {
      state: { version: number };
    };
    const acted = await apiFetch(stack, `/items/${encodeURIComponent(item!.itemId)}/actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        action: 'acknowledge',
        expectedVersion: state.state.version,
        note: 'Checked with the trust',
      }),
    });
    expect(acted.status).toBe(200);
    await stack.repos.trustRecords.retire(
      { trustId: 'DEMO3', locationId: item!.locationId },
      { dryRun: false, reason: 'location deregistered', on: ASOF, at: `${ASOF}T12:00:00.000Z` },
    );
    const context = await browser.newContext();
    const page = await signIn(
      context,
      'planner@example.org',
      `/web/items/${encodeURIComponent(item!.itemId)}`,
    );
    const text = await page.locator('main').innerText();
    expect(text).toContain(
      `This item closed on ${longDate(ASOF)}: its records were retired (location deregistered)`,
    );
    expect(text).toContain('Checked with the trust');
    expect(text).not.toContain('Act on it');
    for (const width of WIDTHS) await check(page, 'item-closed', width);
    await context.close();
  });

  it('a planner plans the visits: load against capacity, the shortfall in words, and a proposed visit booked from the plan stays in its week', async () => {
    const context = await browser.newContext();
    const page = await signIn(context, 'planner@example.org');
    await page.getByRole('link', { name: 'Plan' }).first().click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Plan of site visits');
    await expect(page.locator('svg.app-chart--plan').count()).resolves.toBe(1);
    await expect(page.locator('main').textContent()).resolves.toMatch(
      /To meet every due date, the teams need \d+ more team-days? by the week of \d+ \w+ \d{4}|meets every due date/,
    );
    // A tight week: three team-days a week over eight weeks leaves work late, listed first.
    await page.getByLabel('Team-days a week').fill('3');
    await page.getByLabel('Weeks ahead').fill('8');
    await page.getByRole('button', { name: 'Plan again' }).click();
    await page.getByRole('heading', { name: 'Late in this plan' }).waitFor();
    for (const width of WIDTHS) await check(page, 'plan', width);
    // The same plan as a file, from the page (the session, not a token): every item a row.
    const csvLink = page.getByRole('link', { name: 'Download the plan as a spreadsheet (CSV)' });
    expect(await csvLink.getAttribute('href')).toBe('/web/plan.csv?weeks=8&capacity=3');
    const csv = await page.request.get(`${base}/web/plan.csv?weeks=8&capacity=3`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect((await csv.text()).split('\r\n')[0]).toBe(
      'week,visitId,kind,trustId,trustName,locationId,locationName,visitDays,fixed,itemId,what,dueBy,daysLate,notPlanned',
    );
    // Book the first proposed visit: each of its items booked, kept in its history, fixed next time.
    const first = page
      .locator('tbody tr', { has: page.getByRole('button', { name: /Book this week/ }) })
      .first();
    const title = (await first.locator('th').first().innerText()).split('\n')[0]!;
    const item = (await first.locator('td[data-label="Items"] a').first().getAttribute('href'))!;
    await first.getByRole('button', { name: /Book this week/ }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain(`: ${title}`);
    const booked = page.locator('tbody tr', { has: page.locator(`a[href="${item}"]`) });
    await expect(booked.locator('.govuk-tag').first().textContent()).resolves.toBe('Booked');
    await page.goto(`${base}${item}`);
    await expect(page.locator('main').textContent()).resolves.toContain('Booked from the plan of');
    // A holder has no plan: not in their menu, refused at its address.
    const holder = await signIn(await browser.newContext(), PRIYA);
    await expect(holder.getByRole('link', { name: 'Plan', exact: true }).count()).resolves.toBe(0);
    expect((await holder.goto(`${base}/web/plan`))!.status()).toBe(403);
    await context.close();
  });

  it('an admin also sees the runs; signing out ends the session', async () => {
    const context = await browser.newContext();
    const page = await signIn(context, 'admin@example.org', '/web/runs');
    expect(new URL(page.url()).pathname).toBe('/web/runs');
    // The list, times in words; each run opens its record.
    await expect(page.locator('main').textContent()).resolves.toContain(
      `Nightly run, as of ${longDate(ASOF)}`,
    );
    for (const width of WIDTHS) await check(page, 'runs', width);
    await page.locator('td[data-label="Started"] a').first().click();
    await expect(page.locator('.govuk-summary-list').textContent()).resolves.toContain(`manual:${ASOF}`);
    await expect(page.locator('.govuk-summary-list').textContent()).resolves.toContain('Digests published');
    for (const width of WIDTHS) await check(page, 'run', width);
    // The users page: who may sign in, the invite form open.
    await page.getByRole('link', { name: 'Users' }).first().click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Users');
    await page.getByText('Invite someone').click();
    for (const width of WIDTHS) await check(page, 'users', width);
    // A trust's page with an admin's forms open; a refused change names its field.
    await page.goto(`${base}/web/trusts/DEMO3`);
    await page.getByText('Change the relationship holder').click();
    await page.getByLabel('Name').fill('Sam Example');
    await page.getByLabel('Email address').fill('not an email');
    await page.getByLabel('Why (kept in the trust’s history)').fill('Cover while Tom is away');
    await page.getByRole('button', { name: 'Change holder' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Give an email address, like name@example.org',
    );
    for (const width of WIDTHS) await check(page, 'trust-admin', width);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('You have signed out');
    expect(await context.cookies()).toEqual([]);
    await page.goto(`${base}/web/runs`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await context.close();
  });
});
