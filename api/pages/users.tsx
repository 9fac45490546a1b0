/** @jsxImportSource hono/jsx */
import { instantText } from '../../domain/item-words.ts';
import { ROLES, type Role, type SignedInUser } from '../../domain/roles.ts';
import type { UserChange } from '../../domain/user-changes.ts';
import { Field, FormOutcome, type FormState, NewestFirst } from './forms.tsx';

import { Head, Layout } from './layout.tsx';

export interface UsersPageProps extends FormState {
  user: SignedInUser;
  users: { email: string; role: Role | null; status: string }[];
  changes: UserChange[];
}

const ROLE_WORDS: Record<Role, string> = {
  planner: 'Planner',
  holder: 'Relationship holder',
  admin: 'Admin',
};
const DONE_WORDS: Record<string, string> = {
  invite:
    'Invited. In AWS, Cognito emails them a temporary password; locally, they sign in with the local password.',
  role: 'Their role is changed: it applies to their next change, and to their reads within five minutes.',
  remove: 'Removed: every session of theirs has ended, and nothing they hold works.',
};

function RoleSelect(props: { id: string; selected: string | undefined }) {
  return (
    <select class="govuk-select" id={props.id} name="role">
      {ROLES.map((r) => (
        <option value={r} selected={props.selected === r}>
          {ROLE_WORDS[r]}
        </option>
      ))}
    </select>
  );
}

function changeText(c: UserChange): string {
  const what =
    c.change === 'invite'
      ? `invited ${c.email} as ${ROLE_WORDS[c.role!].toLowerCase()}`
      : c.change === 'role'
        ? `made ${c.email} ${ROLE_WORDS[c.role!].toLowerCase()}`
        : `removed ${c.email}`;
  return `${instantText(c.at)}: ${c.by} ${what}`;
}

/** Who may sign in, in which role; invite, change a role, remove; and every such change. */
export function UsersPage(props: UsersPageProps) {
  const hidden = (change: string) => (
    <>
      <input type="hidden" name="csrf" value={props.csrf} />
      <input type="hidden" name="change" value={change} />
    </>
  );
  const invite = props.form.change === 'invite';
  return (
    <Layout title="Users" user={props.user} section="users" wide>
      <FormOutcome
        state={{ ...props, error: props.error && (invite ? props.error : { ...props.error, field: null }) }}
        formKey="change"
        done={(props.done && DONE_WORDS[props.done]) ?? null}
      />
      <h1 class="govuk-heading-l">Users</h1>
      <p class="govuk-body">
        Planners see and act on every trust; relationship holders on their own trusts; admins also run the
        service. Every change here is kept below.
      </p>
      <details class="govuk-details" open={invite}>
        <summary class="govuk-details__summary">
          <span class="govuk-details__summary-text">Invite someone</span>
        </summary>
        <div class="govuk-details__text">
          <form method="post" action="/web/users" novalidate>
            {hidden('invite')}
            <Field
              name="email"
              label="Email address"
              type="email"
              form={invite ? props.form : { change: 'invite' }}
              error={invite ? props.error : null}
            />
            <div class="govuk-form-group">
              <label class="govuk-label" for="invite-role">
                Role
              </label>
              <RoleSelect id="invite-role" selected={invite ? props.form.role : 'holder'} />
            </div>
            <button type="submit" class="govuk-button govuk-button--secondary">
              Invite
            </button>
          </form>
        </div>
      </details>
      <table class="govuk-table app-table--stack">
        <caption class="govuk-table__caption govuk-table__caption--m">Who may sign in</caption>
        <Head cells={['Email address', 'Role', 'Change']} />
        <tbody class="govuk-table__body">
          {props.users.map((u, i) => (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell app-break" data-label="Email address">
                {u.email}
                {u.status === 'FORCE_CHANGE_PASSWORD' ? ' (invited, not signed in yet)' : ''}
              </td>
              <td class="govuk-table__cell" data-label="Role">
                {u.role ? ROLE_WORDS[u.role] : 'No role: cannot sign in'}
              </td>
              <td class="govuk-table__cell" data-label="Change">
                {u.email === props.user.email ? (
                  'You (another admin changes your access)'
                ) : (
                  <div class="app-inline-form">
                    <form method="post" action="/web/users" class="app-inline-form">
                      {hidden('role')}
                      <input type="hidden" name="email" value={u.email} />
                      <div class="govuk-form-group">
                        <label class="govuk-label govuk-visually-hidden" for={`role-${i}`}>
                          Role of {u.email}
                        </label>
                        <RoleSelect id={`role-${i}`} selected={u.role ?? undefined} />
                      </div>
                      <button type="submit" class="govuk-button govuk-button--secondary">
                        Change role<span class="govuk-visually-hidden"> of {u.email}</span>
                      </button>
                    </form>
                    <form method="post" action="/web/users">
                      {hidden('remove')}
                      <input type="hidden" name="email" value={u.email} />
                      <button type="submit" class="govuk-button govuk-button--warning">
                        Remove<span class="govuk-visually-hidden"> {u.email}</span>
                      </button>
                    </form>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 class="govuk-heading-m">Changes to users</h2>
      <NewestFirst records={props.changes} words={changeText} />
    </Layout>
  );
}
