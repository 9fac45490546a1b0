/** @jsxImportSource hono/jsx */
import { countText, instantText, longDate } from '../../domain/item-words.ts';
import type { SignedInUser } from '../../domain/roles.ts';
import { COUNT_WORDS, RUN_STATUS_WORDS, type RunSummary, runSummaryOf } from '../../domain/runs.ts';
import { SummaryRow } from './forms.tsx';
import { Head, Layout } from './layout.tsx';

const runHref = (runId: string) => `/web/runs/${encodeURIComponent(runId)}`;
const KIND_WORDS = { nightly: 'Nightly run', sync: 'Sync from CQC' } as const;
const statusWords = (s: string) => RUN_STATUS_WORDS[s] ?? s;

/** The last nightly runs and syncs, newest first, each linking to its record. */
export function RunsPage(props: { user: SignedInUser; runs: RunSummary[] }) {
  return (
    <Layout title="Runs" user={props.user} section="runs" wide>
      <h1 class="govuk-heading-l">Nightly runs and syncs</h1>
      <p class="govuk-body">The last {props.runs.length === 1 ? 'one' : props.runs.length}, newest first.</p>
      {props.runs.length === 0 ? (
        <p class="govuk-body">No run has been recorded yet.</p>
      ) : (
        <table class="govuk-table app-table--stack">
          <caption class="govuk-table__caption govuk-visually-hidden">Nightly runs and syncs</caption>
          <Head cells={['Started', 'What', 'Status', 'Counts', 'Problems']} />
          <tbody class="govuk-table__body">
            {props.runs.map((r) => (
              <tr class="govuk-table__row">
                <td class="govuk-table__cell" data-label="Started">
                  <a class="govuk-link" href={runHref(r.runId)}>
                    {instantText(r.startedAt)}
                  </a>
                </td>
                <td class="govuk-table__cell" data-label="What">
                  {KIND_WORDS[r.kind]}
                  {r.asOf ? `, as of ${longDate(r.asOf)}` : ''}
                </td>
                <td class="govuk-table__cell" data-label="Status">
                  {statusWords(r.status)}
                </td>
                <td class="govuk-table__cell" data-label="Counts">
                  {Object.entries(r.counts)
                    .map(([k, n]) => `${COUNT_WORDS[k] ?? k}: ${n}`)
                    .join(', ')}
                </td>
                <td class="govuk-table__cell" data-label="Problems">
                  {r.problemCount === 0 ? 'None' : countText(r.problemCount, 'problem')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

/** One run's record: what ran, how it ended, its counts, and every problem named. */
export function RunPage(props: { user: SignedInUser; run: Record<string, unknown> }) {
  const run = runSummaryOf(props.run);
  // A run record is read as stored: a damaged problem list shows no problems, never a 500.
  const problems = (Array.isArray(props.run.problems) ? props.run.problems : []).filter(
    (p): p is { trustId: string | null; record: string; reason: string } =>
      typeof p === 'object' && p !== null && typeof p.record === 'string' && typeof p.reason === 'string',
  );
  return (
    <Layout title="Run" user={props.user} section="runs">
      <a class="govuk-back-link" href="/web/runs">
        All runs
      </a>
      <span class="govuk-caption-l">{KIND_WORDS[run.kind]}</span>
      <h1 class="govuk-heading-l">Started {instantText(run.startedAt)}</h1>
      <dl class="govuk-summary-list">
        <SummaryRow label="Status">{statusWords(run.status)}</SummaryRow>
        {run.asOf && <SummaryRow label="As of">{longDate(run.asOf)}</SummaryRow>}
        <SummaryRow label="Finished">{run.finishedAt ? instantText(run.finishedAt) : 'Not yet'}</SummaryRow>
        {Object.entries(run.counts).map(([k, n]) => (
          <SummaryRow label={COUNT_WORDS[k] ?? k}>{String(n)}</SummaryRow>
        ))}
        <SummaryRow label="Problems">{String(run.problemCount)}</SummaryRow>
        <SummaryRow label="Run id">
          <span class="app-break">{run.runId}</span>
        </SummaryRow>
      </dl>
      <h2 class="govuk-heading-m">Problems</h2>
      {problems.length === 0 ? (
        <p class="govuk-body">
          {run.problemCount === 0
            ? 'None: every record was read and every item planned.'
            : 'None kept in the record.'}
        </p>
      ) : (
        <ul class="govuk-list govuk-list--bullet">
          {problems.map((p) => (
            <li class="app-break">
              {p.trustId ? `${p.trustId}: ` : ''}
              {p.record}: {p.reason}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
