import type { Hono } from 'hono';
import { ApiError, errorResponse } from './errors.ts';
import { loadPages } from './load-formats.ts';
import type { RouteDeps } from './route.ts';
import {
  endSession,
  managedLoginCallback,
  managedLoginRedirect,
  managedLogoutUrl,
  revokeRefresh,
  type SessionOptions,
  SignInFailed,
  safeNext,
  sessionToken,
  siteOrigin,
  startSession,
} from './session.ts';

/** What the user pool answers to a wrong user or password (and our own check of its token). */
const REFUSED_SIGN_IN = new Set([
  'NotAuthorizedException',
  'UserNotFoundException',
  // cognito-local's answer to a wrong password (Cognito's is NotAuthorizedException).
  'InvalidPasswordException',
  'PasswordResetRequiredException',
  'UserNotConfirmedException',
  'TokenRejected',
]);

/**
 * Signing in and out of the pages (the local form, or Cognito's managed login with PKCE), and
 * where `trust-scheduler login` learns this API's managed login.
 */
export function addSignInPages(app: Hono, deps: RouteDeps, session: SessionOptions) {
  app.get('/sign-in', async (c) => {
    const next = safeNext(c.req.query('next'), siteOrigin(c, session));
    if (session.signIn.kind === 'managed-login')
      return c.redirect(managedLoginRedirect(c, { ...session, signIn: session.signIn }, next), 303);
    const pages = (await loadPages()).pages;
    return c.html(pages.signIn({ next, email: '', error: null }));
  });

  app.post('/sign-in', async (c) => {
    if (session.signIn.kind !== 'password') return c.redirect('/sign-in', 303);
    const form = await c.req.parseBody();
    const email = String(form.email ?? '').trim();
    const next = safeNext(String(form.next ?? '/'), siteOrigin(c, session));
    const fail = async (error: string) =>
      c.html((await loadPages()).pages.signIn({ next, email, error }), 401);
    if (!email || !form.password) return fail('Enter your email address and password');
    try {
      const { accessToken, expiresIn } = await session.signIn.signIn(email, String(form.password));
      await session.verify(accessToken);
      startSession(c, session, accessToken, expiresIn);
    } catch (err) {
      // One message for a wrong address and a wrong password: no one learns who has an account.
      // Anything else (the user pool not answering) is a fault, not the user's.
      if (!REFUSED_SIGN_IN.has((err as Error).name)) throw err;
      return fail('Enter a correct email address and password');
    }
    return c.redirect(next, 303);
  });

  app.get('/auth/callback', async (c) => {
    if (session.signIn.kind !== 'managed-login') return c.redirect('/sign-in', 303);
    try {
      return c.redirect(await managedLoginCallback(c, { ...session, signIn: session.signIn }), 303);
    } catch (err) {
      if (!(err instanceof SignInFailed)) throw err;
      return c.html((await loadPages()).pages.error(null, 400, err.message), 400);
    }
  });

  // How `trust-scheduler login` signs in: this API's managed login and app client (public
  // facts, in every sign-in page's address), its loopback redirect allowed on the client.
  app.get('/auth/cli', (c) =>
    session.signIn.kind === 'managed-login'
      ? c.json({ domainUrl: session.signIn.domainUrl, clientId: session.signIn.clientId })
      : errorResponse(
          c,
          new ApiError(404, 'not_found', 'this API signs in locally: use trust-scheduler token --user EMAIL'),
        ),
  );

  app.post('/sign-out', async (c) => {
    // The session's token is refused from now on, wherever it is presented (a page, the API),
    // and in AWS every session of the user at Cognito ends too.
    const token = await sessionToken(c, session);
    if (token) await deps.userNow.signOut(token);
    await revokeRefresh(c, session);
    endSession(c, session);
    if (session.signIn.kind === 'managed-login') return c.redirect(managedLogoutUrl(session.signIn), 303);
    return c.redirect('/signed-out', 303);
  });
  app.get('/signed-out', async (c) => c.html((await loadPages()).pages.signedOut('/sign-in')));
}
