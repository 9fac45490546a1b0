/** @jsxImportSource hono/jsx */

import type { ListedItem } from '../../domain/due-item.ts';
import { ITEM_STATUSES } from '../../domain/item-state.ts';
import { countText, daysText, whatIsDue } from '../../domain/item-words.ts';
import { STAGE_LABELS, STAGES_MOST_PRESSING_FIRST } from '../../domain/labels.ts';
import { type Counts, groupByTrust } from '../../domain/queue.ts';
import { DateText, Head, ItemCells, itemHref, STATUS_LABELS, StatusTag, trustHref } from './layout.tsx';

/**
 * The queue's parts: the counts of the whole query by stage and status, and the items folded by
 * trust, each trust led by its soonest item.
 */

/** The queue: one row per trust, led by its soonest item, the rest folded under it. */
export function TrustGroupsTable(props: { items: ListedItem[]; showHolder: boolean }) {
  const groups = groupByTrust(props.items);
  return (
    <table class="govuk-table app-table--stack">
      <caption class="govuk-table__caption govuk-table__caption--m govuk-visually-hidden">
        What needs action, by trust
      </caption>
      <Head
        cells={['Trust', 'Soonest due', 'Status', 'What is due', ...(props.showHolder ? ['Holder'] : [])]}
      />
      <tbody class="govuk-table__body">
        {groups.map((g) => {
          const [first, ...rest] = g.items as [ListedItem, ...ListedItem[]];
          return (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell" data-label="Trust">
                <a class="govuk-link" href={trustHref(g.trustId)}>
                  {g.trustName ?? g.trustId}
                </a>
                <br />
                <span class="govuk-body-s app-secondary">{countText(g.items.length, 'item')}</span>
              </td>
              <ItemCells item={first} more={<MoreItems items={rest} />} />
              {props.showHolder && (
                <td class="govuk-table__cell" data-label="Holder">
                  {g.relationshipHolder?.name ?? 'No holder'}
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The trust's other items, folded under its soonest (no script: a details element). */
function MoreItems(props: { items: ListedItem[] }) {
  if (props.items.length === 0) return null;
  return (
    <details class="govuk-details app-more">
      <summary class="govuk-details__summary">
        <span class="govuk-details__summary-text">{`${countText(props.items.length, 'more item')}`}</span>
      </summary>
      <div class="govuk-details__text">
        <ul class="govuk-list app-more__list">
          {props.items.map((i) => (
            <li>
              <StatusTag item={i} />{' '}
              <a class="govuk-link" href={itemHref(i.itemId)}>
                {whatIsDue(i)}
              </a>
              , due by <DateText iso={i.dueBy} /> ({daysText(i)})
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}

/**
 * The counts of the whole query by stage and status, each a link to the list of just those:
 * "Overdue: 5 open, 1 booked".
 */
export function CountsTable(props: { counts: Counts; query: string; complete: boolean }) {
  const stages = STAGES_MOST_PRESSING_FIRST.filter((st) => props.counts.some((c) => c.stage === st));
  const statuses = ITEM_STATUSES.filter((st) => props.counts.some((c) => c.status === st));
  const only = (stage: string, status: string) => {
    const q = new URLSearchParams(props.query);
    q.set('stage', stage);
    q.set('status', status);
    q.delete('cursor');
    return `/?${q}`;
  };
  const total = props.counts.reduce((n, c) => n + c.count, 0);
  return (
    <table class="govuk-table app-counts app-table--stack">
      <caption class="govuk-table__caption govuk-table__caption--s">
        {props.complete ? countText(total, 'item') : `The first ${countText(total, 'item')}`} by stage and
        status
      </caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">
            Stage
          </th>
          {statuses.map((st) => (
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              {STATUS_LABELS[st]}
            </th>
          ))}
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {stages.map((stage) => (
          <tr class="govuk-table__row">
            <th scope="row" class="govuk-table__header">
              {STAGE_LABELS[stage]}
            </th>
            {statuses.map((status) => {
              const n = props.counts.find((c) => c.stage === stage && c.status === status)?.count ?? 0;
              return (
                <td class="govuk-table__cell govuk-table__cell--numeric" data-label={STATUS_LABELS[status]}>
                  {n === 0 ? (
                    '0'
                  ) : (
                    <a
                      class="govuk-link"
                      href={only(stage, status)}
                      aria-label={`${n} ${STAGE_LABELS[stage].toLowerCase()}, ${STATUS_LABELS[status].toLowerCase()}`}
                    >
                      {String(n)}
                    </a>
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Everything: one row per item, a page at a time. */
export function ItemsTable(props: { items: ListedItem[]; showHolder: boolean }) {
  return (
    <table class="govuk-table app-table--stack">
      <caption class="govuk-table__caption govuk-table__caption--m govuk-visually-hidden">Due work</caption>
      <Head cells={['Due by', 'Status', 'What is due', 'Trust', ...(props.showHolder ? ['Holder'] : [])]} />
      <tbody class="govuk-table__body">
        {props.items.map((i) => (
          <tr class="govuk-table__row">
            <ItemCells item={i} />
            <td class="govuk-table__cell" data-label="Trust">
              <a class="govuk-link" href={trustHref(i.trustId)}>
                {i.trustName ?? i.trustId}
              </a>
            </td>
            {props.showHolder && (
              <td class="govuk-table__cell" data-label="Holder">
                {i.relationshipHolder?.name ?? 'No holder'}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
