import { readFile } from 'node:fs/promises';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Context } from 'hono';
import { handle } from 'hono/aws-lambda';
import { Hono } from 'hono/tiny';
import type { Repositories } from '../adapters/dynamodb/index.ts';
import { londonDateOf } from '../domain/calendar.ts';
import { DEFAULT_PLANNING, type PlanningSettings } from '../domain/planning/settings.ts';
import type { Policy } from '../domain/policy.ts';
import { redactEmails } from '../domain/redact.ts';
import type { UserDirectory } from '../use-cases/manage-users.ts';
import { bearerToken, requireAccess, setUser, unauthenticated, type VerifyToken } from './auth.ts';
import { type Authority, makeUserNow } from './authority.ts';
import type { MonthIndex } from './due-index.ts';
import { ApiError, errorResponse } from './errors.ts';
import type { FeedDeps } from './feeds.ts';
import { sideModule } from './load-formats.ts';
import type { RouteDeps } from './route.ts';
import { ROUTES } from './routes/index.ts';
import type { SignIn } from './session.ts';

export type ApiEvent = APIGatewayProxyEventV2;
export type ApiResult = APIGatewayProxyStructuredResultV2;

export interface PlannerApiDeps {
  repos: RouteDeps['repos'] & Pick<Repositories, 'dueItems'>;
  policy: Policy;
  /** The planning settings (default: DEFAULT_PLANNING). */
  planning?: PlanningSettings;
  logger: Logger;
  /** Checks each request's access token: Amazon Cognito's in AWS, the local user pool's locally. */
  verify: VerifyToken;
  /** Who a user is now (the user pool's role), and which sessions were signed out. */
  authority: Authority;
  /** How people sign in to the web pages (absent: no pages, the JSON API alone). */
  signIn?: SignIn;
  /** Calendar feeds (absent: none). */
  feeds?: FeedDeps;
  /** Where the pages are: calendar events link to each item's page under it. */
  webBaseUrl?: string;
  /** Who may sign in, for admins to manage from the users page (absent: not from here). */
  users?: UserDirectory;
  /** Session cookies only over https (true in AWS). */
  secureCookies?: boolean;
  now?: () => Date;
  /**
   * How long a container reuses the list of months that hold due items (it changes at most
   * nightly and on import). 0 reads it on every request.
   */
  dueMonthsTtlMs?: number;
}

/**
 * The checked-in OpenAPI document, read when first asked for: beside the bundle in Lambda (the
 * CDK copies it there, keeping 14 KB out of every cold start), under docs/ when run from source.
 */
let openApi: Promise<unknown> | null = null;
function openApiDocument(): Promise<unknown> {
  openApi ??= (async () => {
    for (const url of [
      new URL('./openapi.json', import.meta.url),
      new URL('../docs/openapi.json', import.meta.url),
    ]) {
      try {
        return JSON.parse(await readFile(url, 'utf8'));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    throw new Error('openapi.json is missing beside the bundle');
  })();
  return openApi;
}

/**
 * On every answer, JSON and pages alike: no framing, no script, styles and forms from this
 * origin only (and Cognito's sign-out), no referrer, no sniffing; HSTS over https.
 */
function securityHeaders(deps: Pick<PlannerApiDeps, 'signIn' | 'secureCookies'>): [string, string][] {
  const formAction = ["'self'", ...(deps.signIn?.kind === 'managed-login' ? [deps.signIn.domainUrl] : [])];
  return [
    [
      'content-security-policy',
      `default-src 'none'; style-src 'self'; img-src 'self'; form-action ${formAction.join(' ')}; frame-ancestors 'none'; base-uri 'none'`,
    ],
    ['x-frame-options', 'DENY'],
    ['x-content-type-options', 'nosniff'],
    ['referrer-policy', 'no-referrer'],
    ['cross-origin-opener-policy', 'same-origin'],
    ['cross-origin-resource-policy', 'same-origin'],
    ...(deps.secureCookies
      ? [['strict-transport-security', 'max-age=31536000; includeSubDomains'] as [string, string]]
      : []),
  ];
}

/** The web app (pages, sign-in, feeds): the JSON API never loads it. */
const loadWeb = sideModule<typeof import('./web.ts')>(
  new URL('./web.mjs', import.meta.url),
  new URL('./web.ts', import.meta.url),
);

/** What the web app answers (web.ts): pages, sign-in and -out, the stylesheet, calendar feeds. */
const WEB_PATHS = [
  '/',
  '/web/*',
  '/sign-in',
  '/sign-out',
  '/signed-out',
  '/auth/callback',
  '/auth/cli',
  '/assets/*',
  '/feeds/*',
];

/** `/trusts/{trustId}` (OpenAPI) as `/trusts/:trustId` (Hono). */
const honoPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

/**
 * The planner API: Hono routes, one file per route under `routes/`, served through Hono's
 * AWS Lambda adapter (API Gateway HTTP API, payload 2.0), and with `signIn` the web pages
 * (web.ts). Every failure of the API is a JSON error; of a page, a page.
 */
export function makePlannerApi(deps: PlannerApiDeps) {
  const now = deps.now ?? (() => new Date());
  const ttl = deps.dueMonthsTtlMs ?? 60_000;
  let cachedMonths: { at: number; months: Promise<MonthIndex> } | null = null;
  const routeDeps: RouteDeps = {
    repos: deps.repos,
    now,
    policy: deps.policy,
    planning: deps.planning ?? DEFAULT_PLANNING,
    logger: deps.logger,
    today: () => londonDateOf(now()),
    webBaseUrl: deps.webBaseUrl,
    users: deps.users,
    roleNow: (email) => deps.authority.roleNow(email),
    userNow: makeUserNow(deps.authority, () => now().getTime()),
    dueMonths: () => {
      const at = now().getTime();
      if (!cachedMonths || at - cachedMonths.at >= ttl) {
        const months = deps.repos.dueItems.readMonths().then((m) => m ?? { months: [], counts: {} });
        cachedMonths = { at, months };
        months.catch(() => (cachedMonths = null));
      }
      return cachedMonths.months;
    },
  };

  const app = new Hono({ strict: false });
  const headers = securityHeaders(deps);
  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of headers) c.res.headers.set(name, value);
  });
  // The pages, sign-in and calendar feeds: their own Hono app, bundled apart (web.mjs) and
  // loaded by the first request for one, so the JSON API's cold start never pays for them.
  const signIn = deps.signIn;
  if (signIn) {
    let web: Promise<{ fetch: (request: Request) => Response | Promise<Response> }> | null = null;
    const pages = async (c: Context) => {
      web ??= loadWeb().then((m) =>
        m.makeWebApp(
          routeDeps,
          { signIn, verify: deps.verify, secureCookies: deps.secureCookies ?? false },
          deps.feeds,
        ),
      );
      web.catch(() => (web = null));
      return (await web).fetch(c.req.raw);
    };
    for (const path of WEB_PATHS) app.all(path, pages);
  }
  const notAllowed =
    (path: string, method = 'GET') =>
    () => {
      throw new ApiError(
        405,
        'method_not_allowed',
        `this method is not supported on ${path}; use ${method}`,
        null,
        {
          allow: method,
        },
      );
    };
  // The API's description is public, like any static file; every route needs a signed-in user.
  app.get('/openapi.json', async (c) => c.json(await openApiDocument()));
  app.all('/openapi.json', notAllowed('/openapi.json'));
  for (const route of ROUTES) {
    const handler = route.handle(routeDeps);
    const method = route.method ?? 'GET';
    app.on(method, honoPath(route.path), async (c) => {
      const token = bearerToken(c);
      if (!token) throw unauthenticated('send Authorization: Bearer <access token> (trust-scheduler token)');
      let verified: Awaited<ReturnType<VerifyToken>>;
      try {
        verified = await deps.verify(token);
      } catch (err) {
        // The reason, never the token: it is a credential.
        deps.logger.warn('token refused', { path: route.path, reason: (err as Error).message });
        throw unauthenticated('the access token was refused (expired, altered, or not for this API)');
      }
      // The user as the user pool has them now, and never a signed-out token: a change checks
      // at this moment, a read within five minutes.
      const user = await routeDeps.userNow(verified, method === 'GET' ? 'read' : 'change');
      requireAccess(user, route.access ?? 'signed-in', route.path);
      setUser(c, user);
      return handler(c);
    });
    app.all(honoPath(route.path), notAllowed(route.path, method));
  }
  app.notFound((c) =>
    errorResponse(
      c,
      new ApiError(404, 'not_found', `no route ${c.req.path}; see GET /openapi.json for the routes`),
    ),
  );
  app.onError((err, c) => {
    if (err instanceof ApiError) return errorResponse(c, err);
    deps.logger.error('request failed', {
      path: c.req.path,
      method: c.req.method,
      error: redactEmails(String((err as Error)?.message ?? err)),
    });
    return errorResponse(
      c,
      new ApiError(500, 'internal', 'the request could not be completed; it has been logged'),
    );
  });

  const lambda = handle(app);
  return async function plannerApi(event: ApiEvent): Promise<ApiResult> {
    return (await lambda(event as never)) as ApiResult;
  };
}
