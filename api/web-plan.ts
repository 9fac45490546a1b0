import type { Context, Hono } from 'hono';
import { ActionRefused } from '../domain/actions.ts';
import { addDays, type IsoDate, isIsoDate } from '../domain/calendar.ts';
import { countText, longDate } from '../domain/item-words.ts';
import { actOnItem } from '../use-cases/act-on-item.ts';
import { requireAccess, type SignedInUser } from './auth.ts';
import { ApiError, issueOf } from './errors.ts';
import { loadPages, loadPlanner } from './load-formats.ts';
import { planQuery } from './queries.ts';
import { readItem } from './readers.ts';
import { actDepsOf, type RouteDeps } from './route.ts';
import { formStateOf, readForm, type SentForm, type SessionOptions } from './session.ts';
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
  const planPage = async (c: Context, sentForm: SentForm = {}, statusCode = 200) => {
    let sent = sentForm;
    let status = statusCode;
    const user = pageUser(c);
    requireAccess(user, 'planners', 'The plan');
    // The page's own form: empty fields are the settings'; a bad one is named in the page's words.
    const given = Object.fromEntries(
      Object.keys(ASKED_WORDS).flatMap((k) => {
        const v = c.req.query(k)?.trim();
        return v ? [[k, v]] : [];
      }),
    );
    const parsed = planQuery.safeParse(given);
    let q: { weeks?: number; capacity?: number; region?: string } = {};
    if (parsed.success) q = parsed.data;
    else {
      const { field } = issueOf(parsed.error.issues[0]!);
      sent = {
        ...sent,
        error: { field: null, message: `${ASKED_WORDS[field] ?? field}: ${parsed.error.issues[0]!.message}` },
      };
      status = 400;
    }
    const planner = await loadPlanner();
    const plan = await planner.planFor(
      deps,
      { weeks: q.weeks, capacity: q.capacity, region: q.region },
      new SkippedRows(deps.logger, '/web/plan'),
    );
    const regions = [...new Set([...Object.keys(deps.planning.regions), ...plan.regions])].sort();
    const asked = { weeks: given.weeks ?? '', capacity: given.capacity ?? '', region: given.region ?? '' };
    const state = formStateOf(c, session, sent);
    return c.html((await loadPages()).pages.plan({ user, plan, asked, regions, state }), status as 200);
  };
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
