import type { Context, Hono } from 'hono';
import { type ActionKind, ActionRefused } from '../domain/actions.ts';
import { actOnItem } from '../use-cases/act-on-item.ts';
import type { SignedInUser } from './auth.ts';
import { refusalError } from './errors.ts';
import { loadPages } from './load-formats.ts';
import type { ItemPageProps } from './pages/item.tsx';
import { readItem } from './readers.ts';
import { actDepsOf, type RouteDeps } from './route.ts';
import { formStateOf, readForm, type SentForm, type SessionOptions } from './session.ts';

/**
 * An item's page and its action forms: each action a POST carrying the page's form token, then
 * back to the page (a GET never acts), which says what was done or names the field refused.
 */
export function addItemPages(
  app: Hono,
  deps: RouteDeps,
  session: SessionOptions,
  pageUser: (c: Context) => SignedInUser,
) {
  const itemPage = async (c: Context, extra: SentForm = {}, status = 200) => {
    const view = await readItem(deps, pageUser(c), c.req.param('itemId')!, deps.today());
    const props: ItemPageProps = {
      user: pageUser(c),
      view,
      ...formStateOf(c, session, extra),
    };
    return c.html((await loadPages()).pages.item(props), status as 200);
  };
  app.get('/web/items/:itemId', (c) => itemPage(c, { done: c.req.query('done') ?? null }));

  // Acting on an item: a POST with the page's form token; then back to the page (a GET never acts).
  app.post('/web/items/:itemId/actions', async (c) => {
    const form = await readForm(c, session);
    const itemId = c.req.param('itemId')!;
    const version = Number(form.expectedVersion);
    try {
      if (!Number.isInteger(version))
        throw new ActionRefused(400, null, 'This form is out of date: reload the page');
      // The same rule as every door: the user's role now, the trust's holder, the item today.
      await actOnItem(actDepsOf(deps), {
        itemId,
        email: pageUser(c).email,
        action: form.action as ActionKind,
        expectedVersion: version,
        on: form.on || undefined,
        until: form.until || undefined,
        reason: form.reason || undefined,
        note: form.note || undefined,
        waiverReason: form.waiverReason || undefined,
        today: deps.today(),
        at: deps.now().toISOString(),
      });
    } catch (err) {
      if (!(err instanceof ActionRefused)) throw err;
      // Refused for who the user is (access ended, another's trust) or what is gone: the error page.
      if (err.status === 403 || err.status === 404) throw refusalError(err);
      // A stale form: the page is the item as it is now, with what was sent kept in its form.
      const error =
        err.field === 'version'
          ? {
              field: null,
              message:
                'Someone changed this item while you had it open: here it is now. If your change still applies, send it again.',
            }
          : { field: err.field, message: err.message };
      return itemPage(c, { error, form }, err.status);
    }
    return c.redirect(
      `/web/items/${encodeURIComponent(itemId)}?done=${encodeURIComponent(form.action!)}`,
      303,
    );
  });
}
