import * as z from '../../domain/zod.ts';
import { parseQuery } from '../errors.ts';
import { emptyQuery } from '../queries.ts';
import type { Route } from '../route.ts';

export const healthRoute: Route = {
  path: '/health',
  operationId: 'getHealth',
  summary: 'Whether the API answers',
  query: emptyQuery,
  response: () => z.object({ status: z.literal('ok') }),
  errors: [400],
  handle: () => async (c) => {
    parseQuery(emptyQuery, c);
    return c.json({ status: 'ok' });
  },
};
