import { parseArgs } from 'node:util';
import { readInput } from '../adapters/files/read-input.ts';
import { londonDateOf } from '../domain/calendar.ts';
import type { ImportSummary } from '../use-cases/import-trusts.ts';
import { type CommandIo, readPolicyFile } from './due.ts';
import { UsageError } from './errors.ts';
import { explainConnectionError, wireTarget } from './target.ts';

export const IMPORT_USAGE = `Usage: trust-scheduler import PATH [options]      (npm run cli -- import …)

Loads trust records into the table: validates the whole input first (nothing is written if it is
invalid), then writes what is new or changed. Re-importing the same input changes nothing.

  PATH              canonical JSON, CQC API location JSON (file or folder), or a ratings CSV
  --holders FILE    CSV (trustId,name,email) assigning relationship holders
  --dry-run         validate and report what would change, write nothing
  --table NAME      the deployed table in AWS (with AWS credentials); default: the local stack
  --policy FILE     JSON policy overrides (for the due dates written with the records)
  --strict          in a folder, fail on a bad file instead of skipping it
  --format FORMAT   text (default) | json

Local stack: DYNAMODB_PORT (default 8000; DYNAMODB_ENDPOINT for another host), TABLE_NAME (default trust-scheduler).`;

export async function importCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      holders: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      table: { type: 'string' },
      policy: { type: 'string' },
      strict: { type: 'boolean', default: false },
      format: { type: 'string', default: 'text' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('give exactly one PATH to import');
  if (!['text', 'json'].includes(values.format))
    throw new UsageError(`--format: ${JSON.stringify(values.format)} is not one of text, json`);
  const inputPath = positionals[0]!;
  const policy = await readPolicyFile(values.policy);
  const input = await readInput(inputPath, {
    strict: values.strict,
    holdersPath: values.holders,
    onFile: (done, total) => {
      if (total >= 50 && (done % 50 === 0 || done === total)) io.stderr(`read ${done}/${total} files`);
    },
  });

  const { target, wiring } = await wireTarget(values.table);
  let lastShown = Date.now();
  let summary: ImportSummary;
  try {
    summary = await wiring.importTrusts(input.trusts, {
      asOf: londonDateOf(io.now()),
      policy,
      dryRun: values['dry-run'],
      onProgress: (done, total) => {
        if (total > 100 && (Date.now() - lastShown > 1000 || done === total)) {
          lastShown = Date.now();
          io.stderr(`imported ${done}/${total} trusts (${Math.round((100 * done) / total)}%)`);
        }
      },
    });
  } catch (err) {
    throw explainConnectionError(err, target);
  }

  const result = { input: inputPath, table: target.tableName, ...summary, skipped: input.skipped };
  if (values.format === 'json') {
    io.stdout(JSON.stringify(result, null, 2));
  } else {
    const verb = summary.dryRun ? 'would be' : '';
    io.stdout(
      [
        `${summary.dryRun ? 'Dry run: nothing written. ' : ''}${inputPath} → table ${target.tableName}: ${summary.trusts} trust(s)`,
        `  records created ${verb} ${summary.created}, updated ${verb} ${summary.updated}, unchanged ${summary.unchanged}`
          .replace(/ {2,}/g, ' ')
          .replace(/^ /, '  '),
        `  skipped inputs: ${input.skipped.length}${summary.dryRun ? '' : `; due items refreshed: ${summary.itemsRefreshed}`}`,
        ...input.skipped.map((s) => `    ${s.source}: ${s.reason}`),
      ].join('\n'),
    );
  }
  return 0;
}
