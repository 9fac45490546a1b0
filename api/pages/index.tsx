/** @jsxImportSource hono/jsx */
import type { SignedInUser } from '../../domain/roles.ts';
import type { RunSummary } from '../../domain/runs.ts';
import type { ToCheck } from '../../domain/to-check.ts';
import { CalendarPage } from './calendar.tsx';
import { DueWorkPage, type DueWorkPageProps } from './due-work.tsx';
import { ForecastPage } from './forecast.tsx';
import { ItemPage, type ItemPageProps } from './item.tsx';
import { ErrorPage, SignedOutPage, SignInPage, ToCheckPage } from './other.tsx';
import { PlanPage, type PlanPageProps } from './plan.tsx';
import { RunPage, RunsPage } from './runs.tsx';
import { TrustPage, type TrustPageProps } from './trust.tsx';
import { UsersPage, type UsersPageProps } from './users.tsx';

/**
 * Every page as HTML, bundled on its own (pages.mjs): loaded on the first page request, never by
 * the JSON API's.
 */
const html = (element: { toString(): string | Promise<string> }) => `<!DOCTYPE html>${element.toString()}`;

export const pages = {
  dueWork: (props: DueWorkPageProps) => html(<DueWorkPage {...props} />),
  trust: (props: TrustPageProps) => html(<TrustPage {...props} />),
  item: (props: ItemPageProps) => html(<ItemPage {...props} />),
  forecast: (user: SignedInUser, forecast: Parameters<typeof ForecastPage>[0]['forecast']) =>
    html(<ForecastPage user={user} forecast={forecast} />),
  plan: (props: PlanPageProps) => html(<PlanPage {...props} />),
  toCheck: (user: SignedInUser, toCheck: ToCheck[]) => html(<ToCheckPage user={user} toCheck={toCheck} />),
  runs: (user: SignedInUser, runs: RunSummary[]) => html(<RunsPage user={user} runs={runs} />),
  run: (user: SignedInUser, run: Record<string, unknown>) => html(<RunPage user={user} run={run} />),
  users: (props: UsersPageProps) => html(<UsersPage {...props} />),
  calendar: (props: Parameters<typeof CalendarPage>[0]) => html(<CalendarPage {...props} />),
  signIn: (props: Parameters<typeof SignInPage>[0]) => html(<SignInPage {...props} />),
  signedOut: (signInHref: string) => html(<SignedOutPage signInHref={signInHref} />),
  error: (user: SignedInUser | null, status: number, message: string) =>
    html(<ErrorPage user={user} status={status} message={message} />),
};
