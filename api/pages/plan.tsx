/** @jsxImportSource hono/jsx */
import { countText, durationText, longDate } from '../../domain/item-words.ts';
import type { Plan, PlannedVisit } from '../../domain/planning/plan.ts';
import { shortfallText, solverText, visitTitle, weekText } from '../../domain/planning/plan-words.ts';
import type { SignedInUser } from '../../domain/roles.ts';
import type { FormState } from './forms.tsx';
import { FormOutcome } from './forms.tsx';
import { Layout } from './layout.tsx';
import { LoadChart, WeekFigures } from './plan-chart.tsx';

export interface PlanPageProps {
  user: SignedInUser;
  plan: Plan;
  /** The plan's parameters as asked (empty: the settings'). */
  asked: { weeks: string; capacity: string; region: string };
  regions: string[];
  state: FormState;
  /** Every week's visits (otherwise the first WEEKS_SHOWN weeks that hold visits). */
  everyWeek: boolean;
}

/** A national plan has thousands of visits: the page shows the first weeks', the files every one. */
const WEEKS_SHOWN = 8;
const ROWS_SHOWN = 100;

function VisitRows(props: { visits: PlannedVisit[]; plan: Plan; state: FormState; query: string }) {
  return (
    <table class="govuk-table app-table--stack">
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">
            Visit
          </th>
          <th scope="col" class="govuk-table__header">
            Items and due dates
          </th>
          <th scope="col" class="govuk-table__header govuk-table__header--numeric">
            Team-days
          </th>
          <th scope="col" class="govuk-table__header">
            Status
          </th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {props.visits.map((v) => (
          <tr class="govuk-table__row">
            <th scope="row" class="govuk-table__header">
              {visitTitle(v)}
              <span class="govuk-body-s app-block">{v.trustName ?? v.trustId}</span>
            </th>
            <td class="govuk-table__cell" data-label="Items">
              <ul class="govuk-list govuk-body-s">
                {v.items.map((i) => (
                  <li>
                    <a class="govuk-link" href={`/web/items/${encodeURIComponent(i.itemId)}`}>
                      {i.what}
                    </a>
                    : due {longDate(i.dueBy)}
                  </li>
                ))}
              </ul>
            </td>
            <td class="govuk-table__cell govuk-table__cell--numeric" data-label="Team-days">
              {String(v.days)}
            </td>
            <td class="govuk-table__cell" data-label="Status">
              {v.fixed ? (
                <strong class="govuk-tag govuk-tag--green">Booked</strong>
              ) : (
                <strong class="govuk-tag govuk-tag--grey">Proposed</strong>
              )}{' '}
              {v.late && <strong class="govuk-tag govuk-tag--red">Late</strong>}
              {!v.fixed && (
                <form method="post" action={`/web/plan/book${props.query}`} class="app-book-visit">
                  <input type="hidden" name="csrf" value={props.state.csrf} />
                  <input type="hidden" name="week" value={v.week} />
                  <input type="hidden" name="visit" value={visitTitle(v)} />
                  <input type="hidden" name="itemIds" value={v.itemIds.join('\n')} />
                  <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
                    Book this week<span class="govuk-visually-hidden">: {visitTitle(v)}</span>
                  </button>
                </form>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A whole-number field of the plan's form, filled with the figure the plan used. */
function NumberField(props: { id: string; label: string; width: number; value: string }) {
  return (
    <div class="govuk-form-group">
      <label class="govuk-label govuk-label--s" for={props.id}>
        {props.label}
      </label>
      <input
        class={`govuk-input govuk-input--width-${props.width}`}
        id={props.id}
        name={props.id}
        inputmode="numeric"
        value={props.value}
      />
    </div>
  );
}

/** Items of the plan in a table, each linked to its page, with its figures in words; nothing when empty. */
function ItemTable(props: {
  title: string;
  columns: string[];
  rows: { itemId: string; what: string; cells: string[] }[];
  /** Where every row is, when the page shows only the first ROWS_SHOWN. */
  all: string;
}) {
  if (props.rows.length === 0) return null;
  return (
    <>
      <h2 class="govuk-heading-m">{props.title}</h2>
      <table class="govuk-table app-table--stack">
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            {['Item', ...props.columns].map((c) => (
              <th scope="col" class="govuk-table__header">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {props.rows.slice(0, ROWS_SHOWN).map((r) => (
            <tr class="govuk-table__row">
              <th scope="row" class="govuk-table__header">
                <a class="govuk-link" href={`/web/items/${encodeURIComponent(r.itemId)}`}>
                  {r.what}
                </a>
              </th>
              {r.cells.map((cell, i) => (
                <td class="govuk-table__cell" data-label={props.columns[i]}>
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {props.rows.length > ROWS_SHOWN && (
        <p class="govuk-body">
          The first {ROWS_SHOWN} of {props.rows.length}: every one is in the{' '}
          <a class="govuk-link" href={props.all}>
            plan as a spreadsheet (CSV)
          </a>
          .
        </p>
      )}
    </>
  );
}

export function PlanPage(props: PlanPageProps) {
  const { plan, asked, state } = props;
  const asks = new URLSearchParams(Object.entries(asked).filter(([, v]) => v !== '')).toString();
  const csv = `/web/plan.csv${asks ? `?${asks}` : ''}`;
  const withVisits = plan.weeks.filter((w) => plan.visits.some((v) => v.week === w.week));
  const shownWeeks = props.everyWeek ? withVisits : withVisits.slice(0, WEEKS_SHOWN);
  const query = `?${new URLSearchParams(Object.entries(asked).filter(([, v]) => v !== '')).toString()}`;
  const short = plan.shortfall.teamDays > 0;
  return (
    <Layout title="Plan" user={props.user} section="plan" wide>
      <FormOutcome state={state} formKey="form" done={state.done} />
      <h1 class="govuk-heading-l">Plan of site visits</h1>
      <p class="govuk-body">
        {plan.region ?? 'Every region'}: {countText(plan.settings.weeks, 'week')} from the week of{' '}
        {longDate(plan.firstWeek)}, with {countText(plan.settings.capacity, 'team-day')} of inspection a week
        (less in weeks with bank holidays). A proposal: nothing is booked until someone books it.
      </p>
      <div class={short ? 'govuk-warning-text' : 'govuk-inset-text'}>
        {short && (
          <span class="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
        )}
        <strong class={short ? 'govuk-warning-text__text' : undefined}>{shortfallText(plan)}</strong>
      </div>
      <ul class="govuk-list govuk-list--bullet">
        <li>
          {countText(plan.visits.length, 'visit')} planned,{' '}
          {countText(plan.visits.filter((v) => v.fixed).length, 'booked visit')} among them.
        </li>
        <li>
          {countText(plan.late.length, 'item')} late in the plan;{' '}
          {countText(plan.notPlanned.filter((n) => n.why.startsWith('No week')).length, 'item')} with no room
          in any week.
        </li>
        <li>{solverText(plan)}</li>
      </ul>
      <p class="govuk-body">
        <a class="govuk-link" href={csv}>
          Download the plan as a spreadsheet (CSV)
        </a>{' '}
        or{' '}
        <a class="govuk-link" href={`/web/plan.ics${asks ? `?${asks}` : ''}`}>
          as a calendar (iCalendar)
        </a>
        : every visit and item.
      </p>
      <form method="get" action="/web/plan" class="app-inline-form">
        <NumberField
          id="weeks"
          label="Weeks ahead"
          width={3}
          value={asked.weeks || String(plan.settings.weeks)}
        />
        <NumberField
          id="capacity"
          label="Team-days a week"
          width={4}
          value={asked.capacity || String(plan.settings.capacity)}
        />
        <div class="govuk-form-group">
          <label class="govuk-label govuk-label--s" for="region">
            Region
          </label>
          <select class="govuk-select" id="region" name="region">
            <option value="">Every region</option>
            {props.regions.map((r) => (
              <option value={r} selected={r === asked.region}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="govuk-button govuk-button--secondary">
          Plan again
        </button>
      </form>

      <h2 class="govuk-heading-m">Load against capacity</h2>
      <p class="govuk-body-s">
        Bars: team-days planned each week (red where bookings alone pass the capacity). Black marks: the
        week's capacity.
      </p>
      <LoadChart plan={plan} />
      <WeekFigures plan={plan} />

      <ItemTable
        title="Late in this plan"
        all={csv}
        columns={['Due by', 'Planned for', 'Late by']}
        rows={plan.late.map((l) => ({
          ...l,
          cells: [longDate(l.dueBy), weekText(l.week), durationText(l.dueBy, l.week)],
        }))}
      />
      <ItemTable
        title="Not in this plan"
        all={csv}
        columns={['Why']}
        rows={plan.notPlanned.map((n) => ({ ...n, cells: [n.why] }))}
      />

      <h2 class="govuk-heading-m">Visits week by week</h2>
      <p class="govuk-body">
        Booking a proposed visit books each of its items for a day of that week (an ordinary booking, kept in
        each item's history, noting it came from the plan); the next plan keeps it in that week.
      </p>
      {shownWeeks.map((w) => (
        <>
          <h3 class="govuk-heading-s">
            {weekText(w.week)}: {w.planned} of {countText(w.capacity, 'team-day')}
          </h3>
          <VisitRows
            visits={plan.visits.filter((v) => v.week === w.week)}
            plan={plan}
            state={state}
            query={query}
          />
        </>
      ))}
      {shownWeeks.length < withVisits.length && (
        <p class="govuk-body">
          <a class="govuk-link" href={`/web/plan?${asks ? `${asks}&` : ''}weeksShown=all`}>
            Show all {withVisits.length} weeks with visits
          </a>
        </p>
      )}
    </Layout>
  );
}
