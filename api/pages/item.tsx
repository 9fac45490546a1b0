/** @jsxImportSource hono/jsx */
import type { ActionRecord } from '../../domain/actions.ts';
import { itemStatusOf, OPEN, WAIVER_REASONS } from '../../domain/item-state.ts';
import {
  daysText,
  followsFrom,
  longDate,
  nextStepNow,
  statusText,
  whatIsDue,
} from '../../domain/item-words.ts';
import { BOOKING_WORDS, KIND_LABELS, STAGE_LABELS } from '../../domain/labels.ts';
import { mayUse, type SignedInUser } from '../../domain/roles.ts';
import type { ItemView } from '../readers.ts';
import { Field, FoldedForm, FormOutcome, type FormState, SummaryRow } from './forms.tsx';
import { DateText, itemHref, Layout, StatusTag, trustHref } from './layout.tsx';

export interface ItemPageProps extends FormState {
  user: SignedInUser;
  view: ItemView;
}

const ACTION_WORDS: Record<ActionRecord['action'], string> = {
  acknowledge: 'Acknowledged',
  book: 'Booked',
  defer: 'Deferred',
  waive: 'Waived',
  reopen: 'Reopened',
};

function ActionForm(props: {
  action: ActionRecord['action'];
  title: string;
  button: string;
  version: number;
  csrf: string;
  href: string;
  /** The action of the form just sent (refused): its form is shown open. */
  sent: string | undefined;
  children?: unknown;
}) {
  return (
    <FoldedForm
      title={props.title}
      button={props.button}
      action={`${props.href}/actions`}
      open={props.sent === props.action}
      hidden={{ action: props.action, expectedVersion: String(props.version), csrf: props.csrf }}
    >
      {props.children as string}
    </FoldedForm>
  );
}

/** One item: what is due, why, by when, what to do next, what people did, and the forms to act. */
export function ItemPage(props: ItemPageProps) {
  const { item, stageHistory, actions, unreadable, closed } = props.view;
  const state = props.view.state ?? OPEN;
  const title = whatIsDue(item);
  const fields = itemStatusOf(state, item.basisDate);
  const status = closed ? `Closed on ${longDate(closed.on)}` : statusText(fields, state.bookedBy);
  const listed = { ...item, ...fields };
  const booking = BOOKING_WORDS[item.kind];
  const href = itemHref(item.itemId);
  const f = (action: string) => (props.form.action === action ? props.form : { action });
  const err = (action: string) => (props.form.action === action ? props.error : null);
  const common = { version: state.version, csrf: props.csrf, href, sent: props.form.action };
  /** A field's value and error, for the form of `action`. */
  const at = (action: string) => ({ form: f(action), error: err(action) });
  return (
    <Layout title={title} user={props.user} section="due-work">
      <FormOutcome
        state={props}
        formKey="action"
        done={
          props.done && props.done in ACTION_WORDS
            ? `${ACTION_WORDS[props.done as ActionRecord['action']]}. Status: ${status}.`
            : null
        }
      />
      {closed && (
        <div class="govuk-inset-text">
          This item closed on <DateText iso={closed.on} />: {closed.why}. Nothing more is due for it; what
          people did with it is kept below.
        </div>
      )}
      <a class="govuk-back-link" href={trustHref(item.trustId)}>
        {item.trustName ?? item.trustId}
      </a>
      <span class="govuk-caption-l">{KIND_LABELS[item.kind]}</span>
      <h1 class="govuk-heading-l">{title}</h1>
      <dl class="govuk-summary-list">
        {closed ? (
          <SummaryRow label="Stage when it closed">{STAGE_LABELS[item.stage]}</SummaryRow>
        ) : (
          <SummaryRow label="Status">
            <StatusTag item={listed} />
          </SummaryRow>
        )}
        {closed ? (
          <SummaryRow label="Status">{status}</SummaryRow>
        ) : (
          fields.status === 'booked' &&
          state.bookedBy && <SummaryRow label="Booked by">{state.bookedBy}</SummaryRow>
        )}
        <SummaryRow label={closed ? 'Was due by' : 'Due by'}>
          <DateText iso={item.dueBy} />
          {closed ? '' : ` (${daysText(item)})`}
        </SummaryRow>
        <SummaryRow label="Why">{followsFrom(item)}</SummaryRow>
        {!closed && <SummaryRow label="Next step">{nextStepNow(listed, props.view.asOf)}</SummaryRow>}
        <SummaryRow label="Relationship holder">
          {item.relationshipHolder
            ? item.relationshipHolder.name
            : closed
              ? 'None'
              : 'None: it goes to the fallback recipient'}
        </SummaryRow>
        <SummaryRow label="Reference">
          <span class="app-break">{item.itemId}</span>
        </SummaryRow>
      </dl>

      {!closed && <h2 class="govuk-heading-m">Act on it</h2>}
      {!closed && state.status !== 'waived' && (
        <ActionForm
          action="acknowledge"
          title="Acknowledge: it is mine, I have seen it"
          button="Acknowledge"
          {...common}
        />
      )}
      {!closed && state.status !== 'waived' && (
        <ActionForm action="book" title={booking.title} button="Book" {...common}>
          <Field name="on" label={booking.dateLabel} type="date" {...at('book')} />
          <Field name="reason" label="Reason (needed when it is after the due date)" {...at('book')} />
          <Field name="note" label="Note (optional)" {...at('book')} />
        </ActionForm>
      )}
      {!closed && state.status !== 'waived' && (
        <ActionForm action="defer" title="Defer it" button="Defer" {...common}>
          <Field name="until" label="Quiet until" type="date" {...at('defer')} />
          <Field name="reason" label="Reason" {...at('defer')} />
        </ActionForm>
      )}
      {!closed && mayUse(props.user.role, 'planners') && state.status !== 'waived' && (
        <ActionForm action="waive" title="Waive it (planners)" button="Waive" {...common}>
          <div class="govuk-form-group">
            <label class="govuk-label" for="waive-waiverReason">
              Reason
            </label>
            <select class="govuk-select" id="waive-waiverReason" name="waiverReason">
              {Object.entries(WAIVER_REASONS).map(([code, words]) => (
                <option value={code} selected={props.form.waiverReason === code}>
                  {words}
                </option>
              ))}
            </select>
          </div>
          <Field name="note" label="Note (needed for other)" {...at('waive')} />
        </ActionForm>
      )}
      {!closed && state.status !== 'open' && (
        <ActionForm action="reopen" title="Reopen it" button="Reopen" {...common}>
          <Field name="reason" label="Reason" {...at('reopen')} />
        </ActionForm>
      )}

      <h2 class="govuk-heading-m">What people did</h2>
      {unreadable.length > 0 && (
        <div class="govuk-warning-text">
          <span class="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong class="govuk-warning-text__text">
            <span class="govuk-visually-hidden">Warning</span>
            {unreadable.length === 1 ? 'One record' : `${unreadable.length} records`} of what people did could
            not be read: {unreadable.map((u) => `the action that made version ${u.version}`).join(', ')}. It
            is kept in the table; tell whoever looks after the service.
          </strong>
        </div>
      )}
      {actions.length === 0 ? (
        <p class="govuk-body">Nothing yet.</p>
      ) : (
        <ul class="govuk-list app-break">
          {[...actions].reverse().map((a) => (
            <li>
              <DateText iso={a.at.slice(0, 10)} />: {ACTION_WORDS[a.action]}
              {a.on ? ` (${longDate(a.on)})` : ''} by {a.by}
              {a.waiverReason ? `: ${WAIVER_REASONS[a.waiverReason].toLowerCase()}` : ''}
              {a.reason ? `: ${a.reason}` : ''}
              {a.note ? `. ${a.note}` : ''}
            </li>
          ))}
        </ul>
      )}
      <h2 class="govuk-heading-m">Stages</h2>
      {stageHistory.length === 0 ? (
        <p class="govuk-body">No stage has been recorded yet: the nightly run records each change.</p>
      ) : (
        <ul class="govuk-list">
          {stageHistory.map((h) => (
            <li>
              <DateText iso={h.on} />: {STAGE_LABELS[h.stage]}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
