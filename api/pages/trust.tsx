/** @jsxImportSource hono/jsx */
import { STAGE_LABELS } from '../../domain/labels.ts';
import type { SignedInUser } from '../../domain/roles.ts';
import type { TrustView } from '../readers.ts';
import { DateText, ItemCells, itemHref, Layout } from './layout.tsx';

export function SummaryRow(props: { label: string; children: unknown }) {
  return (
    <div class="govuk-summary-list__row">
      <dt class="govuk-summary-list__key">{props.label}</dt>
      <dd class="govuk-summary-list__value">{props.children as string}</dd>
    </div>
  );
}

const SECTOR_LABELS: Record<string, string> = {
  acute: 'Acute',
  'mental-health': 'Mental health',
  community: 'Community',
  ambulance: 'Ambulance',
};

function Head(props: { cells: string[] }) {
  return (
    <thead class="govuk-table__head">
      <tr class="govuk-table__row">
        {props.cells.map((c) => (
          <th scope="col" class="govuk-table__header">
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** One trust: who holds it, what is due and when, its core services, tasks and stage history. */
export function TrustPage(props: { user: SignedInUser; view: TrustView }) {
  const { trust, dueItems, coreServices, openTasks, stageHistory } = props.view;
  const title = trust.name ?? trust.trustId;
  return (
    <Layout title={title} user={props.user} section="due-work" wide>
      <span class="govuk-caption-l">Trust {trust.trustId}</span>
      <h1 class="govuk-heading-l">{title}</h1>
      <dl class="govuk-summary-list">
        <SummaryRow label="Relationship holder">
          {trust.relationshipHolder
            ? `${trust.relationshipHolder.name} (${trust.relationshipHolder.email})`
            : 'None: its work goes to the fallback recipient'}
        </SummaryRow>
        <SummaryRow label="Sector">{trust.sector ? SECTOR_LABELS[trust.sector] : 'Not known'}</SummaryRow>
        <SummaryRow label="Region">{trust.region ?? 'Not known'}</SummaryRow>
        {trust.toCheck && (
          <SummaryRow label="To check by hand">{`${trust.toCheck.reason} (${trust.toCheck.source})`}</SummaryRow>
        )}
      </dl>

      <h2 class="govuk-heading-m">Due items</h2>
      {dueItems.length === 0 ? (
        <p class="govuk-body">Nothing is due.</p>
      ) : (
        <table class="govuk-table app-table--stack">
          <caption class="govuk-table__caption govuk-visually-hidden">Due items of {title}</caption>
          <Head cells={['Due by', 'Status', 'What is due']} />
          <tbody class="govuk-table__body">
            {dueItems.map((i) => (
              <tr class="govuk-table__row">
                <ItemCells item={i} />
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 class="govuk-heading-m">Core services</h2>
      {coreServices.length === 0 ? (
        <p class="govuk-body">No core services are recorded.</p>
      ) : (
        <table class="govuk-table app-table--stack">
          <caption class="govuk-table__caption govuk-visually-hidden">Core services of {title}</caption>
          <Head cells={['Service', 'Location', 'Rating', 'Report published', 'Re-inspect by']} />
          <tbody class="govuk-table__body">
            {coreServices.map((cs) => (
              <tr class="govuk-table__row">
                <td class="govuk-table__cell" data-label="Service">
                  {cs.service}
                </td>
                <td class="govuk-table__cell" data-label="Location">
                  {cs.locationName}
                </td>
                <td class="govuk-table__cell" data-label="Rating">
                  {cs.rating}
                </td>
                <td class="govuk-table__cell" data-label="Report published">
                  {cs.reportPublishedOn ? <DateText iso={cs.reportPublishedOn} /> : 'None'}
                </td>
                <td class="govuk-table__cell" data-label="Re-inspect by">
                  {cs.dueBy ? <DateText iso={cs.dueBy} /> : 'No due date'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 class="govuk-heading-m">Open report tasks</h2>
      {openTasks.length === 0 ? (
        <p class="govuk-body">None.</p>
      ) : (
        <ul class="govuk-list govuk-list--bullet">
          {openTasks.map((t) => (
            <li>
              {t.title}, due by <DateText iso={t.dueBy} />
            </li>
          ))}
        </ul>
      )}

      <p class="govuk-body">
        <a class="govuk-link" href={`/web/trusts/${encodeURIComponent(trust.trustId)}/actions.csv`}>
          Download what people did with its items (CSV)
        </a>
      </p>

      <h2 class="govuk-heading-m">Stage history</h2>
      {stageHistory.length === 0 ? (
        <p class="govuk-body">No stage has been recorded yet: the nightly run records each change.</p>
      ) : (
        <table class="govuk-table app-table--stack">
          <caption class="govuk-table__caption govuk-visually-hidden">Stage history of {title}</caption>
          <Head cells={['On', 'Item', 'Stage reached']} />
          <tbody class="govuk-table__body">
            {stageHistory.slice(0, 50).map((h) => (
              <tr class="govuk-table__row">
                <td class="govuk-table__cell" data-label="On">
                  <DateText iso={h.on} />
                </td>
                <td class="govuk-table__cell" data-label="Item">
                  <a class="govuk-link" href={itemHref(h.itemId)}>
                    {h.what}
                  </a>
                </td>
                <td class="govuk-table__cell" data-label="Stage reached">
                  {STAGE_LABELS[h.stage]}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
