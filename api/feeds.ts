import type { Context, Hono } from 'hono';
import type { FeedInfo } from '../adapters/dynamodb/feeds.ts';
import type { Role } from '../domain/roles.ts';
import { ApiError } from './errors.ts';
import { loadFormats, loadPages } from './load-formats.ts';
import { dueWorkQuery } from './queries.ts';
import { readDueWork } from './readers.ts';
import type { RouteDeps } from './route.ts';
import { SkippedRows } from './skipped-rows.ts';

/** What calendar feeds need: where they are kept, and who a user is now (role, or gone). */
export interface FeedDeps {
  store: {
    create(email: string, now: string): Promise<{ path: string; info: FeedInfo }>;
    current(email: string): Promise<FeedInfo | null>;
    revoke(email: string): Promise<void>;
    owner(feedId: string, secret: string): Promise<string | null>;
  };
  /** The user's role now: a removed or disabled user's feed stops. */
  roleNow(email: string): Promise<Role | null>;
  /** Where the pages are: a feed's address starts here. */
  baseUrl: string;
}

/** The due work a feed carries: the next year, up to 1,000 items, the owner's role rules. */
const FEED_QUERY = dueWorkQuery.parse({ within: '365', limit: '1000' });

const noSuchFeed = () =>
  new ApiError(404, 'not_found', 'no such calendar feed: it was turned off or replaced', null);

/**
 * Calendar feeds: `GET /feeds/{feedId}.ics?key=SECRET`, for calendars, which cannot sign in. The
 * secret is in the query (API Gateway's access log keeps the path only), checked against its
 * hash; the feed serves its owner's due work by the role they have now. The page at
 * `/web/calendar` makes, replaces and turns off a user's feed.
 */
export function addFeeds(
  app: Hono,
  deps: RouteDeps,
  feeds: FeedDeps,
  pageUser: (c: Context) => { email: string; role: Role },
) {
  app.get('/feeds/:file{[0-9a-f-]{36}\\.ics}', async (c) => {
    const feedId = c.req.param('file').slice(0, -'.ics'.length);
    const owner = await feeds.store.owner(feedId, c.req.query('key') ?? '');
    const role = owner ? await feeds.roleNow(owner) : null;
    if (!owner || !role) throw noSuchFeed();
    const skipped = new SkippedRows(deps.logger, '/feeds');
    const { asOf, items } = await readDueWork(deps, { email: owner, role }, FEED_QUERY, skipped);
    skipped.report(c);
    c.header('content-type', 'text/calendar; charset=utf-8');
    c.header('cache-control', 'private, max-age=900');
    return c.body((await loadFormats()).itemsToIcs(items, asOf, feeds.baseUrl));
  });

  const page = async (c: Context, address: string | null) => {
    const user = pageUser(c);
    const feed = await feeds.store.current(user.email);
    return c.html((await loadPages()).pages.calendar({ user, feed, address }));
  };
  app.get('/web/calendar', (c) => page(c, null));
  app.post('/web/calendar', async (c) => {
    const user = pageUser(c);
    const action = (await c.req.parseBody()).action;
    if (action === 'revoke') {
      await feeds.store.revoke(user.email);
      return c.redirect('/web/calendar', 303);
    }
    if (action !== 'create')
      throw new ApiError(400, 'invalid_parameter', 'action: expected create or revoke');
    const made = await feeds.store.create(user.email, new Date().toISOString());
    const [feedId, secret] = made.path.split('/') as [string, string];
    return page(c, `${feeds.baseUrl}/feeds/${feedId}.ics?key=${secret}`);
  });
}
