import { ACTIONS, ActionRefused, actionRecordSchema } from '../../domain/actions.ts';
import { itemStateSchema, WAIVER_REASONS } from '../../domain/item-state.ts';
import * as z from '../../domain/zod.ts';
import { actOnItem } from '../../use-cases/act-on-item.ts';
import { userOf } from '../auth.ts';
import { parseBody, parseQuery, refusalError } from '../errors.ts';
import { emptyQuery } from '../queries.ts';
import { actDepsOf, type Route } from '../route.ts';

const text = () => z.optional(z.string().check(z.maxLength(500, { message: 'at most 500 characters' })));

export const actionBody = z.strictObject({
  action: z.enum(ACTIONS, { message: `expected one of ${ACTIONS.join(', ')}` }),
  /** The item's `state.version` as the actor saw it: another's action in between is a 409. */
  expectedVersion: z.int({ message: 'expected the version you saw (a whole number)' }).check(z.minimum(0)),
  on: text(),
  until: text(),
  reason: text(),
  note: text(),
  waiverReason: z.optional(
    z.enum(Object.keys(WAIVER_REASONS) as [string], {
      message: `expected one of ${Object.keys(WAIVER_REASONS).join(', ')}`,
    }),
  ),
});

export const itemActionsRoute: Route = {
  path: '/items/{itemId}/actions',
  operationId: 'actOnItem',
  method: 'POST',
  summary: 'Act on a due item: acknowledge, book, defer, waive (planners) or reopen',
  description:
    "A JSON body: action, expectedVersion (the state.version of GET /items/{itemId}), and per action: book `on` (a date, a reason if after the due date), defer `until` and `reason`, waive `waiverReason` (and `note` for other), reopen `reason`. A holder acts on their own trusts' items only. Each action is kept as a record no one can change.",
  pathParams: { itemId: 'the item id, URL-encoded' },
  query: emptyQuery,
  body: actionBody,
  response: () =>
    z.object({
      state: itemStateSchema,
      record: actionRecordSchema(),
    }),
  errors: [400, 403, 404, 409],
  handle: (deps) => async (c) => {
    parseQuery(emptyQuery, c);
    const body = await parseBody(actionBody, c);
    try {
      // The same rule as every door: the user's role now, the trust's holder, the item today.
      const { next, record } = await actOnItem(actDepsOf(deps), {
        ...body,
        itemId: c.req.param('itemId')!,
        email: userOf(c).email,
        today: deps.today(),
        at: deps.now().toISOString(),
      });
      return c.json({ state: next, record });
    } catch (err) {
      if (err instanceof ActionRefused) throw refusalError(err);
      throw err;
    }
  },
};
