import { parseArgs } from 'node:util';
import { type ActionKind, ActionRefused } from '../domain/actions.ts';
import { londonDateOf } from '../domain/calendar.ts';
import { itemIdOf } from '../domain/due-item.ts';
import { evaluateTrust } from '../domain/evaluate.ts';
import { WAIVER_REASONS } from '../domain/item-state.ts';
import { loadPolicy } from '../domain/policy.ts';
import type { CommandIo } from './due.ts';
import { UsageError } from './errors.ts';
import { explainConnectionError, wireTarget } from './target.ts';
import { poolTarget } from './users.ts';

export const ITEM_USAGE = `Usage: trust-scheduler item show ITEM_ID [--table NAME] [--format text|json]
       trust-scheduler item ack|book|defer|waive|reopen ITEM_ID --as EMAIL [options]

Shows a due item with what people did with it, or acts on it as a user (for admins and
scripts; people use the item's page). The role is the user's own, from the user pool: a holder
acts only on their trusts' items and cannot waive.

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
  try {
    const stored = await repos.trustRecords.read(trustId);
    const item = stored.trust
      ? evaluateTrust(stored.trust, today, loadPolicy()).items.find((i) => itemIdOf(i) === itemId)
      : undefined;
    if (!item) {
      io.stderr(`error: no open item with id "${itemId}"`);
      return 1;
    }
    const state = await repos.actions.state(trustId, itemId);
    if (verb !== 'show') {
      if (!values.as) throw new UsageError('--as EMAIL is required: who acts');
      const pool = await poolTarget(values['user-pool-id']);
      const role = await pool.pool.roleNow(values.as);
      if (!role) {
        io.stderr(`error: ${values.as} is not a user of the pool (or has no role)`);
        return 1;
      }
      const version = values.version === undefined ? (state?.version ?? 0) : Number(values.version);
      if (!Number.isInteger(version) || version < 0)
        throw new UsageError('--version: expected a whole number');
      await repos.actions.act(
        { trustId, itemId, dueBy: item.dueBy, basisDate: item.basisDate },
        {
          action: VERBS[verb]!,
          expectedVersion: version,
          user: { email: values.as.toLowerCase(), role },
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
    const after = await repos.actions.state(trustId, itemId);
    const history = await repos.actions.history(itemId);
    if (values.format === 'json') {
      io.stdout(JSON.stringify({ item: { ...item, itemId }, state: after, actions: history }, null, 2));
      return 0;
    }
    io.stdout(
      [
        `${itemId}`,
        `  due by ${item.dueBy} (${item.stage}); status ${after?.status ?? 'open'}${after?.bookedFor ? ` for ${after.bookedFor}` : ''}${after?.deferredUntil ? ` until ${after.deferredUntil}` : ''}${after?.waiver ? `: ${after.waiver.reason}` : ''}; version ${after?.version ?? 0}`,
        ...history.map(
          (a) =>
            `  ${a.at}  ${a.action}${a.on ? ` ${a.on}` : ''} by ${a.by} (${a.role})${a.waiverReason ? `: ${a.waiverReason}` : ''}${a.reason ? `: ${a.reason}` : ''}${a.note ? ` — ${a.note}` : ''}`,
        ),
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
