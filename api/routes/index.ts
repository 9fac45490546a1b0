import type { Route } from '../route.ts';
import { dueWorkRoute } from './due-work.ts';
import { forecastRoute } from './forecast.ts';
import { healthRoute } from './health.ts';
import { itemActionsRoute } from './item-actions.ts';
import { itemRoute } from './items.ts';
import { planRoute } from './plan.ts';
import { latestRunRoute, runRoute, runsRoute } from './runs.ts';
import { tasksRoute } from './tasks.ts';
import { toCheckRoute } from './to-check.ts';
import { trustActionsRoute } from './trust-actions.ts';
import { trustCheckedRoute, trustHolderRoute } from './trust-changes.ts';
import { trustRoute } from './trusts.ts';

/** Every route of the planner API, in the order docs/API.md and the OpenAPI document list them. */
export const ROUTES: Route[] = [
  dueWorkRoute,
  tasksRoute,
  toCheckRoute,
  trustRoute,
  trustActionsRoute,
  trustHolderRoute,
  trustCheckedRoute,
  itemRoute,
  itemActionsRoute,
  forecastRoute,
  planRoute,
  runsRoute,
  latestRunRoute,
  runRoute,
  healthRoute,
];
