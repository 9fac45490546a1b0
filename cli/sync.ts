import { parseArgs } from 'node:util';
import { CQC_API_DEFAULTS, CqcApiClient, CqcApiError } from '../adapters/cqc/api-client.ts';
import { recordId } from '../domain/records.ts';
import type { SyncRun } from '../use-cases/sync-trusts.ts';
import { type CommandIo, parseAsOf, readPolicyFile } from './due.ts';
import { ConnectionError, EXIT, UsageError } from './errors.ts';
import { explainConnectionError, wireTarget } from './target.ts';

export const SYNC_USAGE = `Usage: trust-scheduler sync [--full] [--provider ID …] [options]      (npm run cli -- sync …)

Brings the table in line with the CQC public API. By default, the changes since the last sync
(the CQC changes feeds, from the stored watermark less an hour); the first sync, and any sync
that finds a full reconcile unfinished, does a full reconcile. Documents are parsed and
validated as \`import\` does; what CQC says is gone (a deregistered location, one its provider no
longer lists, a core service its documents no longer rate, a provider deregistered or no longer
an NHS trust) is retired as \`remove\` does.

  --full            every stored trust and every NHS trust the API lists, retiring what is gone
  --provider ID     only this provider (repeat for more); the watermark does not move
  --allow-mass-retire
                    confirm retirements the run would otherwise hold back: all the locations or
                    all the core services of a trust, or more than one trust and over 20% of them
  --as-of DATE      the date due items are refreshed for (default: today in Europe/London)
  --policy FILE     JSON policy overrides
  --table NAME      the deployed table in AWS (with AWS credentials); default: the local stack
  --format FORMAT   text (default) | json

Environment: CQC_API_KEY (your subscription key; never printed), CQC_API_BASE_URL (default
${CQC_API_DEFAULTS.baseUrl}; npm start's stand-in is http://127.0.0.1:8010/public/v1),
CQC_API_REQUESTS_PER_MINUTE (default ${CQC_API_DEFAULTS.requestsPerMinute}), SYNC_MAX_RETIRE_SHARE (the share of
stored trusts one run may retire before it holds them; default 0.2), DYNAMODB_PORT (or DYNAMODB_ENDPOINT), TABLE_NAME.

Exit code 4: the sync completed with problems (documents that failed validation or came
incomplete, requests that failed every retry, retirements held back), each named; everything
else went ahead. Exit code 5: the CQC API refused the key (401/403): the run stopped at once and
no watermark moved.`;

export function describeSync(run: SyncRun): string {
  return [
    `Sync ${run.runId} (${run.mode}${run.window ? `, changes since ${run.window.since}` : ''}): ${run.status}`,
    `  providers checked ${run.providersChecked}, documents fetched ${run.documentsFetched} (${run.requests} requests, ${run.retries} retries, ${run.throttled} throttled)`,
    `  records created ${run.created}, updated ${run.updated}, unchanged ${run.unchanged}; documents passed over ${run.skipped}; retired ${run.retiredCount}${run.retireHeld ? `; retirements held back ${run.retireHeld}` : ''}`,
    ...run.retired.map(
      (r) =>
        `    retired ${r.trustId}${r.locationId ? ` location ${r.locationId}` : ''}${r.service ? ` service ${JSON.stringify(r.service)}` : ''}: ${r.reason}`,
    ),
    ...(run.toCheck.length ? [`  to check by hand ${run.toCheck.length}:`] : []),
    ...run.toCheck.map(
      (c) => `    ${c.trustId} (${c.source}, assessed ${c.assessmentDate ?? 'date not given'}): ${c.reason}`,
    ),
    `  problems ${run.problemCount}`,
    ...run.problems.map((p) => `    ${p.document}: ${p.reason.replace(/\n/g, '\n      ')}`),
    ...(run.failure ? [`  stopped: ${run.failure}`] : []),
    ...(run.watermark ? [`  watermark ${run.watermark}`] : []),
    ...(run.retry.length ? [`  to read first next run: ${run.retry.join(', ')}`] : []),
  ].join('\n');
}

export async function syncCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      full: { type: 'boolean', default: false },
      provider: { type: 'string', multiple: true },
      'allow-mass-retire': { type: 'boolean', default: false },
      'as-of': { type: 'string' },
      policy: { type: 'string' },
      table: { type: 'string' },
      format: { type: 'string', default: 'text' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  if (!['text', 'json'].includes(values.format))
    throw new UsageError(`--format: ${JSON.stringify(values.format)} is not one of text, json`);
  const providers = (values.provider ?? []).map((raw) => {
    const parsed = recordId.safeParse(raw);
    if (!parsed.success)
      throw new UsageError(`--provider ${JSON.stringify(raw)}: ${parsed.error.issues[0]!.message}`);
    return parsed.data;
  });
  if (values.full && providers.length) throw new UsageError('--full and --provider: give one');
  const apiKey = process.env.CQC_API_KEY?.trim() || undefined;
  if (!apiKey)
    throw new UsageError(
      'CQC_API_KEY is not set: get a subscription key at https://api-portal.service.cqc.org.uk/ (or use the key npm start prints for its stand-in)',
    );

  const { target, wiring } = await wireTarget(values.table, {
    policy: await readPolicyFile(values.policy),
    fallbackRecipient: process.env.FALLBACK_RECIPIENT,
  });
  const api = new CqcApiClient({
    ...CQC_API_DEFAULTS,
    baseUrl: process.env.CQC_API_BASE_URL || CQC_API_DEFAULTS.baseUrl,
    requestsPerMinute: Number(process.env.CQC_API_REQUESTS_PER_MINUTE || CQC_API_DEFAULTS.requestsPerMinute),
    apiKey,
    onRetry: (r) => io.stderr(`retrying ${r.path} (${r.reason}; attempt ${r.attempt})`),
  });
  let run: SyncRun;
  try {
    run = await wiring.syncFrom(api, {
      mode: values.full ? 'full' : 'incremental',
      providers,
      allowMassRetire: values['allow-mass-retire'],
      ...(process.env.SYNC_MAX_RETIRE_SHARE
        ? { maxTrustShare: Number(process.env.SYNC_MAX_RETIRE_SHARE) }
        : {}),
      asOf: parseAsOf(values['as-of'], io.now),
      onProgress: (line) => io.stderr(line),
    });
  } catch (err) {
    if (err instanceof CqcApiError) {
      const message = `CQC API ${err.path}: ${err.message}`;
      if (err.transient) throw new ConnectionError(message);
      io.stderr(`error: ${message}`);
      return EXIT.failed;
    }
    throw explainConnectionError(err, target);
  }
  if (run.status === 'busy') {
    io.stderr('error: another sync is running on this table; try again when it has finished');
    return EXIT.failed;
  }
  io.stdout(values.format === 'json' ? JSON.stringify(run, null, 2) : describeSync(run));
  if (run.status === 'refused') {
    io.stderr(`error: ${run.failure}`);
    return EXIT.refused;
  }
  return run.status === 'succeeded' ? EXIT.ok : EXIT.problems;
}
