import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import type { VerifiedToken, VerifyToken } from '../domain/roles.ts';
import type { FormState } from './pages/forms.tsx';

/**
 * How people sign in to the web pages. In AWS, Cognito's managed login: the authorization code
 * with PKCE, for a public app client, exchanged here for the user's tokens. Locally, where the
 * stand-in has no managed login, a plain form whose password is checked by the local pool
 * (InitiateAuth). Either way the page keeps the access token in an HttpOnly, SameSite cookie
 * (Secure over https), checked on every request with the same verifier as the API's tokens.
 */
export type SignIn =
  | {
      kind: 'password';
      signIn: (email: string, password: string) => Promise<{ accessToken: string; expiresIn: number }>;
    }
  | {
      kind: 'managed-login';
      /** https://<prefix>.auth.<region>.amazoncognito.com */
      domainUrl: string;
      clientId: string;
      /** Where the pages are; the callback is `${webBaseUrl}/auth/callback`. */
      webBaseUrl: string;
    };

export interface SessionOptions {
  signIn: SignIn;
  verify: VerifyToken;
  /** Cookies only over https: true in AWS; locally the pages are plain http. */
  secureCookies: boolean;
}

export class SignInFailed extends Error {
  override name = 'SignInFailed';
}

/** `__Host-` binds the cookie to this host and path `/`, over https only. */
const sessionCookie = (o: SessionOptions) => (o.secureCookies ? '__Host-session' : 'session');
const pendingCookie = (o: SessionOptions) => (o.secureCookies ? '__Host-sign-in' : 'sign-in');
/** Managed login's refresh token: the session outlives its hour-long access token (12 hours). */
const refreshCookie = (o: SessionOptions) => (o.secureCookies ? '__Host-refresh' : 'refresh');
const REFRESH_SECONDS = 12 * 3600;

/** A form POST to the managed login's token or revocation endpoint, as this app client. */
function toCognito(
  signIn: Extract<SignIn, { kind: 'managed-login' }>,
  endpoint: '/oauth2/token' | '/oauth2/revoke',
  fields: Record<string, string>,
  fetchImpl: typeof fetch = fetch,
): Promise<Response> {
  return fetchImpl(new URL(endpoint, signIn.domainUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: signIn.clientId, ...fields }),
    signal: AbortSignal.timeout(5000),
  });
}

/**
 * The checked token of a page request's session, or null (no cookie, or a token that is no longer
 * good). Under managed login a session whose access token has run out is renewed with its refresh
 * token, so nobody is signed out mid-task after an hour (until the refresh token's 12 hours end).
 */
export async function sessionToken(c: Context, o: SessionOptions): Promise<VerifiedToken | null> {
  const token = getCookie(c, sessionCookie(o));
  if (token) {
    try {
      return await o.verify(token);
    } catch {
      // Expired or no longer good: renewed below when it can be.
    }
  }
  const refresh = getCookie(c, refreshCookie(o));
  if (o.signIn.kind !== 'managed-login' || !refresh) return null;
  const res = await toCognito(o.signIn, '/oauth2/token', {
    grant_type: 'refresh_token',
    refresh_token: refresh,
  }).catch(() => null);
  const renewed = res?.ok ? ((await res.json()) as { access_token?: string; expires_in?: number }) : null;
  try {
    if (!renewed?.access_token) throw new Error('not renewed');
    const verified = await o.verify(renewed.access_token);
    startSession(c, o, renewed.access_token, renewed.expires_in ?? 3600);
    return verified;
  } catch {
    deleteCookie(c, refreshCookie(o), { path: '/', secure: o.secureCookies, httpOnly: true });
    return null;
  }
}

/**
 * The token every form of a signed-in page carries, derived from the session: a page of another
 * site cannot know it (defence in depth, beside the SameSite cookie and the Origin check).
 */
export function formToken(c: Context, o: SessionOptions): string {
  // The refresh token when there is one: it stays the same as the session is renewed.
  const session = getCookie(c, refreshCookie(o)) ?? getCookie(c, sessionCookie(o)) ?? '';
  return createHash('sha256').update(`form:${session}`).digest('base64url').slice(0, 32);
}

/** What a page of forms is rendered with: its form token, and what was just done or refused. */
export type SentForm = Partial<Pick<FormState, 'done' | 'error' | 'form'>>;
export const formStateOf = (c: Context, o: SessionOptions, sent: SentForm = {}): FormState => ({
  csrf: formToken(c, o),
  done: sent.done ?? null,
  error: sent.error ?? null,
  form: sent.form ?? {},
});

/** A posted form's fields, trimmed, once its form token is this session's (a 403 otherwise). */
export async function readForm(c: Context, o: SessionOptions): Promise<Record<string, string>> {
  const form = Object.fromEntries(
    Object.entries(await c.req.parseBody()).map(([k, v]) => [k, String(v).trim()]),
  ) as Record<string, string>;
  if (form.csrf !== formToken(c, o)) throw new HTTPException(403);
  return form;
}

export function startSession(c: Context, o: SessionOptions, accessToken: string, expiresIn: number) {
  setCookie(c, sessionCookie(o), accessToken, {
    httpOnly: true,
    secure: o.secureCookies,
    sameSite: 'Lax',
    path: '/',
    maxAge: Math.max(60, Math.min(expiresIn, 3600)),
  });
}

export function endSession(c: Context, o: SessionOptions) {
  deleteCookie(c, sessionCookie(o), { path: '/', secure: o.secureCookies, httpOnly: true });
  deleteCookie(c, refreshCookie(o), { path: '/', secure: o.secureCookies, httpOnly: true });
}

/** Sign-out under managed login: the session's refresh token is revoked at Cognito too. */
export async function revokeRefresh(c: Context, o: SessionOptions): Promise<void> {
  const refresh = getCookie(c, refreshCookie(o));
  if (o.signIn.kind !== 'managed-login' || !refresh) return;
  // The session ends here whatever Cognito answers.
  await toCognito(o.signIn, '/oauth2/revoke', { token: refresh }).catch(() => {});
}

/**
 * This site's origin as the browser sees it: the request's host, over https when cookies are
 * Secure (in AWS) and http locally. (Behind API Gateway the request's own URL always says https.)
 */
export function siteOrigin(c: Context, o: Pick<SessionOptions, 'secureCookies'>): string {
  return `${o.secureCookies ? 'https' : 'http'}://${new URL(c.req.url).host}`;
}

/**
 * Where to go after signing in: `next` resolved against this site's origin as a browser would
 * (tabs and line breaks dropped, `..` and `.` applied), used only if it stays on the origin and
 * is not a protocol-relative `//host` path; anything else, or what does not parse, goes to `/`.
 */
export function safeNext(next: string | undefined, origin: string): string {
  if (!next) return '/';
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return '/';
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  return url.origin === origin && path.startsWith('/') && !/^\/[/\\]/.test(path) ? path : '/';
}

const base64url = (b: Buffer) => b.toString('base64url');

/**
 * Managed login, first leg: a fresh state and PKCE verifier, kept (with where to go after) in a
 * short-lived HttpOnly cookie; the browser is sent to Cognito's authorize endpoint.
 */
export function managedLoginRedirect(
  c: Context,
  o: SessionOptions & { signIn: Extract<SignIn, { kind: 'managed-login' }> },
  next: string,
): string {
  const state = base64url(randomBytes(24));
  const verifier = base64url(randomBytes(48));
  setCookie(c, pendingCookie(o), base64url(Buffer.from(JSON.stringify({ state, verifier, next }))), {
    httpOnly: true,
    secure: o.secureCookies,
    // Sent on Cognito's redirect back here (a top-level GET from another site).
    sameSite: 'Lax',
    path: '/',
    maxAge: 600,
  });
  const url = new URL('/oauth2/authorize', o.signIn.domainUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: o.signIn.clientId,
    redirect_uri: `${o.signIn.webBaseUrl}/auth/callback`,
    scope: 'openid email',
    state,
    code_challenge: base64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  }).toString();
  return url.href;
}

/**
 * Managed login, second leg: the state must be the one this browser was given; the code is
 * exchanged, with the PKCE verifier, for tokens, and the access token starts the session.
 * Returns where to go next.
 */
export async function managedLoginCallback(
  c: Context,
  o: SessionOptions & { signIn: Extract<SignIn, { kind: 'managed-login' }> },
  fetchImpl: typeof fetch = fetch,
): Promise<string> {
  const raw = getCookie(c, pendingCookie(o));
  deleteCookie(c, pendingCookie(o), { path: '/', secure: o.secureCookies, httpOnly: true });
  let pending: { state: string; verifier: string; next: string };
  try {
    pending = JSON.parse(Buffer.from(raw ?? '', 'base64url').toString('utf8'));
  } catch {
    throw new SignInFailed('the sign-in took too long or was started elsewhere: sign in again');
  }
  const { code, state, error } = c.req.query();
  if (error) throw new SignInFailed(`sign-in was not completed (${error})`);
  if (!code || !state || state !== pending?.state)
    throw new SignInFailed('the sign-in took too long or was started elsewhere: sign in again');
  const res = await toCognito(
    o.signIn,
    '/oauth2/token',
    {
      grant_type: 'authorization_code',
      code,
      redirect_uri: `${o.signIn.webBaseUrl}/auth/callback`,
      code_verifier: pending.verifier,
    },
    fetchImpl,
  );
  if (!res.ok) throw new SignInFailed(`Cognito refused the sign-in code (HTTP ${res.status}): sign in again`);
  const tokens = (await res.json()) as { access_token?: string; refresh_token?: string; expires_in?: number };
  if (!tokens.access_token) throw new SignInFailed('Cognito gave no access token: sign in again');
  await o.verify(tokens.access_token);
  startSession(c, o, tokens.access_token, tokens.expires_in ?? 3600);
  if (tokens.refresh_token)
    setCookie(c, refreshCookie(o), tokens.refresh_token, {
      httpOnly: true,
      secure: o.secureCookies,
      sameSite: 'Lax',
      path: '/',
      maxAge: REFRESH_SECONDS,
    });
  return safeNext(pending.next, siteOrigin(c, o));
}

/** Managed login's sign-out: Cognito ends its own session too, then comes back to /signed-out. */
export function managedLogoutUrl(signIn: Extract<SignIn, { kind: 'managed-login' }>): string {
  const url = new URL('/logout', signIn.domainUrl);
  url.search = new URLSearchParams({
    client_id: signIn.clientId,
    logout_uri: `${signIn.webBaseUrl}/signed-out`,
  }).toString();
  return url.href;
}
