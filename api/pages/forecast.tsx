/** @jsxImportSource hono/jsx */
import { FORECAST_GROUPS, type Forecast, type ForecastGroup } from '../../domain/forecast.ts';
import type { ItemStatus } from '../../domain/item-state.ts';
import { countText, longDate } from '../../domain/item-words.ts';
import { KIND_LABELS } from '../../domain/labels.ts';
import type { DueKind } from '../../domain/policy.ts';
import type { SignedInUser } from '../../domain/roles.ts';
import { DateText, Layout, STATUS_LABELS } from './layout.tsx';

/** "Dec" over "2026" under a bar: a month no one can take for another year. */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const shortMonth = (p: string) => MONTHS[Number(p.slice(5, 7)) - 1]!;
const periodLong = (p: string) => (p === 'overdue' ? 'Overdue' : longDate(`${p}-01`).replace(/^1 /, ''));

/** The due work a bar stands for: that month's items, or the overdue ones. */
export const periodHref = (p: string) =>
  p === 'overdue' ? '/?view=all&stage=overdue' : `/?view=all&month=${p}`;

const GROUP_WORDS: Record<ForecastGroup, string> = {
  kind: 'Kind',
  region: 'Region',
  holder: 'Relationship holder',
  status: 'Status',
};

/** A group's key in words: a kind's label, a status's, or the region or holder as given. */
function groupLabel(groupBy: ForecastGroup, key: string): string {
  if (groupBy === 'kind') return KIND_LABELS[key as DueKind] ?? key;
  if (groupBy === 'status') return STATUS_LABELS[key as ItemStatus] ?? key;
  if (key === '(no holder)') return 'No holder';
  if (key === '(no region)') return 'No region';
  return key;
}

function GroupByForm(props: { groupBy: ForecastGroup; months: number }) {
  return (
    <form method="get" action="/web/forecast" class="app-inline-form">
      <div class="govuk-form-group">
        <label class="govuk-label govuk-label--s" for="groupBy">
          Count by
        </label>
        <select class="govuk-select" id="groupBy" name="groupBy">
          {FORECAST_GROUPS.map((g) => (
            <option value={g} selected={g === props.groupBy}>
              {GROUP_WORDS[g]}
            </option>
          ))}
        </select>
      </div>
      <input type="hidden" name="months" value={String(props.months)} />
      <button type="submit" class="govuk-button govuk-button--secondary">
        Count
      </button>
    </form>
  );
}

/**
 * The forecast as a bar chart drawn on the server (SVG: no script, scales to the page's width),
 * each bar a link to its month's items, and the same figures in a table counted by kind, region,
 * holder or status, which is what a screen reader reads.
 */
export function ForecastPage(props: { user: SignedInUser; forecast: Forecast }) {
  const { buckets, total, asOf, groupBy } = props.forecast;
  const max = Math.max(1, ...buckets.map((b) => b.total));
  const barWidth = 44;
  const gap = 14;
  const height = 200;
  const width = buckets.length * (barWidth + gap) + gap;
  const keys = [...new Set(buckets.flatMap((b) => Object.keys(b.groups)))].sort((a, b) =>
    groupLabel(groupBy, a).localeCompare(groupLabel(groupBy, b)),
  );
  return (
    <Layout title="Forecast" user={props.user} section="forecast" wide>
      <h1 class="govuk-heading-l">
        {props.user.role === 'holder' ? 'What falls due on your trusts' : 'What falls due'}
      </h1>
      <p class="govuk-body">
        {countText(total, 'item')} overdue or due in the next {props.forecast.months} months, as of{' '}
        <DateText iso={asOf} />. Each bar opens its month's items.
      </p>
      <svg
        class="app-chart app-chart--forecast"
        viewBox={`0 0 ${width} ${height + 48}`}
        aria-labelledby="chart-title"
        focusable="false"
        font-family="Arial, Helvetica, sans-serif"
      >
        <title id="chart-title">Items due per month: the table below gives each figure</title>
        <line x1="0" y1={height} x2={width} y2={height} stroke="#0b0c0c" stroke-width="1" />
        {buckets.map((b, i) => {
          const h = Math.round((b.total / max) * (height - 24));
          const x = gap + i * (barWidth + gap);
          const mid = x + barWidth / 2;
          return (
            <a
              href={periodHref(b.period)}
              aria-label={`${periodLong(b.period)}: ${countText(b.total, 'item')}`}
            >
              <rect
                x={x}
                y={height - h}
                width={barWidth}
                height={Math.max(h, 1)}
                fill={b.period === 'overdue' ? '#d4351c' : '#1d70b8'}
              />
              <text x={mid} y={height - h - 6} text-anchor="middle" font-size="14" fill="#0b0c0c">
                {b.total}
              </text>
              <text x={mid} y={height + 18} text-anchor="middle" font-size="13" fill="#1d70b8">
                {b.period === 'overdue' ? 'Overdue' : shortMonth(b.period)}
              </text>
              {b.period !== 'overdue' && (
                <text x={mid} y={height + 36} text-anchor="middle" font-size="13" fill="#1d70b8">
                  {b.period.slice(0, 4)}
                </text>
              )}
            </a>
          );
        })}
      </svg>
      <GroupByForm groupBy={groupBy} months={props.forecast.months} />
      <div class="app-scroll">
        <table class="govuk-table app-table--stack">
          <caption class="govuk-table__caption govuk-table__caption--s">
            Items due by month, by {GROUP_WORDS[groupBy].toLowerCase()}
          </caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">
                Month
              </th>
              {keys.map((k) => (
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                  {groupLabel(groupBy, k)}
                </th>
              ))}
              <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                All
              </th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {buckets.map((b) => (
              <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header">
                  <a class="govuk-link" href={periodHref(b.period)}>
                    {periodLong(b.period)}
                  </a>
                </th>
                {keys.map((k) => (
                  <td
                    class="govuk-table__cell govuk-table__cell--numeric"
                    data-label={groupLabel(groupBy, k)}
                  >
                    {String(b.groups[k] ?? 0)}
                  </td>
                ))}
                <td class="govuk-table__cell govuk-table__cell--numeric" data-label="All">
                  {String(b.total)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
