import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'hono';
import type { Repositories } from '../adapters/dynamodb/index.ts';
import type { IsoDate } from '../domain/calendar.ts';
import type { PlanningSettings } from '../domain/planning/settings.ts';
import type { Policy } from '../domain/policy.ts';
import type { Role } from '../domain/roles.ts';
import type * as z from '../domain/zod.ts';
import type { ActOnItemDeps } from '../use-cases/act-on-item.ts';
import type { ChangeTrustDeps } from '../use-cases/change-trust.ts';
import type { UserDirectory } from '../use-cases/manage-users.ts';
import type { Access } from './auth.ts';
import type { UserNow } from './authority.ts';
import type { MonthIndex } from './due-index.ts';

/** What every route may use: the repositories it reads, the policy, and the date today. */
export interface RouteDeps {
  repos: Pick<
    Repositories,
    'dueItems' | 'tasks' | 'trustRecords' | 'runs' | 'actions' | 'trustChanges' | 'userChanges'
  >;
  /** The time now (an action's record says when). */
  now: () => Date;
  policy: Policy;
  /** The planning settings: the deployment's configuration (PLANNING_JSON). */
  planning: PlanningSettings;
  today: () => IsoDate;
  /** The months that hold due items (cached per container for a short while). */
  dueMonths: () => Promise<MonthIndex>;
  logger: Pick<Logger, 'warn' | 'error'>;
  /** Where the pages are (an item's page is linked from its calendar event); absent: no links. */
  webBaseUrl?: string | undefined;
  /** The user's role in the user pool now (null: removed, disabled, or in no group). */
  roleNow: (email: string) => Promise<Role | null>;
  /** The signed-in user as they are now (role, signed out or not), as fresh as the request needs; and sign-out. */
  userNow: UserNow;
  /** Who may sign in, for admins to manage (absent: not from here). */
  users?: UserDirectory | undefined;
}

/** What acting on an item needs, from what every route has. */
export const changeDepsOf = (deps: RouteDeps): ChangeTrustDeps => ({
  trusts: deps.repos.trustRecords,
  changes: deps.repos.trustChanges,
  roleNow: deps.roleNow,
});

export const actDepsOf = (deps: RouteDeps): ActOnItemDeps => ({
  trusts: deps.repos.trustRecords,
  actions: deps.repos.actions,
  policy: deps.policy,
  roleNow: deps.roleNow,
});

/**
 * One route: its path, what it accepts and answers (zod schemas, from which the OpenAPI
 * document is generated), and its handler.
 */
export interface Route {
  /** OpenAPI form: `/trusts/{trustId}`. */
  path: string;
  /** The operation's name in the OpenAPI document: what a generated client calls its method. */
  operationId: string;
  /** GET unless said (a POST takes a JSON body, `body`). */
  method?: 'GET' | 'POST';
  body?: z.ZodMiniType;
  summary: string;
  description?: string;
  query: z.ZodMiniType;
  pathParams?: Record<string, string>;
  /** Built only when the OpenAPI document is generated: cold starts pay per schema. */
  response: () => z.ZodMiniType;
  /** Other media types this route can answer with, besides JSON. */
  alsoAnswers?: { mediaType: string; description: string }[];
  errors: number[];
  /** Who may use it (default: anyone signed in, a holder seeing only their own trusts). */
  access?: Access;
  handle: (deps: RouteDeps) => (c: Context) => Promise<Response>;
}
