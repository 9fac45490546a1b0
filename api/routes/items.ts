import { actionRecordSchema, unreadableActionSchema } from '../../domain/actions.ts';
import { identifiedItemSchema } from '../../domain/due-item.ts';
import { ITEM_STATUSES, itemStateSchema } from '../../domain/item-state.ts';
import { STAGES } from '../../domain/policy.ts';
import * as z from '../../domain/zod.ts';
import { userOf } from '../auth.ts';
import { parseQuery } from '../errors.ts';
import { trustQuery } from '../queries.ts';
import { readItem } from '../readers.ts';
import type { Route } from '../route.ts';

export const itemRoute: Route = {
  path: '/items/{itemId}',
  operationId: 'getItem',
  summary: 'One due item, open or closed: what is due, by when, its status, stages and history',
  description:
    "The item id as /due-work gives it (URL-encoded: `#` is %23). A holder sees only their own trusts' items. An item that closed (no longer due, or its records retired) answers with status `closed`, when and why it closed, and its history; `unreadable` names any action record that no longer reads.",
  pathParams: { itemId: 'the item id, e.g. reinspection#RM3#RM317#Maternity' },
  query: trustQuery,
  response: () =>
    z.object({
      asOf: z.string(),
      item: identifiedItemSchema,
      status: z.enum([...ITEM_STATUSES, 'closed']),
      closed: z.nullable(z.object({ on: z.string(), why: z.string() })),
      state: z.nullable(itemStateSchema),
      stageHistory: z.array(z.object({ on: z.string(), stage: z.enum(STAGES) })),
      actions: z.array(actionRecordSchema()),
      unreadable: z.array(unreadableActionSchema()),
    }),
  errors: [400, 403, 404],
  handle: (deps) => async (c) => {
    const q = parseQuery(trustQuery, c);
    return c.json(await readItem(deps, userOf(c), c.req.param('itemId')!, q.asOf ?? deps.today()));
  },
};
