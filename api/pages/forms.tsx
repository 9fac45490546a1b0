/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import { ErrorSummary } from './layout.tsx';

/** The parts of pages with forms: what was just done or refused, a folded form, a kept history. */

/** What a page of forms was sent back with: what was just done, or what was refused and why. */
export interface FormState {
  /** The forms' token: a POST without it is refused. */
  csrf: string;
  /** What was just done (after the redirect). */
  done: string | null;
  error: { field: string | null; message: string } | null;
  /** What was sent with a refused form (`form[key]` names which form). */
  form: Record<string, string>;
}

/**
 * The top of a page of forms: the error summary of a refused form (its field's id prefixed by
 * the form's name, `form[key]`), or the success banner saying what was just done.
 */
export function FormOutcome(props: { state: FormState; formKey: string; done: string | null }) {
  const { error, form } = props.state;
  return (
    <>
      <ErrorSummary
        errors={
          error
            ? [
                {
                  field: error.field ? `${form[props.formKey]}-${error.field}` : null,
                  message: error.message,
                },
              ]
            : []
        }
      />
      {props.done && (
        <div class="govuk-notification-banner govuk-notification-banner--success" role="alert">
          <div class="govuk-notification-banner__content">
            <p class="govuk-notification-banner__heading">{props.done}</p>
          </div>
        </div>
      )}
    </>
  );
}

/**
 * A form folded until used (a details element: no script), open when it was just sent and
 * refused; `hidden` are its hidden fields (the form token among them).
 */
export function FoldedForm(props: {
  title: string;
  button: string;
  action: string;
  open: boolean;
  hidden: Record<string, string>;
  children?: Child;
}) {
  return (
    <details class="govuk-details" open={props.open}>
      <summary class="govuk-details__summary">
        <span class="govuk-details__summary-text">{props.title}</span>
      </summary>
      <div class="govuk-details__text">
        <form method="post" action={props.action} novalidate>
          {Object.entries(props.hidden).map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
          {props.children}
          <button type="submit" class="govuk-button govuk-button--secondary">
            {props.button}
          </button>
        </form>
      </div>
    </details>
  );
}

/** A kept history in words, newest first; "None recorded." when there is none yet. */
export function NewestFirst<T>(props: { records: readonly T[]; words: (record: T) => string }) {
  if (props.records.length === 0) return <p class="govuk-body">None recorded.</p>;
  return (
    <ul class="govuk-list app-break">
      {[...props.records].reverse().map((r) => (
        <li>{props.words(r)}</li>
      ))}
    </ul>
  );
}

/** A row of a GOV.UK summary list. */
export function SummaryRow(props: { label: string; children: unknown }) {
  return (
    <div class="govuk-summary-list__row">
      <dt class="govuk-summary-list__key">{props.label}</dt>
      <dd class="govuk-summary-list__value">{props.children as string}</dd>
    </div>
  );
}

/** A labelled text or date field of an action form, with its error when the form was refused for it. */
export function Field(props: {
  name: string;
  label: string;
  type?: string;
  hint?: string;
  form: Record<string, string>;
  error: FormState['error'];
}) {
  const id = `${props.form.action ?? props.form.change ?? 'x'}-${props.name}`;
  const wrong = props.error?.field === props.name;
  return (
    <div class={`govuk-form-group${wrong ? ' govuk-form-group--error' : ''}`}>
      <label class="govuk-label" for={id}>
        {props.label}
      </label>
      {props.hint && <div class="govuk-hint">{props.hint}</div>}
      {wrong && (
        <p class="govuk-error-message">
          <span class="govuk-visually-hidden">Error:</span> {props.error!.message}
        </p>
      )}
      <input
        class={`govuk-input${props.type === 'date' ? ' govuk-input--width-10' : ''}`}
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.form[props.name] ?? ''}
      />
    </div>
  );
}
