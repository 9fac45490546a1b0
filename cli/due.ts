import { parseArgs } from 'node:util';
import { readInput } from '../adapters/files/read-input.ts';
import { isIsoDate, londonDateOf } from '../domain/calendar.ts';
import type { Selection } from '../domain/evaluate.ts';
import { itemsToCsv, itemsToTable } from '../domain/format.ts';
import type { ItemState } from '../domain/item-state.ts';
import { longDate } from '../domain/item-words.ts';
import { loadPolicy } from '../domain/policy.ts';
import { buildDueReport, type DueReport } from '../domain/report.ts';
import { applyHolders, type ParsedInput, parseHolders } from '../domain/sources/index.ts';
import { UsageError } from './errors.ts';
import { explainConnectionError, wireTarget } from './target.ts';

export const DUE_USAGE = `Usage: trust-scheduler due [--input PATH] [options]      (npm run cli -- due …)

Evaluates trust records and prints the due work. No database needed.

  --input PATH        canonical JSON, a CQC API location JSON file, a folder of them, or a ratings CSV;
                      without it, the records in the table (the local stack, or --table NAME in AWS)
  --as-of YYYY-MM-DD  the date to evaluate on (default: today in Europe/London)
  --within DAYS       items due on or before as-of + DAYS, overdue included
  --all               every item, scheduled ones too, and those people acted on (booked, deferred,
                      waived), with their status (default: due-soon, urgent and overdue items
                      that need action)
  --format FORMAT     json | csv | table (default: table)
  --holders FILE      CSV (trustId,name,email) assigning relationship holders
  --policy FILE       JSON overriding the policy (intervals, alert windows)
  --strict            in a folder, fail on a bad file instead of skipping it
  --table NAME        read the deployed table in AWS instead of the local stack`;

export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  now: () => Date;
}

export function parseAsOf(value: string | undefined, now: () => Date): string {
  if (value === undefined) return londonDateOf(now());
  if (!isIsoDate(value))
    throw new UsageError(`--as-of: ${JSON.stringify(value)} is not a date written YYYY-MM-DD`);
  return value;
}

export async function readPolicyFile(file: string | undefined) {
  if (!file) return loadPolicy();
  const { readFile } = await import('node:fs/promises');
  let overrides: unknown;
  try {
    overrides = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`--policy ${file}: ${(err as Error).message}`);
  }
  return loadPolicy(overrides);
}

export function renderReport(report: DueReport, format: string): string {
  switch (format) {
    case 'json':
      return JSON.stringify(report, null, 2);
    case 'csv':
      return itemsToCsv(report.items);
    default: {
      const n = report.items.length;
      const lines = [`Due work as of ${longDate(report.asOf)}: ${n} item${n === 1 ? '' : 's'}`, ''];
      lines.push(report.items.length > 0 ? itemsToTable(report.items) : '(nothing due)');
      const acted = Object.entries(report.actedOn).filter(([, n]) => n > 0);
      if (acted.length > 0)
        lines.push(
          '',
          `Not listed, people acted on them: ${acted.map(([status, k]) => `${k} ${status}`).join(', ')} (--all lists them)`,
        );
      if (report.unrated.length > 0)
        lines.push('', `Unrated (no interval, not due): ${report.unrated.length}`);
      for (const u of report.unrated) {
        lines.push(
          `  ${u.trustId} ${u.locationId} ${u.locationName}${u.service ? ` / ${u.service}` : ''}: ${u.rating}`,
        );
      }
      if (report.awaitingReport.length > 0) lines.push('', 'Inspected, report not yet published:');
      for (const a of report.awaitingReport) {
        lines.push(
          `  ${a.trustId} ${a.locationId} ${a.locationName}: inspected ${longDate(a.inspectedOn)}, last report ${a.lastReportPublishedOn ? longDate(a.lastReportPublishedOn) : 'none'}`,
        );
      }
      if (report.toCheck.length > 0) lines.push('', 'For a person to check (no due date is guessed):');
      for (const c of report.toCheck)
        lines.push(
          `  ${c.trustId} (${c.source}): ${c.reason}${c.assessmentDate ? `; assessed ${longDate(c.assessmentDate)}` : ''}`,
        );
      if (report.skipped.length > 0) lines.push('', 'Skipped:');
      for (const s of report.skipped) lines.push(`  ${s.source}: ${s.reason.replace(/\n/g, '\n    ')}`);
      return lines.join('\n');
    }
  }
}

/** The trust records in the table, as the nightly job reads them, and what people did with each item. */
async function readTable(
  tableFlag: string | undefined,
  holdersPath: string | undefined,
): Promise<{ input: ParsedInput; states: Map<string, ItemState> }> {
  const {
    target,
    wiring: { repos },
  } = await wireTarget(tableFlag);
  let scan: Awaited<ReturnType<typeof repos.trustRecords.readAll>>;
  try {
    scan = await repos.trustRecords.readAll({ segments: 4 });
  } catch (err) {
    throw explainConnectionError(err, target);
  }
  const trusts = scan.trusts.flatMap((t) => t.trust ?? []);
  const states = new Map(
    scan.trusts.flatMap((t) =>
      [...t.items.values()].flatMap((i) => (i.itemState ? [[i.itemId, i.itemState] as const] : [])),
    ),
  );
  const input: ParsedInput = {
    trusts,
    unratedLocations: [],
    awaitingReport: [],
    skipped: scan.problems.map((p) => ({ source: `${target.tableName}: ${p.record}`, reason: p.reason })),
  };
  if (!holdersPath) return { input, states };
  const { readFile } = await import('node:fs/promises');
  const holders = parseHolders(await readFile(holdersPath, 'utf8'), holdersPath);
  return { input: { ...input, trusts: applyHolders(trusts, holders) }, states };
}

export async function dueCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      input: { type: 'string' },
      'as-of': { type: 'string' },
      within: { type: 'string' },
      all: { type: 'boolean', default: false },
      format: { type: 'string', default: 'table' },
      holders: { type: 'string' },
      policy: { type: 'string' },
      strict: { type: 'boolean', default: false },
      table: { type: 'string' },
    },
    allowPositionals: false,
    strict: true,
  });
  if (!['json', 'csv', 'table'].includes(values.format)) {
    throw new UsageError(`--format: ${JSON.stringify(values.format)} is not one of json, csv, table`);
  }
  if (values.all && values.within !== undefined)
    throw new UsageError('--within and --all cannot be used together');
  let selection: Selection = { mode: 'alerts' };
  if (values.all) selection = { mode: 'all' };
  if (values.within !== undefined) {
    const days = Number(values.within);
    if (!/^\d+$/.test(values.within) || days > 36500) {
      throw new UsageError(
        `--within: ${JSON.stringify(values.within)} is not a whole number of days (0–36500)`,
      );
    }
    selection = { mode: 'within', days };
  }
  const asOf = parseAsOf(values['as-of'], io.now);
  const policy = await readPolicyFile(values.policy);
  if (values.input && values.table) throw new UsageError('--input and --table cannot be used together');
  const { input, states } = values.input
    ? { input: await readInput(values.input, { strict: values.strict, holdersPath: values.holders }) }
    : await readTable(values.table, values.holders);
  io.stdout(renderReport(buildDueReport(input, asOf, policy, selection, states), values.format));
  return 0;
}
