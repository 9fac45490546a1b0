/** @jsxImportSource hono/jsx */

import type { ListedItem } from '../../domain/due-item.ts';
import { ITEM_STATUSES } from '../../domain/item-state.ts';
import { longDate } from '../../domain/item-words.ts';
import { KIND_LABELS, STAGE_LABELS, STAGES_MOST_PRESSING_FIRST } from '../../domain/labels.ts';
import { DUE_KINDS } from '../../domain/policy.ts';
import { type Counts, WHOLE_QUERY_CAP } from '../../domain/queue.ts';
import type { SignedInUser } from '../../domain/roles.ts';
import type { View } from '../queries.ts';
import { DateText, ErrorSummary, Layout, STATUS_LABELS } from './layout.tsx';
import { CountsTable, ItemsTable, TrustGroupsTable } from './queue.tsx';

export interface DueWorkPageProps {
  user: SignedInUser;
  /** The filters as asked (strings, as the form sends them). */
  form: Record<string, string>;
  /** The page's query string without the cursor (its view included): downloads and the next page start from it. */
  query: string;
  asOf: string | null;
  /** The page's own cursor (absent on the first page): the downloads are of this very page. */
  cursor: string | undefined;
  /** The queue (what needs action, folded by trust) or everything (a list, a page at a time). */
  view: View;
  /** The queue: every item of the query; everything: this page's. */
  items: ListedItem[];
  nextCursor: string | null;
  /** By stage and status, for the whole query. */
  counts: Counts;
  /** Whether the counts cover the whole query (false past WHOLE_QUERY_CAP items). */
  complete: boolean;
  skippedRows: number;
  errors: { field: string | null; message: string }[];
}

const WITHIN = [
  ['', ''],
  ['30', 'the next 30 days'],
  ['90', 'the next 90 days'],
  ['180', 'the next 6 months'],
  ['365', 'the next year'],
  ['3650', 'the next 10 years'],
] as const;

/** A filter of ticked boxes (GOV.UK small checkboxes), ticked as the query has them. */
function Checkboxes<T extends string>(props: {
  name: string;
  legend: string;
  labels: Record<T, string>;
  order: readonly T[];
  form: Record<string, string>;
}) {
  const ticked = new Set((props.form[props.name] ?? '').split(',').filter(Boolean));
  return (
    <div class="govuk-form-group">
      <fieldset class="govuk-fieldset" id={props.name}>
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{props.legend}</legend>
        <div class="govuk-checkboxes govuk-checkboxes--small">
          {props.order.map((value) => (
            <div class="govuk-checkboxes__item">
              <input
                class="govuk-checkboxes__input"
                id={`${props.name}-${value}`}
                name={props.name}
                type="checkbox"
                value={value}
                checked={ticked.has(value)}
              />
              <label class="govuk-label govuk-checkboxes__label" for={`${props.name}-${value}`}>
                {props.labels[value]}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

function Filters(props: { user: SignedInUser; form: Record<string, string>; view: View }) {
  const f = props.form;
  const filtered = Object.keys(f).some((k) => k !== 'cursor' && k !== 'asOf' && k !== 'view');
  return (
    // Folded away until used, so on a phone the work comes first.
    <details class="govuk-details" open={filtered}>
      <summary class="govuk-details__summary">
        <span class="govuk-details__summary-text">{filtered ? 'Filters (in use)' : 'Filter due work'}</span>
      </summary>
      <div class="govuk-details__text">
        <form method="get" action="/" class="app-filters" novalidate>
          <div class="govuk-grid-row">
            <div class="govuk-grid-column-one-third">
              <Checkboxes
                name="stage"
                legend="Stage"
                labels={STAGE_LABELS}
                order={STAGES_MOST_PRESSING_FIRST}
                form={f}
              />
              <Checkboxes
                name="status"
                legend="Status"
                labels={STATUS_LABELS}
                order={ITEM_STATUSES}
                form={f}
              />
            </div>
            <div class="govuk-grid-column-one-third">
              <div class="govuk-form-group">
                <label class="govuk-label govuk-label--s" for="kind">
                  Kind
                </label>
                <select class="govuk-select app-full-width" id="kind" name="kind">
                  <option value="">Any kind</option>
                  {DUE_KINDS.map((k) => (
                    <option value={k} selected={f.kind === k}>
                      {KIND_LABELS[k]}
                    </option>
                  ))}
                </select>
              </div>
              <div class="govuk-form-group">
                <label class="govuk-label govuk-label--s" for="within">
                  Due within
                </label>
                <select class="govuk-select app-full-width" id="within" name="within">
                  {WITHIN.map(([v, text]) => (
                    <option value={v} selected={(f.within ?? '') === v}>
                      {v === ''
                        ? props.view === 'queue'
                          ? 'as far as the alerts reach'
                          : 'the next 90 days'
                        : text}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <div class="govuk-grid-column-one-third">
              <div class="govuk-form-group">
                <label class="govuk-label govuk-label--s" for="trustId">
                  Trust ID
                </label>
                <input class="govuk-input" id="trustId" name="trustId" type="text" value={f.trustId ?? ''} />
              </div>
              <div class="govuk-form-group">
                <label class="govuk-label govuk-label--s" for="region">
                  Region
                </label>
                <input class="govuk-input" id="region" name="region" type="text" value={f.region ?? ''} />
              </div>
              {props.user.role !== 'holder' && (
                <div class="govuk-form-group">
                  <label class="govuk-label govuk-label--s" for="holder">
                    Relationship holder (email)
                  </label>
                  <input
                    class="govuk-input"
                    id="holder"
                    name="holder"
                    type="email"
                    spellcheck={false}
                    value={f.holder ?? ''}
                  />
                </div>
              )}
            </div>
          </div>
          {(['asOf', 'month'] as const).map((k) => f[k] && <input type="hidden" name={k} value={f[k]} />)}
          <input type="hidden" name="view" value={props.view} />
          <div class="govuk-button-group">
            <button type="submit" class="govuk-button">
              Apply filters
            </button>
            <a class="govuk-link" href={props.view === 'queue' ? '/' : '/?view=all'}>
              Clear filters
            </a>
          </div>
        </form>
      </div>
    </details>
  );
}

export function DueWorkPage(props: DueWorkPageProps) {
  const mine = props.user.role === 'holder';
  const queue = props.view === 'queue';
  const shown = [props.query, props.cursor && `cursor=${encodeURIComponent(props.cursor)}`].filter(Boolean);
  const q = shown.length > 0 ? `?${shown.join('&')}` : '';
  const more = props.nextCursor
    ? `/?${[props.query, `cursor=${encodeURIComponent(props.nextCursor)}`].filter(Boolean).join('&')}`
    : null;
  const other = new URLSearchParams(props.query);
  other.set('view', queue ? 'all' : 'queue');
  other.delete('within');
  return (
    <Layout title={queue ? 'What needs action' : 'Due work'} user={props.user} section="due-work" wide>
      <ErrorSummary errors={props.errors} />
      <h1 class="govuk-heading-l">
        {queue
          ? mine
            ? 'What needs action on your trusts'
            : 'What needs action'
          : mine
            ? 'Due work for your trusts'
            : 'All due work'}
      </h1>
      {props.asOf && (
        <p class="govuk-body">
          {queue
            ? 'Due soon, urgent or overdue, and not booked, deferred or waived (or the booking or deferral has run out), overdue first, '
            : 'Everything that falls due, whatever people did with it, soonest first, '}
          {props.form.month && /^\d{4}-\d{2}$/.test(props.form.month)
            ? `due in ${longDate(`${props.form.month}-01`).replace(/^1 /, '')}, `
            : ''}
          as of <DateText iso={props.asOf} />.{' '}
          <a class="govuk-link" href={`/?${other}`}>
            {queue ? 'Show everything due' : 'Show only what needs action'}
          </a>
        </p>
      )}
      <Filters user={props.user} form={props.form} view={props.view} />
      {props.errors.length === 0 && (
        <>
          {props.counts.length === 0 ? (
            <p class="govuk-body">
              {queue ? 'Nothing needs action with these filters.' : 'Nothing is due with these filters.'}
            </p>
          ) : (
            <CountsTable counts={props.counts} query={props.query} complete={props.complete} />
          )}
          <p class="govuk-body">
            Download {queue ? 'this list' : 'this page'}:{' '}
            <a class="govuk-link" href={`/web/due-work.csv${q}`}>
              CSV
            </a>
            ,{' '}
            <a class="govuk-link" href={`/web/due-work.ics${q}`}>
              iCalendar
            </a>
            .
          </p>
          {!props.complete && (
            <div class="govuk-inset-text">
              Only the first {WHOLE_QUERY_CAP.toLocaleString('en-GB')} items are counted
              {queue ? ' and shown' : ''}: narrow the filters to see the rest.
            </div>
          )}
          {props.skippedRows > 0 && (
            <div class="govuk-inset-text">
              {props.skippedRows} stored row{props.skippedRows === 1 ? '' : 's'} could not be read and{' '}
              {props.skippedRows === 1 ? 'is' : 'are'} not shown; the nightly run names them.
            </div>
          )}
          {props.items.length > 0 &&
            (queue ? (
              <TrustGroupsTable items={props.items} showHolder={!mine} />
            ) : (
              <ItemsTable items={props.items} showHolder={!mine} />
            ))}
          {more && (
            <nav class="govuk-pagination govuk-pagination--block" aria-label="Pages">
              <div class="govuk-pagination__next">
                <a class="govuk-link govuk-pagination__link" href={more} rel="next">
                  <span class="govuk-pagination__link-title">Next page</span>
                </a>
              </div>
            </nav>
          )}
        </>
      )}
    </Layout>
  );
}
