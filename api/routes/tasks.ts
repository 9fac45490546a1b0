import { reportTaskSchema } from '../../domain/report-tasks.ts';
import * as z from '../../domain/zod.ts';
import { parseQuery } from '../errors.ts';
import { tasksQuery } from '../queries.ts';
import type { Route } from '../route.ts';
import { SkippedRows, skippedRowsField } from '../skipped-rows.ts';

const taskView = () =>
  z.pick(reportTaskSchema, {
    taskId: true,
    trustId: true,
    inspectionId: true,
    title: true,
    dueBy: true,
    status: true,
    raisedOn: true,
    closedOn: true,
  });

export const tasksRoute: Route = {
  path: '/tasks',
  operationId: 'listTasks',
  summary: 'Report tasks raised by the nightly job, by status, soonest due first',
  query: tasksQuery,
  response: () =>
    z.object({
      status: z.enum(['open', 'closed']),
      tasks: z.array(taskView()),
      skippedRows: skippedRowsField(),
    }),
  errors: [400],
  // Report tasks are the planning team's; a holder sees their trusts' tasks on each trust.
  access: 'planners',
  handle: (deps) => async (c) => {
    const q = parseQuery(tasksQuery, c);
    const skipped = new SkippedRows(deps.logger, '/tasks');
    const tasks = (await deps.repos.tasks.list(q.status, skipped.skip)).filter(
      (t) => !q.trustId || t.trustId === q.trustId,
    );
    return c.json({
      status: q.status,
      tasks: tasks.map(({ taskId, trustId, inspectionId, title, dueBy, status, raisedOn, closedOn }) => ({
        taskId,
        trustId,
        inspectionId,
        title,
        dueBy,
        status,
        raisedOn,
        closedOn,
      })),
      skippedRows: skipped.report(c),
    });
  },
};
