/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import { longDate } from '../../domain/item-words.ts';
import { STAGE_LABELS } from '../../domain/labels.ts';
import { mayUse, type SignedInUser } from '../../domain/roles.ts';
import type { TrustChange } from '../../domain/trust-changes.ts';
import type { TrustView } from '../readers.ts';
import { Field, FoldedForm, FormOutcome, type FormState, NewestFirst, SummaryRow } from './forms.tsx';
import { DateText, Head, ItemCells, itemHref, Layout, trustHref } from './layout.tsx';

const SECTOR_LABELS: Record<string, string> = {
  acute: 'Acute',
  'mental-health': 'Mental health',
  community: 'Community',
  ambulance: 'Ambulance',
};

export interface TrustPageProps extends FormState {
  user: SignedInUser;
  view: TrustView;
  /** What admins changed of the trust, oldest first. */
  changes: TrustChange[];
}

const DONE_WORDS: Record<string, string> = {
  holder: 'The relationship holder is changed. The next nightly run tells them of the trust’s open items.',
  checked: 'Marked checked. A due date set by hand is planned from the next nightly run.',
};

/** An admin's form on the trust page, folded until used (open when it was just refused). */
function ChangeForm(props: {
  change: string;
  title: string;
  button: string;
  p: TrustPageProps;
  children: Child;
}) {
  return (
    <FoldedForm
      title={props.title}
      button={props.button}
      action={`${trustHref(props.p.view.trust.trustId)}/${props.change}`}
      open={props.p.form.change === props.change}
      hidden={{ csrf: props.p.csrf }}
    >
      {props.children}
    </FoldedForm>
  );
}

/** A change of the trust in words: "6 December 2026: admin@… made Priya Shah the relationship holder: …". */
function changeText(c: TrustChange): string {
  const what =
    c.change === 'holder'
      ? `made ${c.holderAfter?.name ?? 'nobody'} the relationship holder${c.holderBefore ? ` (was ${c.holderBefore.name})` : ''}`
      : `marked it checked${c.dueBy ? `, due by ${longDate(c.dueBy)} (set by hand)` : ''}`;
  return `${longDate(c.at.slice(0, 10))}: ${c.by} ${what}: ${c.reason}`;
}

/** One trust: who holds it, what is due and when, its core services, tasks and stage history. */
export function TrustPage(props: TrustPageProps) {
  const { trust, dueItems, coreServices, openTasks, stageHistory } = props.view;
  const title = trust.name ?? trust.trustId;
  const admin = mayUse(props.user.role, 'admins');
  const at = (change: string) => ({
    form: props.form.change === change ? props.form : { change },
    error: props.form.change === change ? props.error : null,
  });
  return (
    <Layout title={title} user={props.user} section="due-work" wide>
      <FormOutcome state={props} formKey="change" done={(props.done && DONE_WORDS[props.done]) ?? null} />
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
        {trust.toCheck && trust.checked && (
          <SummaryRow label="Checked">
            {`By ${trust.checked.by} on ${longDate(trust.checked.on)}: ${trust.checked.reason}${trust.checked.dueBy ? `. Due by ${longDate(trust.checked.dueBy)}, set by hand until CQC's data gives a date` : ''}`}
          </SummaryRow>
        )}
      </dl>
      {admin && (
        <ChangeForm change="holder" title="Change the relationship holder" button="Change holder" p={props}>
          <Field name="name" label="Name" {...at('holder')} />
          <Field name="email" label="Email address" type="email" {...at('holder')} />
          <Field name="reason" label="Why (kept in the trust’s history)" {...at('holder')} />
        </ChangeForm>
      )}
      {admin && trust.toCheck && (
        <ChangeForm change="checked" title="Mark it checked" button="Mark checked" p={props}>
          <Field name="reason" label="What you checked (kept in the trust’s history)" {...at('checked')} />
          <Field
            name="dueBy"
            label="Due by (optional)"
            type="date"
            hint="A date for the trust’s next assessment: the nightly run plans it until CQC’s data gives one."
            {...at('checked')}
          />
        </ChangeForm>
      )}

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

      <h2 class="govuk-heading-m">Changes to this trust</h2>
      <NewestFirst records={props.changes} words={changeText} />

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
