/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import type { ListedItem } from '../../domain/due-item.ts';
import type { ItemStatus, ItemStatusFields } from '../../domain/item-state.ts';
import { daysText, evaluatedOn, longDate, statusTag, whatIsDue } from '../../domain/item-words.ts';
import { STAGE_LABELS } from '../../domain/labels.ts';
import type { Stage } from '../../domain/policy.ts';
import { mayUse, type SignedInUser } from '../../domain/roles.ts';

/**
 * The frame of every page: GOV.UK Frontend's styles and components (generic header with the
 * service's own name, no crown or NHS logo; service navigation; footer), server-rendered, no
 * script. Links and forms only, so it works without JavaScript and on a phone.
 */
export const SERVICE_NAME = 'CQC trust scheduler';

type Section = 'due-work' | 'forecast' | 'plan' | 'calendar' | 'to-check' | 'runs' | 'users';

const NAV: { section: Section; href: string; text: string; who: 'all' | 'planners' | 'admins' }[] = [
  { section: 'due-work', href: '/', text: 'Due work', who: 'all' },
  { section: 'forecast', href: '/web/forecast', text: 'Forecast', who: 'all' },
  { section: 'plan', href: '/web/plan', text: 'Plan', who: 'planners' },
  { section: 'calendar', href: '/web/calendar', text: 'Calendar feed', who: 'all' },
  { section: 'to-check', href: '/web/to-check', text: 'Trusts to check', who: 'planners' },
  { section: 'runs', href: '/web/runs', text: 'Runs', who: 'admins' },
  { section: 'users', href: '/web/users', text: 'Users', who: 'admins' },
];

const shows = (who: 'all' | 'planners' | 'admins', user: SignedInUser | null) =>
  who === 'all' || (user !== null && mayUse(user.role, who));

/** The service's links for this user's role, and who is signed in with the way out. */
function Navigation(props: { user: SignedInUser; section: Section | undefined }) {
  return (
    <div class="govuk-service-navigation__container">
      <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
        <ul class="govuk-service-navigation__list">
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
  );
}

export function Layout(props: {
  title: string;
  user: SignedInUser | null;
  section?: Section;
  /** A page of wide tables: the container takes the width of a wide screen. */
  wide?: boolean;
  children: Child;
}) {
  const container = `govuk-width-container${props.wide ? ' app-width-container--wide' : ''}`;
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
          <div class={`govuk-generic-header__container ${container}`}>
            <div class="govuk-generic-header__logo">
              <a href="/" class="govuk-generic-header__homepage-link">
                {SERVICE_NAME}
              </a>
            </div>
          </div>
        </header>
        {props.user && (
          <div class="govuk-service-navigation">
            <div class={container}>
              {/* A phone folds the menu behind one control (a details element: no script). */}
              <details class="app-menu">
                <summary class="app-menu__summary">Menu</summary>
                <Navigation user={props.user} section={props.section} />
              </details>
              <div class="app-menu--wide">
                <Navigation user={props.user} section={props.section} />
              </div>
            </div>
          </div>
        )}
        <div class={container}>
          <main class="govuk-main-wrapper" id="main-content">
            {props.children}
          </main>
        </div>
        <footer class="govuk-footer">
          <div class={container}>
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

/**
 * Status first: an item people acted on shows what they did as its tag (Booked for …, Deferred
 * to …, Waived: …, Acknowledged by …), its stage beside it in words; an open item shows its stage.
 */
export function StatusTag(props: {
  item: ItemStatusFields & { stage: Stage; dueBy: string; daysRemaining: number };
}) {
  const i = props.item;
  const tag = statusTag(i, evaluatedOn(i));
  if (!tag) return <StageTag stage={i.stage} />;
  return (
    <>
      <strong class={`govuk-tag govuk-tag--${tag.colour} app-tag--status`}>{tag.text}</strong>{' '}
      <span class="govuk-body-s app-stage-words">{STAGE_LABELS[i.stage]}</span>
    </>
  );
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

/** The cells every list of items starts with: when it is due, its status (or stage), and what, linked to its page. */
export function ItemCells(props: { item: ListedItem; more?: Child }) {
  const i = props.item;
  return (
    <>
      <td class="govuk-table__cell app-nowrap" data-label="Due by">
        <DateText iso={i.dueBy} />
        <br />
        <span class="govuk-body-s app-secondary">{daysText(i)}</span>
      </td>
      <td class="govuk-table__cell" data-label="Status">
        <StatusTag item={i} />
      </td>
      <td class="govuk-table__cell" data-label="What is due">
        <a class="govuk-link" href={itemHref(i.itemId)}>
          {whatIsDue(i)}
        </a>
        {props.more}
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

/** A table's header row. */
export function Head(props: { cells: string[] }) {
  return (
    <thead class="govuk-table__head">
      <tr class="govuk-table__row">
        {props.cells.map((c) => (
          <th scope="col" class="govuk-table__header">
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
}
