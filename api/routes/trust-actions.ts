import { actionRecordSchema, unreadableActionSchema } from '../../domain/actions.ts';
import { trustChangeSchema } from '../../domain/trust-changes.ts';
import * as z from '../../domain/zod.ts';
import { userOf } from '../auth.ts';
import { download } from '../downloads.ts';
import { parseQuery } from '../errors.ts';
import { readTrustActions } from '../readers.ts';
import type { Route } from '../route.ts';

const query = z.strictObject({
  format: z.optional(z.enum(['json', 'csv'], { message: 'expected json or csv' })),
});

export const trustActionsRoute: Route = {
  path: '/trusts/{trustId}/actions',
  operationId: 'listTrustActions',
  summary: 'What people did with a trust and its items: every action and change, oldest first (JSON or CSV)',
  description:
    'Each record says who, when, what, from and to which status, why, and the dates: open, closed and retired items alike. A record that no longer reads is named under `unreadable` (in the CSV, a row saying so), never hidden. format=csv for a spreadsheet.',
  pathParams: { trustId: 'the trust id, e.g. RM3' },
  query,
  response: () =>
    z.object({
      trustId: z.string(),
      actions: z.array(actionRecordSchema()),
      /** What admins changed of the trust itself: its relationship holder, a check of a trust to check. */
      trustChanges: z.array(trustChangeSchema()),
      unreadable: z.array(unreadableActionSchema()),
    }),
  alsoAnswers: [{ mediaType: 'text/csv', description: 'one row per action, with a header row' }],
  errors: [400, 403, 404],
  handle: (deps) => async (c) => {
    const q = parseQuery(query, c);
    const trustId = c.req.param('trustId')!;
    const history = await readTrustActions(deps, userOf(c), trustId);
    if (q.format === 'csv')
      return download(c, 'csv', `actions-${trustId}.csv`, (f) => f.actionsToCsv(history));
    return c.json({ trustId, ...history });
  },
};
