import { parseArgs } from 'node:util';
import { type ActionKind, ActionRefused } from '../domain/actions.ts';
import { londonDateOf } from '../domain/calendar.ts';
import { closedText } from '../domain/closed-item.ts';
import { openItemOf } from '../domain/evaluate.ts';
import { WAIVER_REASONS } from '../domain/item-state.ts';
import { loadPolicy } from '../domain/policy.ts';
import { actOnItem } from '../use-cases/act-on-item.ts';
import type { CommandIo } from './due.ts';
import { UsageError } from './errors.ts';
import { explainConnectionError, wireTarget } from './target.ts';
import { poolTarget } from './users.ts';

export const ITEM_USAGE = `Usage: trust-scheduler item show ITEM_ID [--table NAME] [--format text|json]
       trust-scheduler item ack|book|defer|waive|reopen ITEM_ID --as EMAIL [options]

Shows a due item (open or closed) with what people did with it, or acts on it as a user (for
admins and scripts; people use the item's page). The same rules as the API and the pages: the
role is the user's own in the user pool now, a holder acts only on their trusts' items and
cannot waive, and a removed or disabled user cannot act.

  --as EMAIL            who acts (a user of the pool)
  --on DATE             book: the date booked (YYYY-MM-DD, today or later)
  --until DATE          defer: quiet until this date
  --reason TEXT         why (defer, reopen, and a booking after the due date)
  --waiver-reason CODE  waive: ${Object.keys(WAIVER_REASONS).join(', ')}
  --note TEXT           a note (needed to waive for "other")
  --version N           the version you saw (default: the item's version now)
  --table NAME          the deployed table in AWS (with AWS credentials); default: the local stack
  --user-pool-id ID     the deployed user pool (default: the local stack's)
  --format FORMAT       text (default) | json

Exit code 1: the action was refused (the reason is named); 2: bad usage.`;

const VERBS: Record<string, ActionKind> = {
  ack: 'acknowledge',
  book: 'book',
  defer: 'defer',
  waive: 'waive',
  reopen: 'reopen',
};

export async function itemCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      as: { type: 'string' },
      on: { type: 'string' },
      until: { type: 'string' },
      reason: { type: 'string' },
      'waiver-reason': { type: 'string' },
      note: { type: 'string' },
      version: { type: 'string' },
      table: { type: 'string' },
      'user-pool-id': { type: 'string' },
      format: { type: 'string', default: 'text' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [verb, itemId, extra] = positionals;
  if (!verb || !(verb === 'show' || verb in VERBS))
    throw new UsageError(
      `expected show, ${Object.keys(VERBS).join(', ')}; got ${JSON.stringify(verb ?? '')}`,
    );
  if (!itemId) throw new UsageError('ITEM_ID is required (as `due --format json` gives it)');
  if (extra) throw new UsageError(`unexpected argument ${JSON.stringify(extra)}`);
  if (!['text', 'json'].includes(values.format))
    throw new UsageError(`--format: ${JSON.stringify(values.format)} is not one of text, json`);
  const trustId = itemId.split('#')[1];
  if (!trustId) throw new UsageError(`${JSON.stringify(itemId)} is not an item id`);

  const { target, wiring } = await wireTarget(values.table);
  const { repos } = wiring;
  const now = io.now();
  const today = londonDateOf(now);
  const policy = loadPolicy();
  try {
    if (verb !== 'show') {
      if (!values.as) throw new UsageError('--as EMAIL is required: who acts');
      const pool = await poolTarget(values['user-pool-id']);
      const current = await repos.actions.state(trustId, itemId);
      const version = values.version === undefined ? (current?.version ?? 0) : Number(values.version);
      if (!Number.isInteger(version) || version < 0)
        throw new UsageError('--version: expected a whole number');
      // The same rule as the API and the pages: the user's role in the pool now, the trust's
      // holder (a holder acts on their own trusts' items only), the item as it is today.
      await actOnItem(
        { trusts: repos.trustRecords, actions: repos.actions, policy, roleNow: (e) => pool.pool.roleNow(e) },
        {
          itemId,
          email: values.as,
          action: VERBS[verb]!,
          expectedVersion: version,
          at: now.toISOString(),
          today,
          on: values.on,
          until: values.until,
          reason: values.reason,
          note: values.note,
          waiverReason: values['waiver-reason'],
        },
      );
    }
    const stored = await repos.trustRecords.read(trustId);
    const open = stored.trust ? openItemOf(stored.trust, itemId, today, policy) : undefined;
    const closed = stored.closed?.get(itemId);
    if (!open && !closed) {
      io.stderr(`error: no item with id "${itemId}", open or closed`);
      return 1;
    }
    const view = await repos.actions.view(trustId, itemId);
    const after = open ? view.state : null;
    const { actions: history, unreadable } = view.history;
    const item = open ?? closed!.item;
    if (values.format === 'json') {
      io.stdout(
        JSON.stringify(
          {
            item: { ...item, itemId },
            status: open ? (after?.status ?? 'open') : 'closed',
            closed: closed && !open ? { on: closed.closedOn, why: closedText(closed) } : null,
            state: after,
            actions: history,
            unreadable,
          },
          null,
          2,
        ),
      );
      return 0;
    }
    const status = open
      ? `status ${after?.status ?? 'open'}${after?.bookedFor ? ` for ${after.bookedFor}` : ''}${after?.deferredUntil ? ` until ${after.deferredUntil}` : ''}${after?.waiver ? `: ${after.waiver.reason}` : ''}; version ${after?.version ?? 0}`
      : `closed on ${closed!.closedOn}: ${closedText(closed!)}`;
    io.stdout(
      [
        `${itemId}`,
        `  due by ${item.dueBy} (${item.stage}); ${status}`,
        ...history.map(
          (a) =>
            `  ${a.at}  ${a.action}${a.on ? ` ${a.on}` : ''} by ${a.by} (${a.role})${a.waiverReason ? `: ${a.waiverReason}` : ''}${a.reason ? `: ${a.reason}` : ''}${a.note ? ` — ${a.note}` : ''}`,
        ),
        ...unreadable.map((u) => `  (the record of version ${u.version} could not be read: ${u.reason})`),
      ].join('\n'),
    );
    return 0;
  } catch (err) {
    if (err instanceof ActionRefused) {
      io.stderr(`error: ${err.message}`);
      return 1;
    }
    throw explainConnectionError(err, target);
  }
}
