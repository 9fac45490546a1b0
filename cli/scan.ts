import { parseArgs } from 'node:util';
import { wireLocal } from '../local/wiring.ts';
import type { RunRecord } from '../use-cases/nightly-run.ts';
import type { SendOutcome } from '../use-cases/send-digest.ts';
import { type CommandIo, parseAsOf, readPolicyFile } from './due.ts';
import { EXIT, UsageError } from './errors.ts';
import { ensureReachable, explainConnectionError, localPorts, resolveTarget } from './target.ts';

export const SCAN_USAGE = `Usage: trust-scheduler nightly [options]      (also: scan; npm run cli -- nightly …)

Runs the nightly job once against the local stack: records stage changes, raises and closes
report tasks, and emails each relationship holder a digest of what is new, through the
in-process bus. Prints the run record.

  --as-of YYYY-MM-DD  the date to run for (default: today in Europe/London); the run id is manual:<date>
  --scheduled-time T  run exactly as EventBridge Scheduler invokes the job: T (an ISO instant, e.g.
                      2026-11-23T02:30:00Z) is the run id and its London date the as-of date; to
                      replay a scheduled run. Not with --as-of
  --format FORMAT     text (default) | json
  --policy FILE       JSON policy overrides (intervals, alert windows)
  --table NAME        the table to read (default: TABLE_NAME, or trust-scheduler)

Environment: DYNAMODB_PORT (default 8000) or DYNAMODB_ENDPOINT, SES_PORT (8005) or SES_ENDPOINT,
TABLE_NAME, SENDER_ADDRESS, FALLBACK_RECIPIENT, WEB_BASE_URL (where the digests' links point;
default the local stack's pages, http://127.0.0.1:3000, or API_PORT's).

Exit code 4: the run completed with problems (records skipped, digests rejected by SES or
dead-lettered), each named in the output; every other trust and digest went ahead.`;

/** What EventBridge Scheduler passes as <aws.scheduler.scheduled-time>, with or without milliseconds or an offset. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export function describeRun(run: RunRecord): string {
  const alerts = Object.entries(run.itemsByKindAndStage)
    .map(
      ([kind, stages]) =>
        `${kind} ${stages.overdue}/${stages.urgent}/${stages['due-soon']}/${stages.scheduled}`,
    )
    .join(', ');
  return [
    `Nightly run ${run.runId} (as of ${run.asOf}): ${run.status}`,
    `  trusts ${run.trusts}, records read ${run.recordsRead}, items ${run.items} (overdue/urgent/due-soon/scheduled: ${alerts}), unrated ${run.unrated}`,
    `  stage changes ${run.stageChanges}, items closed ${run.itemsClosed}, tasks raised ${run.tasksRaised}, tasks closed ${run.tasksClosed}`,
    `  digests published ${run.digestsPublished} (${run.digestItems} items${run.digestToCheck ? `, ${run.digestToCheck} to check` : ''}), problems ${run.problemCount}`,
    ...run.problems.map((p) => `    ${p.record}: ${p.reason}`),
  ].join('\n');
}

export async function scanCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'as-of': { type: 'string' },
      'scheduled-time': { type: 'string' },
      format: { type: 'string', default: 'text' },
      policy: { type: 'string' },
      table: { type: 'string' },
    },
    strict: true,
  });
  if (!['text', 'json'].includes(values.format))
    throw new UsageError(`--format: ${JSON.stringify(values.format)} is not one of json, text`);
  const scheduledTime = values['scheduled-time'];
  if (scheduledTime !== undefined && values['as-of'] !== undefined)
    throw new UsageError('--scheduled-time and --as-of: give one (the scheduled time fixes the date)');
  if (scheduledTime !== undefined && !ISO_INSTANT.test(scheduledTime))
    throw new UsageError(
      `--scheduled-time: ${JSON.stringify(scheduledTime)} is not an ISO instant like 2026-11-23T02:30:00Z`,
    );
  const input = scheduledTime ? { scheduledTime } : { asOf: parseAsOf(values['as-of'], io.now) };
  const target = resolveTarget(values.table);
  await ensureReachable(target);
  const wiring = wireLocal({
    dynamoDbEndpoint: target.dynamoDbEndpoint,
    sesEndpoint: target.sesEndpoint,
    tableName: target.tableName,
    region: target.region,
    policy: await readPolicyFile(values.policy),
    fallbackRecipient: process.env.FALLBACK_RECIPIENT,
    senderAddress: process.env.SENDER_ADDRESS,
    // The digests link each item to its page, as the deployed ones do: here, npm start's pages.
    webBaseUrl: process.env.WEB_BASE_URL ?? `http://127.0.0.1:${localPorts().apiPort}`,
  });
  let run: RunRecord;
  try {
    run = await wiring.nightlyRun(input);
  } catch (err) {
    throw explainConnectionError(err, target);
  }
  io.stdout(values.format === 'json' ? JSON.stringify(run, null, 2) : describeRun(run));
  // Counted apart, never as delivered: what SES refused for good, and what failed every attempt.
  const outcomes = wiring.bus.delivered.map((d) => d.result as SendOutcome);
  const rejected = outcomes.filter((o) => o.status === 'failed').length;
  const deadLettered = wiring.bus.deadLetters.length;
  const troubles = [
    run.problemCount > 0 ? `${run.problemCount} problem(s), named above` : '',
    rejected > 0 ? `${rejected} digest(s) rejected by SES for good` : '',
    deadLettered > 0 ? `${deadLettered} digest(s) failed every delivery attempt` : '',
  ].filter(Boolean);
  if (troubles.length === 0) return EXIT.ok;
  io.stderr(
    `warning: the run completed with ${troubles.join('; ')}. Undelivered items are offered again next run. Exit code ${EXIT.problems}.`,
  );
  return EXIT.problems;
}
