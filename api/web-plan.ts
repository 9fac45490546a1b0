import type { Context, Hono } from 'hono';
import { ActionRefused } from '../domain/actions.ts';
import { addDays, type IsoDate, isIsoDate } from '../domain/calendar.ts';
import { countText, longDate } from '../domain/item-words.ts';
import { knownRegions } from '../domain/planning/settings.ts';
import { actOnItem } from '../use-cases/act-on-item.ts';
import { requireAccess, type SignedInUser } from './auth.ts';
import { fileAnswer } from './downloads.ts';
import { ApiError, issueOf } from './errors.ts';
import { loadPages, loadPlanner } from './load-formats.ts';
import { planQuery } from './queries.ts';
import { readItem } from './readers.ts';
import { actDepsOf, type RouteDeps } from './route.ts';
import { formStateOf, readForm, type SentForm, type SessionOptions, siteOrigin } from './session.ts';
import { SkippedRows } from './skipped-rows.ts';

/** The plan page's fields, in its words. */
const ASKED_WORDS: Record<string, string> = {
  weeks: 'Weeks ahead',
  capacity: 'Team-days a week',
  region: 'Region',
};

/**
 * The plan's page (planners and admins) and booking a proposed visit from it: every item of the
 * visit booked for a day of its week, each an ordinary action through the one rule every door
 * uses (actOnItem), noting it came from the plan. The next plan keeps those items in that week.
 */
export function addPlanPages(
  app: Hono,
  deps: RouteDeps,
  session: SessionOptions,
  pageUser: (c: Context) => SignedInUser,
) {
  /** The plan the page's fields ask for: empty fields are the settings'; a bad one is named in the page's words. */
  const askedPlan = async (c: Context) => {
    requireAccess(pageUser(c), 'planners', 'The plan');
    const given: Record<string, string> = Object.fromEntries(
      Object.keys(ASKED_WORDS).flatMap((k) => {
        const v = c.req.query(k)?.trim();
        return v ? [[k, v]] : [];
      }),
    );
    const parsed = planQuery.safeParse(given);
    let error: { field: null; message: string } | null = null;
    if (!parsed.success) {
      const { field } = issueOf(parsed.error.issues[0]!);
      error = { field: null, message: `${ASKED_WORDS[field] ?? field}: ${parsed.error.issues[0]!.message}` };
    }
    const q = parsed.success ? parsed.data : {};
    const planner = await loadPlanner();
    const plan = await planner.planFor(
      deps,
      { weeks: q.weeks, capacity: q.capacity, region: q.region },
      new SkippedRows(deps.logger, '/web/plan'),
    );
    return { given, error, plan, planner };
  };

  const planPage = async (c: Context, sent: SentForm = {}, status = 200) => {
    const { given, error, plan } = await askedPlan(c);
    const regions = knownRegions(plan.regions, deps.planning.regions);
    const asked = { weeks: given.weeks ?? '', capacity: given.capacity ?? '', region: given.region ?? '' };
    const state = formStateOf(c, session, error ? { ...sent, error } : sent);
    const everyWeek = c.req.query('weeksShown') === 'all';
    const page = (await loadPages()).pages.plan({
      user: pageUser(c),
      plan,
      asked,
      regions,
      state,
      everyWeek,
    });
    return c.html(page, (error ? 400 : status) as 200);
  };

  // The plan as a file, as the page asked for it: a row per item, or an event per visit.
  for (const format of ['csv', 'ics'] as const)
    app.get(`/web/plan.${format}`, async (c) => {
      const { plan, planner } = await askedPlan(c);
      const body =
        format === 'csv' ? planner.planToCsv(plan) : planner.planToIcs(plan, siteOrigin(c, session));
      return fileAnswer(c, format, `plan-${plan.asOf}.${format}`, body);
    });

  app.get('/web/plan', (c) => planPage(c, { done: c.req.query('done') ?? null }));

  app.post('/web/plan/book', async (c) => {
    const user = pageUser(c);
    requireAccess(user, 'planners', 'Booking from the plan');
    const form = await readForm(c, session);
    const week = form.week ?? '';
    const itemIds = (form.itemIds ?? '')
      .split(/\r?\n/)
      .map((id) => id.trim())
      .filter(Boolean);
    if (!isIsoDate(week) || itemIds.length === 0)
      throw new ApiError(400, 'invalid_parameter', 'This form is out of date: plan again');
    const today = deps.today();
    // A day of the visit's week: its Monday, or today when the week has begun.
    const day: IsoDate = week >= today ? week : today;
    if (day > addDays(week, 6))
      return planPage(
        c,
        { error: { field: null, message: `The week of ${longDate(week)} has passed: plan again` } },
        400,
      );
    const refused: string[] = [];
    for (const itemId of itemIds) {
      try {
        const view = await readItem(deps, user, itemId, today);
        if (view.closed || view.state === null) throw new ActionRefused(409, null, 'it is no longer due');
        await actOnItem(actDepsOf(deps), {
          itemId,
          email: user.email,
          action: 'book',
          expectedVersion: view.state.version,
          on: day,
          reason:
            day > view.item.dueBy
              ? `The plan's week: the teams had no room before the due date (${longDate(view.item.dueBy)})`
              : undefined,
          note: `Booked from the plan of ${longDate(today)}, for the week of ${longDate(week)}`,
          today,
          at: deps.now().toISOString(),
        });
      } catch (err) {
        if (!(err instanceof ActionRefused) && !(err instanceof ApiError)) throw err;
        refused.push(err.message);
      }
    }
    const booked = itemIds.length - refused.length;
    if (refused.length > 0)
      return planPage(
        c,
        {
          error: {
            field: null,
            message: `${countText(booked, 'item')} booked, ${refused.length} not: ${[...new Set(refused)].join('; ')}`,
          },
        },
        409,
      );
    const done = `Booked ${countText(booked, 'item')} for ${longDate(day)}: ${form.visit ?? 'the visit'}`;
    const back = new URLSearchParams(c.req.query());
    back.set('done', done);
    return c.redirect(`/web/plan?${back.toString()}`, 303);
  });
}
