/** @jsxImportSource hono/jsx */

import { longDate } from '../../domain/item-words.ts';
import type { SignedInUser } from '../../domain/roles.ts';
import type { ToCheck } from '../../domain/to-check.ts';
import { ErrorSummary, Layout, trustHref } from './layout.tsx';

const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

export function ToCheckPage(props: { user: SignedInUser; toCheck: ToCheck[] }) {
  return (
    <Layout title="Trusts to check" user={props.user} section="to-check">
      <h1 class="govuk-heading-l">Trusts to check by hand</h1>
      <p class="govuk-body">
        Rated only under CQC's single assessment framework, which gives no due date: none is guessed. An admin
        marks each checked on its page, with a due date for its next assessment if one is agreed: the nightly
        run plans it until CQC's data gives one.
      </p>
      {props.toCheck.length === 0 ? (
        <p class="govuk-body">None.</p>
      ) : (
        <dl class="govuk-summary-list">
          {props.toCheck.map((t) => (
            <div class="govuk-summary-list__row">
              <dt class="govuk-summary-list__key">
                <a class="govuk-link" href={trustHref(t.trustId)}>
                  {t.trustName ?? t.trustId}
                </a>
              </dt>
              <dd class="govuk-summary-list__value">
                {t.assessmentDate
                  ? `Assessed ${longDate(t.assessmentDate)}: ${t.reason}`
                  : sentence(t.reason)}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </Layout>
  );
}

export function SignInPage(props: { next: string; email: string; error: string | null }) {
  return (
    <Layout title="Sign in" user={null}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={props.error ? [{ field: 'email', message: props.error }] : []} />
          <h1 class="govuk-heading-l">Sign in</h1>
          <p class="govuk-body">
            This is the local stack's sign-in: a password alone. In AWS, Cognito's sign-in page asks for a
            password and an authenticator code.
          </p>
          <form method="post" action="/sign-in" novalidate>
            <input type="hidden" name="next" value={props.next} />
            <div class={`govuk-form-group${props.error ? ' govuk-form-group--error' : ''}`}>
              <label class="govuk-label" for="email">
                Email address
              </label>
              {props.error && (
                <p id="email-error" class="govuk-error-message">
                  <span class="govuk-visually-hidden">Error:</span> {props.error}
                </p>
              )}
              <input
                class="govuk-input"
                id="email"
                name="email"
                type="email"
                autocomplete="username"
                spellcheck={false}
                value={props.email}
                aria-describedby={props.error ? 'email-error' : undefined}
              />
            </div>
            <div class="govuk-form-group">
              <label class="govuk-label" for="password">
                Password
              </label>
              <input
                class="govuk-input"
                id="password"
                name="password"
                type="password"
                autocomplete="current-password"
              />
            </div>
            <button type="submit" class="govuk-button">
              Sign in
            </button>
          </form>
        </div>
      </div>
    </Layout>
  );
}

export function ErrorPage(props: { user: SignedInUser | null; status: number; message: string }) {
  const title =
    props.status === 403
      ? 'You cannot see this page'
      : props.status === 404
        ? 'Page not found'
        : props.status >= 500
          ? 'Sorry, there is a problem with the service'
          : 'There is a problem';
  return (
    <Layout title={title} user={props.user}>
      <h1 class="govuk-heading-l">{title}</h1>
      <p class="govuk-body">{props.message}</p>
      <p class="govuk-body">
        <a class="govuk-link" href="/">
          Go to due work
        </a>
      </p>
    </Layout>
  );
}

export function SignedOutPage(props: { signInHref: string }) {
  return (
    <Layout title="Signed out" user={null}>
      <h1 class="govuk-heading-l">You have signed out</h1>
      <p class="govuk-body">
        <a class="govuk-link" href={props.signInHref}>
          Sign in again
        </a>
      </p>
    </Layout>
  );
}
