/** @jsxImportSource hono/jsx */
import type { SignedInUser } from '../../domain/roles.ts';
import { DateText, Layout } from './layout.tsx';

/**
 * The user's calendar feed: a secret address a calendar subscribes to. Shown once when made;
 * afterwards only that one exists and when it was made. Making a new one, or turning it off,
 * stops the old address at once.
 */
export function CalendarPage(props: {
  user: SignedInUser;
  feed: { createdAt: string } | null;
  /** The new feed's address, just made: shown this once. */
  address: string | null;
}) {
  const { feed, address } = props;
  return (
    <Layout title="Calendar feed" user={props.user} section="calendar">
      <h1 class="govuk-heading-l">Calendar feed</h1>
      <p class="govuk-body">
        Subscribe to your due work in Outlook, Google Calendar or Apple Calendar: one all-day event per item
        on its due date, for the next year
        {props.user.role === 'holder' ? ', for the trusts you hold' : ''}. The calendar checks it for changes
        by itself.
      </p>
      {address && (
        <div class="govuk-inset-text">
          <h2 class="govuk-heading-s">Your feed's address</h2>
          <p class="govuk-body app-break">
            <code class="app-address">{address}</code>
          </p>
        </div>
      )}
      {address && (
        <div class="govuk-warning-text">
          <span class="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong class="govuk-warning-text__text">
            <span class="govuk-visually-hidden">Warning</span>
            Copy it now: it is not shown again. Anyone with it can read your due work, so keep it to your
            calendar; if it gets out, make a new one.
          </strong>
        </div>
      )}
      {!address && feed && (
        <p class="govuk-body">
          You have a feed, made on <DateText iso={feed.createdAt.slice(0, 10)} />.
        </p>
      )}
      {!address && !feed && <p class="govuk-body">You have no feed.</p>}
      <div class="govuk-button-group">
        <form method="post" action="/web/calendar">
          <input type="hidden" name="action" value="create" />
          <button type="submit" class="govuk-button">
            {feed ? 'Make a new address (the old one stops)' : 'Make a feed address'}
          </button>
        </form>
        {feed && (
          <form method="post" action="/web/calendar">
            <input type="hidden" name="action" value="revoke" />
            <button type="submit" class="govuk-button govuk-button--warning">
              Turn the feed off
            </button>
          </form>
        )}
      </div>
    </Layout>
  );
}
