/** @jsxImportSource hono/jsx */
import { countText } from '../../domain/item-words.ts';
import type { Plan } from '../../domain/planning/plan.ts';
import { weekText } from '../../domain/planning/plan-words.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Load against capacity, week by week, drawn on the server (SVG, no script): a bar per week for
 * the team-days planned (red where bookings alone pass the capacity), a mark for the week's
 * capacity. The table after it gives every figure, which is what a screen reader reads.
 */
export function LoadChart(props: { plan: Plan }) {
  const { weeks } = props.plan;
  const max = Math.max(1, ...weeks.map((w) => Math.max(w.capacity, w.planned)));
  // A fixed width, whatever the horizon: a short plan's bars widen rather than the chart grow tall.
  const width = 640;
  const slot = width / weeks.length;
  const bar = Math.max(2, slot * 0.7);
  const height = 180;
  const y = (v: number) => height - Math.round((v / max) * (height - 10));
  let lastLabel = -Infinity;
  return (
    <svg
      class="app-chart app-chart--plan"
      viewBox={`0 0 ${width} ${height + 44}`}
      aria-labelledby="load-title"
      focusable="false"
      font-family="Arial, Helvetica, sans-serif"
    >
      <title id="load-title">
        Team-days planned (bars) against capacity (black marks), week by week: the table below gives each
        figure
      </title>
      <line x1="0" y1={height} x2={width} y2={height} stroke="#0b0c0c" stroke-width="1" />
      {weeks.map((w, i) => {
        const x = i * slot + (slot - bar) / 2;
        const month = Number(w.week.slice(5, 7)) - 1;
        const newMonth = i === 0 || weeks[i - 1]!.week.slice(5, 7) !== w.week.slice(5, 7);
        // A month's name under its first week, when there is room since the last one.
        const label = newMonth && x - lastLabel >= 44;
        if (label) lastLabel = x;
        return (
          <g>
            <rect
              x={x}
              y={y(w.planned)}
              width={bar}
              height={height - y(w.planned)}
              fill={w.planned > w.capacity ? '#d4351c' : '#1d70b8'}
            />
            <line
              x1={x - 1}
              x2={x + bar + 1}
              y1={y(w.capacity)}
              y2={y(w.capacity)}
              stroke="#0b0c0c"
              stroke-width="3"
            />
            {label && (
              <text x={x} y={height + 18} font-size="18" fill="#0b0c0c">
                {MONTHS[month]}
              </text>
            )}
            {label && (month === 0 || i === 0) && (
              <text x={x} y={height + 38} font-size="18" fill="#0b0c0c">
                {w.week.slice(0, 4)}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

/** The chart's figures, week by week, folded: what a screen reader reads. */
export function WeekFigures(props: { plan: Plan }) {
  const { plan } = props;
  return (
    <details class="govuk-details">
      <summary class="govuk-details__summary">
        <span class="govuk-details__summary-text">The figures, week by week</span>
      </summary>
      <div class="govuk-details__text">
        <table class="govuk-table">
          <caption class="govuk-table__caption govuk-table__caption--s">
            Team-days planned and capacity per week
          </caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">
                Week
              </th>
              <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                Planned
              </th>
              <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                Capacity
              </th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {plan.weeks.map((w) => (
              <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header">
                  {weekText(w.week)}
                  {w.bankHolidays.length > 0 && (
                    <span class="govuk-body-s app-block">
                      {countText(w.bankHolidays.length, 'bank holiday')}
                    </span>
                  )}
                </th>
                <td class="govuk-table__cell govuk-table__cell--numeric">{String(w.planned)}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{String(w.capacity)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
