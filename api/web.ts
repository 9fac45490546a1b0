import { type Context, Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { countsOf } from '../domain/queue.ts';
import { redactEmails } from '../domain/redact.ts';
import { runSummaryOf } from '../domain/runs.ts';
import { stylesheet } from './assets.ts';
import { requireAccess, type SignedInUser } from './auth.ts';
import { download } from './downloads.ts';
import { ApiError, errorResponse, issueOf, parseQuery } from './errors.ts';
import { addFeeds, type FeedDeps } from './feeds.ts';
import { loadPages } from './load-formats.ts';
import { dueWorkQuery, forecastQuery } from './queries.ts';
import { readDueWork, readForecast, readTrustActions } from './readers.ts';
import type { RouteDeps } from './route.ts';
import { RUNS_LISTED } from './routes/runs.ts';
import { endSession, type SessionOptions, sessionToken, siteOrigin } from './session.ts';
import { SkippedRows } from './skipped-rows.ts';
import { addItemPages } from './web-items.ts';
import { addPlanPages } from './web-plan.ts';
import { addSignInPages } from './web-sign-in.ts';
import { addTrustPages } from './web-trusts.ts';
import { addUserPages } from './web-users.ts';
import { readWholeQuery } from './whole-query.ts';

/** Paths whose errors are pages (HTML); a feed's are JSON, like the API's. */
const isPagePath = (path: string) => !path.startsWith('/feeds/') && !path.startsWith('/assets/');

/** An API error as a page says it: a sentence. */
const pageMessage = (err: ApiError) => `${err.message.charAt(0).toUpperCase()}${err.message.slice(1)}.`;

const PAGE_USER = 'pageUser';
const pageUser = (c: Context) => c.get(PAGE_USER as never) as SignedInUser;

/** The page's query as the due-work filters: empty fields dropped, ticked boxes as one list. */
function filtersOf(c: Context): Record<string, string> {
  const form: Record<string, string> = {};
  for (const [key, values] of Object.entries(c.req.queries())) {
    const given = values.map((v) => v.trim()).filter(Boolean);
    if (given.length > 0) form[key] = given.join(',');
  }
  return form;
}

/** Each filter as the page labels it: an error names the field in the page's words. */
const FILTER_WORDS: Record<string, string> = {
  asOf: 'As of',
  view: 'View',
  within: 'Due within (days)',
  month: 'Month',
  kind: 'Kind',
  stage: 'Stage',
  status: 'Status',
  trustId: 'Trust ID',
  region: 'Region',
  holder: 'Relationship holder',
  limit: 'Items per page',
  cursor: 'Page',
};

function parseFilters(form: Record<string, string>) {
  const { format: _f, ...rest } = form;
  const parsed = dueWorkQuery.safeParse(rest);
  if (parsed.success) return { q: parsed.data, errors: [] };
  return {
    q: null,
    errors: parsed.error.issues.map((i) => {
      const { field, unknown } = issueOf(i);
      return unknown
        ? { field: null, message: `Unknown filter "${field}"` }
        : { field, message: `${FILTER_WORDS[field] ?? field}: ${i.message}` };
    }),
  };
}

/**
 * The web pages, on the same function and origin as the JSON API: a session cookie instead of a
 * bearer token, checked with the same verifier, the same readers and role rules. Anyone without
 * a session is sent to sign in (never shown data); forms post only to this origin.
 */
export function makeWebApp(deps: RouteDeps, session: SessionOptions, feeds?: FeedDeps): Hono {
  const app = new Hono({ strict: false });
  app.get('/assets/app.css', async (c) => {
    c.header('content-type', 'text/css; charset=utf-8');
    c.header('cache-control', 'public, max-age=86400');
    return c.body(await stylesheet());
  });

  // A form may be posted only from a page of this site (Origin, or Sec-Fetch-Site).
  // The whole origin: scheme, host and port.
  const sameSite = csrf({
    origin: (origin, c) => URL.canParse(origin) && new URL(origin).origin === siteOrigin(c, session),
  });
  for (const path of ['/sign-in', '/sign-out', '/web/*']) app.use(path, sameSite);

  const signInPath = (c: Context) =>
    `/sign-in?next=${encodeURIComponent(c.req.path + new URL(c.req.url).search)}`;
  const signedIn = async (c: Context, next: () => Promise<void>) => {
    const token = await sessionToken(c, session);
    // Who they are now: a signed-out session (asked at this moment for every page and change),
    // or a user whose access ended, signs in again.
    const user = token
      ? await deps.userNow(token, c.req.method === 'GET' ? 'page' : 'change').catch((err) => {
          if (err instanceof ApiError && err.status === 401) return null;
          throw err;
        })
      : null;
    if (!user) {
      if (token) endSession(c, session);
      return c.redirect(signInPath(c), 303);
    }
    c.set(PAGE_USER as never, user as never);
    c.header('cache-control', 'no-store');
    await next();
  };
  app.use('/', signedIn);
  app.use('/web/*', signedIn);

  addSignInPages(app, deps, session);

  app.get('/', async (c) => {
    const user = pageUser(c);
    const pages = (await loadPages()).pages;
    // The page opens on the queue: what needs action from this person.
    const form: Record<string, string> = { view: 'queue', ...filtersOf(c) };
    const { q, errors } = parseFilters(form);
    const { cursor: _c, ...kept } = form;
    const query = new URLSearchParams(kept).toString();
    const view = q?.view ?? (form.view === 'all' ? 'all' : 'queue');
    if (!q)
      return c.html(
        pages.dueWork({
          user,
          form,
          query,
          view,
          asOf: null,
          cursor: undefined,
          items: [],
          nextCursor: null,
          counts: [],
          complete: true,
          skippedRows: 0,
          errors,
        }),
        400,
      );
    const skipped = new SkippedRows(deps.logger, '/');
    // Counted over the whole query; the queue shows all of it, folded by trust, everything a page at a time.
    const whole = await readWholeQuery(deps, user, q, skipped);
    const page =
      view === 'queue'
        ? { asOf: whole.asOf, items: whole.items, nextCursor: null }
        : await readDueWork(deps, user, q, new SkippedRows(deps.logger, '/'));
    return c.html(
      pages.dueWork({
        user,
        form,
        query,
        view,
        cursor: q.cursor,
        ...page,
        counts: countsOf(whole.items),
        complete: whole.complete,
        skippedRows: skipped.count,
        errors: [],
      }),
    );
  });

  // The CSV and iCalendar of exactly what the page shows (the page's filters and cursor).
  for (const format of ['csv', 'ics'] as const)
    app.get(`/web/due-work.${format}`, async (c) => {
      const { q, errors } = parseFilters(filtersOf(c));
      if (!q) throw new ApiError(400, 'invalid_parameter', errors.map((e) => e.message).join('; '));
      const skipped = new SkippedRows(deps.logger, '/web/due-work');
      // The queue's whole list, as the page shows it; everything's page by page.
      const { asOf, items } =
        q.view === 'queue'
          ? await readWholeQuery(deps, pageUser(c), q, skipped)
          : await readDueWork(deps, pageUser(c), q, skipped);
      skipped.report(c);
      return download(c, format, `due-work-${asOf}.${format}`, (f) =>
        format === 'csv' ? f.itemsToCsv(items) : f.itemsToIcs(items, asOf, siteOrigin(c, session)),
      );
    });

  addTrustPages(app, deps, session, pageUser);
  addUserPages(app, deps, session, pageUser);

  app.get('/web/trusts/:trustId/actions.csv', async (c) => {
    const trustId = c.req.param('trustId');
    const history = await readTrustActions(deps, pageUser(c), trustId);
    return download(c, 'csv', `actions-${trustId}.csv`, (f) => f.actionsToCsv(history));
  });

  addItemPages(app, deps, session, pageUser);
  addPlanPages(app, deps, session, pageUser);

  app.get('/web/forecast', async (c) => {
    const q = parseQuery(forecastQuery, c);
    // Counted by status unless asked: how much of each month nobody has booked or deferred yet.
    const forecast = await readForecast(
      deps,
      pageUser(c),
      { ...q, groupBy: c.req.query('groupBy') ? q.groupBy : 'status' },
      new SkippedRows(deps.logger, '/web/forecast'),
    );
    return c.html((await loadPages()).pages.forecast(pageUser(c), forecast));
  });

  app.get('/web/to-check', async (c) => {
    requireAccess(pageUser(c), 'planners', 'The list of trusts to check');
    const toCheck = await deps.repos.dueItems.listToCheck(new SkippedRows(deps.logger, '/web/to-check').skip);
    return c.html((await loadPages()).pages.toCheck(pageUser(c), toCheck));
  });

  if (feeds) addFeeds(app, deps, feeds, pageUser);

  app.get('/web/runs', async (c) => {
    requireAccess(pageUser(c), 'admins', 'The list of runs');
    const runs = (await deps.repos.runs.recent(RUNS_LISTED)).map(runSummaryOf);
    return c.html((await loadPages()).pages.runs(pageUser(c), runs));
  });

  app.get('/web/runs/:runId', async (c) => {
    requireAccess(pageUser(c), 'admins', 'A run’s record');
    const run = await deps.repos.runs.find(c.req.param('runId'));
    if (!run)
      throw new ApiError(404, 'not_found', 'there is no record of that run: it may be older than is kept');
    return c.html((await loadPages()).pages.run(pageUser(c), run));
  });

  app.notFound((c) =>
    isPagePath(c.req.path)
      ? pageError(c, 404, 'There is no page at this address. Check it, or start from due work.')
      : errorResponse(c, new ApiError(404, 'not_found', `no route ${c.req.path}`)),
  );
  app.onError((err, c) => {
    const page = isPagePath(c.req.path);
    if (err instanceof HTTPException && err.status === 403)
      return page
        ? pageError(c, 403, 'This form was sent from another site, so it was not accepted.')
        : errorResponse(c, new ApiError(403, 'forbidden', 'a form from another site is not accepted'));
    if (err instanceof ApiError)
      return page ? pageError(c, err.status, pageMessage(err)) : errorResponse(c, err);
    deps.logger.error('request failed', {
      path: c.req.path,
      method: c.req.method,
      error: redactEmails(String((err as Error)?.message ?? err)),
    });
    return page
      ? pageError(c, 500, 'The page could not be shown. Try again later; the problem has been logged.')
      : errorResponse(
          c,
          new ApiError(500, 'internal', 'the request could not be completed; it has been logged'),
        );
  });
  return app;
}

/** An error on a page path, as a page. */
async function pageError(c: Context, status: number, message: string): Promise<Response> {
  const user = (c.get(PAGE_USER as never) as SignedInUser | undefined) ?? null;
  c.header('cache-control', 'no-store');
  return c.html((await loadPages()).pages.error(user, status, message), status as 400);
}
