import type { Logger } from '@aws-lambda-powertools/logger';
import pMap from 'p-map';
import { type DigestDetail, digestDetailSchema } from '../domain/digest.ts';
import { renderDigest } from '../domain/digest-email.ts';
import { redactEmails } from '../domain/redact.ts';
import { type Deliveries, type DueItems, type Mailer, PermanentMailError } from './ports.ts';

/** The EventBridge envelope the rule delivers (only what the handler reads). */
export interface DigestEvent {
  id?: string;
  source?: string;
  'detail-type'?: string;
  detail: unknown;
}

export type SendOutcome =
  | { status: 'sent'; messageId: string; items: number }
  | { status: 'duplicate' }
  | { status: 'failed'; reason: string };

export interface SendDigestDeps {
  deliveries: Deliveries;
  dueItems: Pick<DueItems, 'markNotified'>;
  mailer: Mailer;
  senderAddress: string;
  logger: Logger;
  now?: () => Date;
  /** A claim older than this is taken to be from a worker that died mid-send. */
  claimTimeoutMs?: number;
}

export class DigestEventError extends Error {
  override name = 'DigestEventError';
}

export class DigestBusyError extends Error {
  override name = 'DigestBusyError';
}

/**
 * Sends one digest email, once. The ledger entry (holder + run + part) is claimed with a
 * conditional write before sending and marked sent after, so a redelivered event sends nothing.
 * A permanent SES failure is recorded and the items stay un-notified, so the next night's
 * digest offers them again; a transient one is recorded and re-thrown for the bus to retry.
 */
export function makeSendDigest(deps: SendDigestDeps) {
  const now = deps.now ?? (() => new Date());
  const claimTimeout = deps.claimTimeoutMs ?? 5 * 60_000;

  return async function sendDigest(event: DigestEvent): Promise<SendOutcome> {
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
    const log = {
      runId,
      part,
      parts: detail.parts,
      items: detail.items.length,
      fallback: detail.recipient.fallback,
    };
    const nowSeconds = Math.floor(now().getTime() / 1000);

    const claim = await deps.deliveries.claim(runId, email, part, {
      now: now().toISOString(),
      staleBefore: new Date(now().getTime() - claimTimeout).toISOString(),
      nowSeconds,
    });
    if (claim === 'already-sent') {
      deps.logger.info('digest already sent: nothing to do', log);
      return { status: 'duplicate' };
    }
    if (claim === 'in-progress') {
      // Another delivery of this event is sending it right now: let the bus try again later.
      throw new DigestBusyError('digest is being sent by another invocation');
    }

    const rendered = renderDigest(detail);
    let messageId: string;
    try {
      ({ messageId } = await deps.mailer.send({ from: deps.senderAddress, to: email, ...rendered }));
    } catch (err) {
      const permanent = err instanceof PermanentMailError;
      const reason = redactEmails((err as Error).message);
      await deps.deliveries.finish(
        runId,
        email,
        part,
        { status: 'failed', reason, permanent },
        now().toISOString(),
      );
      if (permanent) {
        deps.logger.error('digest not sent: permanent failure; its items will be offered again next run', {
          ...log,
          reason,
        });
        return { status: 'failed', reason };
      }
      deps.logger.warn('digest not sent: transient failure; the bus will retry', { ...log, reason });
      throw err;
    }

    await deps.deliveries.finish(
      runId,
      email,
      part,
      { status: 'sent', messageId, items: detail.items.length },
      now().toISOString(),
    );
    await pMap(detail.items, (item) => deps.dueItems.markNotified(item.trustId, item.itemId, item.stage), {
      concurrency: 8,
    });
    deps.logger.info('digest sent', { ...log, messageId });
    return { status: 'sent', messageId, items: detail.items.length };
  };
}
