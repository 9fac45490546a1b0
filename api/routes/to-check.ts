import { toCheckSchema } from '../../domain/to-check.ts';
import * as z from '../../domain/zod.ts';
import { parseQuery } from '../errors.ts';
import { emptyQuery } from '../queries.ts';
import type { Route } from '../route.ts';
import { SkippedRows, skippedRowsField } from '../skipped-rows.ts';

export const toCheckRoute: Route = {
  path: '/to-check',
  operationId: 'listTrustsToCheck',
  summary: 'Trusts to check by hand: rated only under the single assessment framework, so no due date',
  description:
    'A trust whose CQC provider document carries single-assessment results and no core-service ratings gets no due date (none is guessed). It is listed here from the sync or import that read it until a later document rates its services; the fallback recipient is told of it once per assessment.',
  query: emptyQuery,
  response: () => z.object({ toCheck: z.array(toCheckSchema), skippedRows: skippedRowsField() }),
  errors: [400],
  access: 'planners',
  handle: (deps) => async (c) => {
    parseQuery(emptyQuery, c);
    const skipped = new SkippedRows(deps.logger, '/to-check');
    const toCheck = await deps.repos.dueItems.listToCheck(skipped.skip);
    return c.json({ toCheck, skippedRows: skipped.report(c) });
  },
};
