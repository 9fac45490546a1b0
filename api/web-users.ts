import type { Context, Hono } from 'hono';
import { ActionRefused } from '../domain/actions.ts';
import type { UserChangeKind } from '../domain/user-changes.ts';
import { changeUser, type ManageUsersDeps } from '../use-cases/manage-users.ts';
import { requireAccess, type SignedInUser } from './auth.ts';
import { ApiError, refusalError } from './errors.ts';
import { loadPages } from './load-formats.ts';
import type { UsersPageProps } from './pages/users.tsx';
import type { RouteDeps } from './route.ts';
import { formStateOf, readForm, type SentForm, type SessionOptions } from './session.ts';

/**
 * The users page (admins): who may sign in and in which role, and forms to invite, change the
 * role of and remove a user, each a POST with the page's form token, kept as a record.
 */
export function addUserPages(
  app: Hono,
  deps: RouteDeps,
  session: SessionOptions,
  pageUser: (c: Context) => SignedInUser,
) {
  const manage = (): ManageUsersDeps => {
    if (!deps.users) throw new ApiError(404, 'not_found', 'users are not managed from here');
    return { users: deps.users, changes: deps.repos.userChanges, roleNow: deps.roleNow };
  };
  const usersPage = async (c: Context, extra: SentForm = {}, status = 200) => {
    requireAccess(pageUser(c), 'admins', 'The list of users');
    const m = manage();
    const [users, { changes }] = await Promise.all([m.users.list(), m.changes.list()]);
    const props: UsersPageProps = {
      user: pageUser(c),
      users,
      changes,
      ...formStateOf(c, session, extra),
    };
    return c.html((await loadPages()).pages.users(props), status as 200);
  };
  app.get('/web/users', (c) => usersPage(c, { done: c.req.query('done') ?? null }));

  app.post('/web/users', async (c) => {
    const form = await readForm(c, session);
    const change = (['invite', 'role', 'remove'] as const).find((k) => k === form.change) as UserChangeKind;
    try {
      if (!change) throw new ActionRefused(400, null, 'This form is out of date: reload the page');
      const done = await changeUser(manage(), {
        change,
        email: form.email,
        role: form.role,
        actor: pageUser(c).email,
        at: deps.now().toISOString(),
      });
      deps.userNow.learn(done.email, done.change === 'remove' ? null : done.role);
    } catch (err) {
      if (!(err instanceof ActionRefused)) throw err;
      if (err.status === 403) throw refusalError(err);
      return usersPage(c, { error: { field: err.field, message: err.message }, form }, err.status);
    }
    return c.redirect(`/web/users?done=${change}`, 303);
  });
}
