import type { Logger } from '@aws-lambda-powertools/logger';
import { makeSesClient } from '../adapters/clients.ts';
import { openTable, syncPorts } from '../adapters/dynamodb/index.ts';
import { digestBusOn } from '../adapters/eventbridge/bus.ts';
import { makeLogger } from '../adapters/observability.ts';
import { SesMailer } from '../adapters/ses/mailer.ts';
import { DIGEST_DETAIL_TYPE, DIGEST_SOURCE } from '../domain/digest.ts';
import { DEFAULT_POLICY, type Policy } from '../domain/policy.ts';
import type { TrustRecord } from '../domain/records.ts';
import { type ImportOptions, importTrusts as importTrustsWith } from '../use-cases/import-trusts.ts';
import { makeNightlyRun, type NightlyRunDeps } from '../use-cases/nightly-run.ts';
import type { CqcApi } from '../use-cases/ports.ts';
import { makeSendDigest, type SendDigestDeps } from '../use-cases/send-digest.ts';
import { type SyncOptions, syncTrusts } from '../use-cases/sync-trusts.ts';
import { LocalBus } from './bus.ts';

export interface LocalWiringOptions {
  dynamoDbEndpoint: string | undefined;
  sesEndpoint: string | undefined;
  tableName: string;
  region?: string;
  senderAddress?: string;
  fallbackRecipient?: string;
  policy?: Policy;
  segments?: number;
  logger?: Logger;
  sesMaxAttempts?: number;
  busRetryDelayMs?: number;
  /** Where the web pages are: the digests link to them (absent: no links). */
  webBaseUrl?: string | undefined;
}

/** The routing of the deployed rule: DueWorkDigest events from the scheduler to send-digest. */
export const DIGEST_RULE_PATTERN = { source: [DIGEST_SOURCE], 'detail-type': [DIGEST_DETAIL_TYPE] };

/**
 * The same handlers as in AWS, built by the same factories, wired to local adapters: the
 * DynamoDB store on dynalite (or DynamoDB Local), SES local, and the in-process bus.
 */
export function wireLocal(options: LocalWiringOptions) {
  const region = options.region ?? 'eu-west-2';
  const logger = options.logger ?? makeLogger('local', { silent: true });
  const fallbackRecipient = options.fallbackRecipient ?? 'inspection-planning@example.org';
  const repos = openTable({ region, endpoint: options.dynamoDbEndpoint, tableName: options.tableName });
  const mailer = new SesMailer(
    makeSesClient({ region, endpoint: options.sesEndpoint }, options.sesMaxAttempts),
  );
  /** send-digest on this stack; tests override a part (a mailer or ledger that fails, a clock). */
  const makeSend = (overrides: Partial<SendDigestDeps> = {}) =>
    makeSendDigest({
      deliveries: repos.deliveries,
      mailer,
      senderAddress: options.senderAddress ?? 'scheduler@example.org',
      webBaseUrl: options.webBaseUrl,
      logger,
      ...overrides,
    });
  const sendDigest = makeSend();
  const bus = new LocalBus([{ name: 'due-work-digest', pattern: DIGEST_RULE_PATTERN, target: sendDigest }], {
    retryDelayMs: options.busRetryDelayMs,
    onDeadLetter: (d) => logger.error('digest event failed all retries', { rule: d.rule, error: d.error }),
  });
  /** The nightly run on this stack; tests override a part (bus, concurrency, fault injection). */
  const makeRun = (overrides: Partial<NightlyRunDeps> = {}) =>
    makeNightlyRun({
      trusts: repos.trustRecords,
      dueItems: repos.dueItems,
      actions: repos.actions,
      tasks: repos.tasks,
      runs: repos.runs,
      meter: repos.table,
      bus: digestBusOn(bus),
      policy: options.policy ?? DEFAULT_POLICY,
      fallbackRecipient,
      segments: options.segments ?? 4,
      logger,
      ...overrides,
    });
  const nightlyRun = makeRun();
  const importTrusts = (trusts: readonly TrustRecord[], importOptions: ImportOptions) =>
    importTrustsWith({ trusts: repos.trustRecords, dueItems: repos.dueItems, runs: repos.runs }, trusts, {
      fallbackRecipient,
      ...importOptions,
    });
  /** The sync from the CQC API (or its stand-in) into this table. */
  const syncFrom = (
    api: CqcApi,
    syncOptions: Omit<SyncOptions, 'policy'> & { policy?: Policy },
    clock?: { now: () => Date },
  ) =>
    syncTrusts(
      { api, ...syncPorts(repos.table), logger, ...clock },
      { fallbackRecipient, policy: options.policy ?? DEFAULT_POLICY, ...syncOptions },
    );
  return {
    repos,
    syncFrom,
    mailer,
    bus,
    sendDigest,
    makeSendDigest: makeSend,
    nightlyRun,
    makeNightlyRun: makeRun,
    importTrusts,
    logger,
  };
}
