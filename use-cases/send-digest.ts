import type { Logger } from '@aws-lambda-powertools/logger';
import pMap from 'p-map';
import { digestIdOf } from '../domain/delivery.ts';
import { type DigestDetail, type DigestItem, digestDetailSchema } from '../domain/digest.ts';
import { renderDigest } from '../domain/digest-email.ts';
import { redactEmails } from '../domain/redact.ts';
import { assessmentOf, type ToCheck } from '../domain/to-check.ts';
import {
  type Deliveries,
  type DigestLedgerUpdate,
  type DigestOutcome,
  type Mailer,
  PermanentMailError,
} from './ports.ts';

/** The EventBridge envelope the rule delivers (only what the handler reads). */
export interface DigestEvent {
  id?: string;
  source?: string;
  'detail-type'?: string;
  detail: unknown;
}

export type SendOutcome =
  | { status: 'sent'; messageId: string; items: number; toCheck: number; leftOut: number }
  /** Every item was told (or is being told) by another digest: nothing to send. */
  | { status: 'nothing-new' }
  | { status: 'duplicate' }
  /** An earlier delivery handed the email to SES and stopped: recorded now, not sent again. */
  | { status: 'recovered'; items: number }
  | { status: 'failed'; reason: string };

const OUTCOME_COUNTED_AS: Record<SendOutcome['status'], DigestOutcome> = {
  sent: 'sent',
  recovered: 'recovered',
  'nothing-new': 'nothingNew',
  duplicate: 'duplicate',
  failed: 'rejected',
};

export interface SendDigestDeps {
  deliveries: Deliveries;
  mailer: Mailer;
  senderAddress: string;
  /** Where the web pages are: each item links to its page (absent: no links). */
  webBaseUrl?: string;
  logger: Logger;
  now?: () => Date;
  /** A claim older than this is taken to be from a worker that died (above the Lambda timeout). */
  claimTimeoutMs?: number;
}

export class DigestEventError extends Error {
  override name = 'DigestEventError';
}

export class DigestBusyError extends Error {
  override name = 'DigestBusyError';
}

/**
 * Sends one digest email, telling each recipient of each item once per stage, whatever run or
 * redelivery the digest comes from:
 * 1. Open the digest in the ledger (a redelivered event finds what its first delivery got to).
 * 2. Claim each item for the recipient at its stage (each trust to check at its assessment);
 *    those told, moved on, gone, or claimed by another live digest are left out. Nothing left:
 *    nothing is sent.
 * 3. Mark the ledger `sending`, hand the email to SES.
 * 4. Mark each item told, then the ledger `sent`.
 * A delivery that finds `sending` (a crash after step 3) records the items as told without
 * sending again. A permanent SES failure releases the items for the next night and is recorded;
 * a transient one is recorded and re-thrown for the bus to retry.
 */
export function makeSendDigest(deps: SendDigestDeps) {
  const now = deps.now ?? (() => new Date());
  const claimTimeout = deps.claimTimeoutMs ?? 5 * 60_000;

  /** Every final outcome is counted on its run; a transient failure is not final (the bus retries). */
  return async function sendDigest(event: DigestEvent): Promise<SendOutcome> {
    const outcome = await send(event);
    const runId = (event.detail as DigestDetail).runId;
    await deps.deliveries.countOutcome(
      runId,
      OUTCOME_COUNTED_AS[outcome.status],
      Math.floor(now().getTime() / 1000),
    );
    return outcome;
  };

  async function send(event: DigestEvent): Promise<SendOutcome> {
    const parsed = digestDetailSchema.safeParse(event.detail);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new DigestEventError(
        `invalid DueWorkDigest detail: ${issue.path.join('.')}: ${redactEmails(issue.message)}`,
      );
    }
    const detail: DigestDetail = parsed.data;
    const { runId, part } = detail;
    const email = detail.recipient.email;
    const digest = digestIdOf(runId, email, part);
    const log = {
      runId,
      part,
      parts: detail.parts,
      items: detail.items.length,
      fallback: detail.recipient.fallback,
    };
    const staleBefore = () => new Date(now().getTime() - claimTimeout).toISOString();
    const { deliveries } = deps;
    const ledger = (update: DigestLedgerUpdate) =>
      deliveries.updateDigest(runId, email, part, update, now().toISOString());
    const settle = async (
      told: { items: readonly DigestItem[]; toCheck: readonly ToCheck[] },
      status: 'sent' | 'failed',
    ) => {
      const outcome = { status, at: now().toISOString() };
      await pMap(told.items, (i) => deliveries.settleItem(i.trustId, i.itemId, email, digest, outcome), {
        concurrency: 8,
      });
      await pMap(told.toCheck, (c) => deliveries.settleToCheck(c.trustId, email, digest, outcome), {
        concurrency: 8,
      });
    };

    const opening = await deliveries.openDigest(runId, email, part, {
      now: now().toISOString(),
      staleBefore: staleBefore(),
      nowSeconds: Math.floor(now().getTime() / 1000),
    });
    if (opening === 'sent') {
      deps.logger.info('digest already sent: nothing to do', log);
      return { status: 'duplicate' };
    }
    if (opening === 'busy') {
      // Another delivery of this event is working on it right now: let the bus try again later.
      throw new DigestBusyError('digest is being sent by another invocation');
    }
    if (opening === 'sending') {
      // Handed to SES by a delivery that stopped before recording it: sending again could
      // duplicate it, so the items this digest claimed are recorded as told.
      await settle(detail, 'sent');
      await ledger({ status: 'sent', messageId: null, items: detail.items.length, interrupted: true });
      deps.logger.warn('digest was handed to SES by an interrupted delivery: recorded, not sent again', log);
      return { status: 'recovered', items: detail.items.length };
    }

    const claimedAt = now().toISOString();
    const claims = await pMap(
      detail.items,
      (i) =>
        deliveries.claimItem(
          i.trustId,
          i.itemId,
          email,
          {
            stage: i.stage,
            status: 'claimed',
            on: detail.asOf,
            at: claimedAt,
            digest,
            ...(i.episode ? { episode: i.episode } : {}),
          },
          staleBefore(),
        ),
      { concurrency: 8 },
    );
    const items = detail.items.filter((_, n) => claims[n]);
    const toCheckClaims = await pMap(
      detail.toCheck,
      (c) =>
        deliveries.claimToCheck(
          c.trustId,
          email,
          { assessment: assessmentOf(c), status: 'claimed', on: detail.asOf, at: claimedAt, digest },
          staleBefore(),
        ),
      { concurrency: 8 },
    );
    const toCheck = detail.toCheck.filter((_, n) => toCheckClaims[n]);
    if (items.length + toCheck.length === 0) {
      await ledger({ status: 'sent', messageId: null, items: 0 });
      deps.logger.info('digest has nothing new: every item was told by another digest', log);
      return { status: 'nothing-new' };
    }

    await ledger({ status: 'sending' });
    let messageId: string;
    try {
      const rendered = renderDigest({ ...detail, items, toCheck }, { webBaseUrl: deps.webBaseUrl });
      ({ messageId } = await deps.mailer.send({ from: deps.senderAddress, to: email, ...rendered }));
    } catch (err) {
      const permanent = err instanceof PermanentMailError;
      const reason = redactEmails((err as Error).message);
      if (permanent) {
        await settle({ items, toCheck }, 'failed');
        await ledger({ status: 'failed', reason, permanent });
        deps.logger.error('digest not sent: permanent failure; its items will be offered again next run', {
          ...log,
          reason,
        });
        return { status: 'failed', reason };
      }
      // The items stay claimed by this digest: the bus's retry claims them again.
      await ledger({ status: 'failed', reason, permanent });
      deps.logger.warn('digest not sent: transient failure; the bus will retry', { ...log, reason });
      throw err;
    }

    await settle({ items, toCheck }, 'sent');
    await ledger({ status: 'sent', messageId, items: items.length });
    const leftOut = detail.items.length + detail.toCheck.length - items.length - toCheck.length;
    deps.logger.info('digest sent', { ...log, toCheck: toCheck.length, messageId, leftOut });
    return { status: 'sent', messageId, items: items.length, toCheck: toCheck.length, leftOut };
  }
}
