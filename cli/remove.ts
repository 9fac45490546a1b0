import { parseArgs } from 'node:util';
import { londonDateOf } from '../domain/calendar.ts';
import { recordId } from '../domain/records.ts';
import { NothingToRetireError, retireRecords } from '../use-cases/retire-records.ts';
import type { CommandIo } from './due.ts';
import { UsageError } from './errors.ts';
import { explainConnectionError, wireTarget } from './target.ts';

export const REMOVE_USAGE = `Usage: trust-scheduler remove --trust ID [--location ID] [options]      (npm run cli -- remove …)

Retires a trust, or one location of it: deletes its records, closes its due items and report
tasks, and keeps what went, when and why in a history record of the trust. Nothing removed is
planned or emailed again. Importing the trust or location again brings it back.

  --trust ID        the trust (CQC provider id, e.g. RM3)
  --location ID     only this location (CQC location id, e.g. RM317; for services rated at
                    provider level, the provider id)
  --reason TEXT     kept in the history record (default: "removed by an admin")
  --dry-run         say what would go, change nothing
  --table NAME      the deployed table in AWS (with AWS credentials); default: the local stack
  --format FORMAT   text (default) | json

Exit code 1: nothing is stored for that trust or location (the known locations are named).`;

function idOption(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const parsed = recordId.safeParse(raw);
  if (!parsed.success)
    throw new UsageError(`--${name} ${JSON.stringify(raw)}: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

export async function removeCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      trust: { type: 'string' },
      location: { type: 'string' },
      reason: { type: 'string', default: 'removed by an admin' },
      'dry-run': { type: 'boolean', default: false },
      table: { type: 'string' },
      format: { type: 'string', default: 'text' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  const trustId = idOption('trust', values.trust);
  if (!trustId) throw new UsageError('--trust ID is required');
  const locationId = idOption('location', values.location);
  if (!['text', 'json'].includes(values.format))
    throw new UsageError(`--format: ${JSON.stringify(values.format)} is not one of text, json`);
  const reason = values.reason.trim();
  if (!reason) throw new UsageError('--reason must not be empty');

  const {
    target,
    wiring: { repos },
  } = await wireTarget(values.table);
  const now = io.now();
  let retired: Awaited<ReturnType<typeof retireRecords>>;
  try {
    retired = await retireRecords(
      repos.trustRecords,
      { trustId, locationId },
      { dryRun: values['dry-run'], reason, now, on: londonDateOf(now) },
    );
  } catch (err) {
    if (err instanceof NothingToRetireError) {
      io.stderr(`error: ${err.message}`);
      return 1;
    }
    throw explainConnectionError(err, target);
  }
  const dryRun = values['dry-run'];
  if (values.format === 'json') {
    io.stdout(JSON.stringify({ table: target.tableName, dryRun, ...retired }, null, 2));
    return 0;
  }
  const what = locationId ? `trust ${trustId}, location ${locationId}` : `trust ${trustId}`;
  io.stdout(
    [
      `${dryRun ? 'Dry run: nothing changed. Would remove' : 'Removed'} ${what} from table ${target.tableName} (${reason})`,
      `  records ${retired.records}, due items closed ${retired.items.length}, report tasks closed ${retired.tasks.length}`,
      ...(dryRun ? [] : ['  kept: a history record of the trust saying what went, when and why']),
    ].join('\n'),
  );
  return 0;
}
