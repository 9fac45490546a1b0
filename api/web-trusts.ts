import type { Context, Hono } from 'hono';
import { ActionRefused } from '../domain/actions.ts';
import type { TrustChangeRequest } from '../domain/trust-changes.ts';
import { changeTrust } from '../use-cases/change-trust.ts';
import type { SignedInUser } from './auth.ts';
import { parseQuery, refusalError } from './errors.ts';
import { loadPages } from './load-formats.ts';
import type { TrustPageProps } from './pages/trust.tsx';
import { trustPageQuery } from './queries.ts';
import { readTrust } from './readers.ts';
import { changeDepsOf, type RouteDeps } from './route.ts';
import { formStateOf, readForm, type SentForm, type SessionOptions } from './session.ts';

/**
 * A trust's page and an admin's forms on it (its relationship holder; a trust to check marked
 * checked, with a due date set by hand): each a POST with the page's form token, then back to
 * the page, which says what changed or names the field refused. Kept in the trust's history.
 */
export function addTrustPages(
  app: Hono,
  deps: RouteDeps,
  session: SessionOptions,
  pageUser: (c: Context) => SignedInUser,
) {
  const trustPage = async (c: Context, extra: SentForm = {}, status = 200) => {
    const q = parseQuery(trustPageQuery, c);
    const trustId = c.req.param('trustId')!;
    const view = await readTrust(deps, pageUser(c), trustId, q.asOf ?? deps.today());
    const { changes } = await deps.repos.trustChanges.list(trustId);
    const props: TrustPageProps = {
      user: pageUser(c),
      view,
      changes,
      ...formStateOf(c, session, extra),
    };
    return c.html((await loadPages()).pages.trust(props), status as 200);
  };
  app.get('/web/trusts/:trustId', (c) => trustPage(c, { done: c.req.query('done') ?? null }));

  for (const change of ['holder', 'checked'] as const)
    app.post(`/web/trusts/:trustId/${change}`, async (c) => {
      const form = await readForm(c, session);
      const trustId = c.req.param('trustId')!;
      const request: TrustChangeRequest =
        change === 'holder'
          ? { change, name: form.name, email: form.email, reason: form.reason }
          : { change, reason: form.reason, dueBy: form.dueBy || undefined };
      try {
        await changeTrust(changeDepsOf(deps), {
          ...request,
          trustId,
          actor: pageUser(c).email,
          today: deps.today(),
          at: deps.now().toISOString(),
        });
      } catch (err) {
        if (!(err instanceof ActionRefused)) throw err;
        if (err.status === 403 || err.status === 404) throw refusalError(err);
        return trustPage(
          c,
          { error: { field: err.field, message: err.message }, form: { ...form, change } },
          err.status,
        );
      }
      return c.redirect(`/web/trusts/${encodeURIComponent(trustId)}?done=${change}`, 303);
    });
}
