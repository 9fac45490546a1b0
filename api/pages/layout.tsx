/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import type { IdentifiedItem, ListedItem } from '../../domain/due-item.ts';
import type { ItemStatus } from '../../domain/item-state.ts';
import { daysText, longDate, statusText, whatIsDue } from '../../domain/item-words.ts';
import { STAGE_LABELS } from '../../domain/labels.ts';
import type { Stage } from '../../domain/policy.ts';
import type { SignedInUser } from '../../domain/roles.ts';

/**
 * The frame of every page: GOV.UK Frontend's styles and components (generic header with the
 * service's own name, no crown or NHS logo; service navigation; footer), server-rendered, no
 * script. Links and forms only, so it works without JavaScript and on a phone.
 */
export const SERVICE_NAME = 'CQC trust scheduler';

type Section = 'due-work' | 'forecast' | 'calendar' | 'to-check' | 'runs';

const NAV: { section: Section; href: string; text: string; who: 'all' | 'planners' | 'admins' }[] = [
  { section: 'due-work', href: '/', text: 'Due work', who: 'all' },
  { section: 'forecast', href: '/web/forecast', text: 'Forecast', who: 'all' },
  { section: 'calendar', href: '/web/calendar', text: 'Calendar feed', who: 'all' },
  { section: 'to-check', href: '/web/to-check', text: 'Trusts to check', who: 'planners' },
  { section: 'runs', href: '/web/runs', text: 'Runs', who: 'admins' },
];

const shows = (who: 'all' | 'planners' | 'admins', user: SignedInUser | null) =>
  who === 'all' ||
  (who === 'planners' && (user?.role === 'planner' || user?.role === 'admin')) ||
  (who === 'admins' && user?.role === 'admin');

export function Layout(props: {
  title: string;
  user: SignedInUser | null;
  section?: Section;
  children: Child;
}) {
  return (
    <html lang="en-GB" class="govuk-template">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} – ${SERVICE_NAME}`}</title>
        <link rel="stylesheet" href="/assets/app.css" />
      </head>
      <body class="govuk-template__body">
        <a href="#main-content" class="govuk-skip-link">
          Skip to main content
        </a>
        <header class="govuk-generic-header">
          <div class="govuk-generic-header__container govuk-width-container">
            <div class="govuk-generic-header__logo">
              <a href="/" class="govuk-generic-header__homepage-link">
                {SERVICE_NAME}
              </a>
            </div>
          </div>
        </header>
        {props.user && (
          <div class="govuk-service-navigation">
            <div class="govuk-width-container">
              <div class="govuk-service-navigation__container">
                <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
                  <ul class="govuk-service-navigation__list" id="navigation">
                    {NAV.filter((n) => shows(n.who, props.user)).map((n) => (
                      <li
                        class={`govuk-service-navigation__item${n.section === props.section ? ' govuk-service-navigation__item--active' : ''}`}
                      >
                        <a
                          class="govuk-service-navigation__link"
                          href={n.href}
                          aria-current={n.section === props.section ? 'page' : undefined}
                        >
                          {n.text}
                        </a>
                      </li>
                    ))}
                  </ul>
                </nav>
                <form method="post" action="/sign-out" class="app-sign-out">
                  <span class="govuk-body-s app-signed-in-as">
                    {props.user.email} ({props.user.role})
                  </span>{' '}
                  <button type="submit" class="govuk-button govuk-button--secondary app-sign-out__button">
                    Sign out
                  </button>
                </form>
              </div>
            </div>
          </div>
        )}
        <div class="govuk-width-container">
          <main class="govuk-main-wrapper" id="main-content">
            {props.children}
          </main>
        </div>
        <footer class="govuk-footer">
          <div class="govuk-width-container">
            <p class="govuk-footer__meta-custom govuk-body-s">
              Due dates follow CQC's re-inspection intervals and report deadlines. Data from the CQC public
              API.{' '}
              <a class="govuk-footer__link" href="/openapi.json">
                API description
              </a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}

const TAG_COLOURS: Record<Stage, string> = {
  overdue: 'govuk-tag--red',
  urgent: 'govuk-tag--orange',
  'due-soon': 'govuk-tag--blue',
  scheduled: 'govuk-tag--grey',
};

export function StageTag(props: { stage: Stage }) {
  return <strong class={`govuk-tag ${TAG_COLOURS[props.stage]}`}>{STAGE_LABELS[props.stage]}</strong>;
}

/** 2026-11-13 → 13 November 2026, in a <time> element. */
export function DateText(props: { iso: string }) {
  return <time datetime={props.iso}>{longDate(props.iso)}</time>;
}

export const itemHref = (itemId: string) => `/web/items/${encodeURIComponent(itemId)}`;
export const trustHref = (trustId: string) => `/web/trusts/${encodeURIComponent(trustId)}`;

export const STATUS_LABELS: Record<ItemStatus, string> = {
  open: 'Open',
  booked: 'Booked',
  deferred: 'Deferred',
  waived: 'Waived',
};

/** The cells every list of items starts with: when it is due, its stage (and status), and what, linked to its page. */
export function ItemCells(props: { item: IdentifiedItem | ListedItem }) {
  const i = props.item;
  return (
    <>
      <td class="govuk-table__cell" data-label="Due by">
        <DateText iso={i.dueBy} />
        <br />
        <span class="govuk-body-s app-secondary">{daysText(i.daysRemaining)}</span>
      </td>
      <td class="govuk-table__cell" data-label="Stage">
        <StageTag stage={i.stage} />
        {'status' in i && i.status !== 'open' && (
          <>
            <br />
            <span class="govuk-body-s">{statusText(i)}</span>
          </>
        )}
      </td>
      <td class="govuk-table__cell" data-label="What is due">
        <a class="govuk-link" href={itemHref(i.itemId)}>
          {whatIsDue(i)}
        </a>
      </td>
    </>
  );
}

/** A GOV.UK error summary: what is wrong, each linked to its field. */
export function ErrorSummary(props: { errors: { field: string | null; message: string }[] }) {
  if (props.errors.length === 0) return null;
  return (
    <div class="govuk-error-summary" data-module="govuk-error-summary">
      <div role="alert">
        <h2 class="govuk-error-summary__title">There is a problem</h2>
        <div class="govuk-error-summary__body">
          <ul class="govuk-list govuk-error-summary__list">
            {props.errors.map((e) => (
              <li>{e.field ? <a href={`#${e.field}`}>{e.message}</a> : e.message}</li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
