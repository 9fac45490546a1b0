import * as z from '../../domain/zod.ts';
import { ApiError, parseQuery } from '../errors.ts';
import { emptyQuery } from '../queries.ts';
import type { Route } from '../route.ts';

export const latestRunRoute: Route = {
  path: '/runs/latest',
  operationId: 'getLatestRun',
  summary: 'The nightly run that started last: its counts, problems and status',
  query: emptyQuery,
  response: () =>
    z.looseObject({
      runId: z.string(),
      asOf: z.string(),
      status: z.enum(['running', 'succeeded', 'failed']),
      startedAt: z.string(),
      finishedAt: z.nullable(z.string()),
    }),
  errors: [400, 404],
  access: 'admins',
  handle: (deps) => async (c) => {
    parseQuery(emptyQuery, c);
    const run = await deps.repos.runs.latest();
    if (!run) throw new ApiError(404, 'not_found', 'no nightly run has been recorded yet', null);
    const { PK: _pk, SK: _sk, type: _type, expiresAt: _exp, ...record } = run;
    return c.json(record);
  },
};
