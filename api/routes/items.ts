import { actionRecordSchema } from '../../domain/actions.ts';
import { identifiedItemSchema } from '../../domain/due-item.ts';
import { itemStateSchema } from '../../domain/item-state.ts';
import { STAGES } from '../../domain/policy.ts';
import * as z from '../../domain/zod.ts';
import { userOf } from '../auth.ts';
import { parseQuery } from '../errors.ts';
import { trustQuery } from '../queries.ts';
import { readItem } from '../readers.ts';
import type { Route } from '../route.ts';

export const itemRoute: Route = {
  path: '/items/{itemId}',
  summary: 'One open due item: what is due, by when, and the stages it has been through',
  description:
    "The item id as /due-work gives it (URL-encoded: `#` is %23). A holder sees only their own trusts' items.",
  pathParams: { itemId: 'the item id, e.g. reinspection#RM3#RM317#Maternity' },
  query: trustQuery,
  response: () =>
    z.object({
      asOf: z.string(),
      item: identifiedItemSchema,
      state: itemStateSchema,
      stageHistory: z.array(z.object({ on: z.string(), stage: z.enum(STAGES) })),
      actions: z.array(actionRecordSchema()),
    }),
  errors: [400, 403, 404],
  handle: (deps) => async (c) => {
    const q = parseQuery(trustQuery, c);
    return c.json(await readItem(deps, userOf(c), c.req.param('itemId')!, q.asOf ?? deps.today()));
  },
};
