import { readFile } from 'node:fs/promises';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { handle } from 'hono/aws-lambda';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { Hono } from 'hono/tiny';
import type { Repositories } from '../adapters/dynamodb/index.ts';
import { londonDateOf } from '../domain/calendar.ts';
import type { Policy } from '../domain/policy.ts';
import { redactEmails } from '../domain/redact.ts';
import { bearerToken, requireAccess, setUser, unauthenticated, type VerifyToken } from './auth.ts';
import type { MonthIndex } from './due-index.ts';
import { ApiError, errorResponse } from './errors.ts';
import type { FeedDeps } from './feeds.ts';
import type { RouteDeps } from './route.ts';
import { ROUTES } from './routes/index.ts';
import type { SignIn } from './session.ts';
import { addWebPages, isPagePath, pageError } from './web.ts';

export type ApiEvent = APIGatewayProxyEventV2;
export type ApiResult = APIGatewayProxyStructuredResultV2;

export interface PlannerApiDeps {
  repos: RouteDeps['repos'] & Pick<Repositories, 'dueItems'>;
  policy: Policy;
  logger: Logger;
  /** Checks each request's access token: Amazon Cognito's in AWS, the local user pool's locally. */
  verify: VerifyToken;
  /** How people sign in to the web pages (absent: no pages, the JSON API alone). */
  signIn?: SignIn;
  /** Calendar feeds (absent: none). */
  feeds?: FeedDeps;
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

/** An API error as a page says it. */
function pageMessage(err: ApiError): string {
  if (err.status === 403) return `${err.message.charAt(0).toUpperCase()}${err.message.slice(1)}.`;
  if (err.status === 404) return `${err.message.charAt(0).toUpperCase()}${err.message.slice(1)}.`;
  return err.message;
}

/** `/trusts/{trustId}` (OpenAPI) as `/trusts/:trustId` (Hono). */
const honoPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

/**
 * The planner API: Hono routes, one file per route under `routes/`, served through Hono's
 * AWS Lambda adapter (API Gateway HTTP API, payload 2.0). Every failure is a JSON error.
 */
export function makePlannerApi(deps: PlannerApiDeps) {
  const now = deps.now ?? (() => new Date());
  const ttl = deps.dueMonthsTtlMs ?? 60_000;
  let cachedMonths: { at: number; months: Promise<MonthIndex> } | null = null;
  const routeDeps: RouteDeps = {
    repos: deps.repos,
    policy: deps.policy,
    logger: deps.logger,
    today: () => londonDateOf(now()),
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
  // No framing, no script, styles and forms from this origin only (and Cognito's sign-out).
  const formTargets = deps.signIn?.kind === 'managed-login' ? [deps.signIn.domainUrl] : [];
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        formAction: ["'self'", ...formTargets],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
      xFrameOptions: 'DENY',
      strictTransportSecurity: deps.secureCookies ? 'max-age=31536000; includeSubDomains' : false,
      crossOriginEmbedderPolicy: false,
    }),
  );
  if (deps.signIn)
    addWebPages(
      app,
      routeDeps,
      {
        signIn: deps.signIn,
        verify: deps.verify,
        secureCookies: deps.secureCookies ?? false,
      },
      deps.feeds,
    );
  const notAllowed = (path: string) => () => {
    throw new ApiError(405, 'method_not_allowed', `this method is not supported on ${path}; use GET`, null, {
      allow: 'GET',
    });
  };
  // The API's description is public, like any static file; every route needs a signed-in user.
  app.get('/openapi.json', async (c) => c.json(await openApiDocument()));
  app.all('/openapi.json', notAllowed('/openapi.json'));
  for (const route of ROUTES) {
    const handler = route.handle(routeDeps);
    app.get(honoPath(route.path), async (c) => {
      const token = bearerToken(c);
      if (!token) throw unauthenticated('send Authorization: Bearer <access token> (trust-scheduler token)');
      let user: Awaited<ReturnType<VerifyToken>>;
      try {
        user = await deps.verify(token);
      } catch (err) {
        // The reason, never the token: it is a credential.
        deps.logger.warn('token refused', { path: route.path, reason: (err as Error).message });
        throw unauthenticated('the access token was refused (expired, altered, or not for this API)');
      }
      requireAccess(user, route.access ?? 'signed-in', route.path);
      setUser(c, user);
      return handler(c);
    });
    app.all(honoPath(route.path), notAllowed(route.path));
  }
  app.notFound((c) =>
    deps.signIn && isPagePath(c.req.path)
      ? pageError(c, 404, 'There is no page at this address. Check it, or start from due work.')
      : errorResponse(
          c,
          new ApiError(404, 'not_found', `no route ${c.req.path}; see GET /openapi.json for the routes`),
        ),
  );
  app.onError((err, c) => {
    const page = deps.signIn && isPagePath(c.req.path);
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
    if (page)
      return pageError(c, 500, 'The page could not be shown. Try again later; the problem has been logged.');
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
