import { runSummaryOf, runSummarySchema } from '../../domain/runs.ts';
import * as z from '../../domain/zod.ts';
import { ApiError, parseQuery } from '../errors.ts';
import { emptyQuery } from '../queries.ts';
import type { Route } from '../route.ts';

/** How many runs the list shows: about a month of nights and their syncs. */
export const RUNS_LISTED = 30;

/** A run record as the API gives it: the table's own keys left out. */
const recordOf = (run: Record<string, unknown>) => {
  const { PK: _pk, SK: _sk, type: _type, expiresAt: _exp, ...record } = run;
  return record;
};

const runRecordSchema = () =>
  z.looseObject({
    runId: z.string(),
    asOf: z.string(),
    status: z.string(),
    startedAt: z.string(),
    finishedAt: z.nullable(z.string()),
  });

export const runsRoute: Route = {
  path: '/runs',
  operationId: 'listRuns',
  summary: `The last ${RUNS_LISTED} nightly runs and syncs, newest first: status, counts and problems`,
  query: emptyQuery,
  response: () => z.object({ runs: z.array(runSummarySchema()) }),
  errors: [400],
  access: 'admins',
  handle: (deps) => async (c) => {
    parseQuery(emptyQuery, c);
    const runs = await deps.repos.runs.recent(RUNS_LISTED);
    return c.json({ runs: runs.map(runSummaryOf) });
  },
};

export const latestRunRoute: Route = {
  path: '/runs/latest',
  operationId: 'getLatestRun',
  summary: 'The nightly run that started last: its counts, problems and status',
  query: emptyQuery,
  response: runRecordSchema,
  errors: [400, 404],
  access: 'admins',
  handle: (deps) => async (c) => {
    parseQuery(emptyQuery, c);
    const run = await deps.repos.runs.latest();
    if (!run) throw new ApiError(404, 'not_found', 'no nightly run has been recorded yet', null);
    return c.json(recordOf(run));
  },
};

export const runRoute: Route = {
  path: '/runs/{runId}',
  operationId: 'getRun',
  summary: 'One nightly run or sync, by its id: its counts, problems and status',
  pathParams: { runId: 'the run id, as GET /runs lists it (a sync’s starts sync:)' },
  query: emptyQuery,
  response: runRecordSchema,
  errors: [400, 404],
  access: 'admins',
  handle: (deps) => async (c) => {
    parseQuery(emptyQuery, c);
    const runId = c.req.param('runId')!;
    const run = await deps.repos.runs.find(runId);
    if (!run) throw new ApiError(404, 'not_found', `no run "${runId}" is kept`, 'runId');
    return c.json(recordOf(run));
  },
};
