import {
  bookedOf,
  type DigestDetail,
  type DigestItem,
  digestSubject,
  groupByStage,
  trustLabel,
} from './digest.ts';
import { bookedText, daysText, followsFrom, longDate, nextStep, whatIsDue } from './item-words.ts';
import { STAGE_LABELS } from './labels.ts';
import type { Stage } from './policy.ts';
import type { ToCheck } from './to-check.ts';

/**
 * The digest email, written for a relationship holder reading it on a phone between meetings:
 * what needs doing, by when, why, and what to do next; single column, inline styles, a plain-text
 * part that reads on its own. Checked in a real browser at 390 and 1024 px (test/browser).
 */

export interface RenderedDigest {
  subject: string;
  text: string;
  html: string;
}

const HANDED_OVER = 'Handed over to you: this item was with another recipient before.';
/** Why an item is told again, with the date that ran out (the episode names it: `deferral-ended:2026-12-10`). */
function toldAgainNote(i: DigestItem): string {
  const on = i.episode?.split(':')[1];
  const date = on && /^\d{4}-\d{2}-\d{2}$/.test(on) ? longDate(on) : null;
  return i.toldAgain === 'booking-passed'
    ? `Told again: the date it was booked for${date ? `, ${date},` : ''} has passed, and it is still open.`
    : `Told again: it was deferred${date ? ` to ${date}` : ''}, and that date has come.`;
}

/** One entry of the email, an item or a trust to check, in the order both parts show it. */
interface Entry {
  title: string;
  lines: string[];
  /** Shown in bold: when it is due. */
  due?: string;
  next: string;
  /** Shown in italics: that it was handed over. */
  note?: string;
  ref: string;
  /** Its page, where the details and history are (no token: the page asks to sign in). */
  link?: { href: string; text: string };
}

/** The pages the email links to, under `webBaseUrl`: items, trusts, and the due-work list. */
export const webLinks = (webBaseUrl: string) => ({
  item: (itemId: string) => `${webBaseUrl}/web/items/${encodeURIComponent(itemId)}`,
  trust: (trustId: string) => `${webBaseUrl}/web/trusts/${encodeURIComponent(trustId)}`,
  /** The due-work page filtered to this recipient: `me` for a holder, `none` for the fallback. */
  dueWork: (fallback: boolean) => `${webBaseUrl}/?holder=${fallback ? 'none' : 'me'}`,
});
type Links = ReturnType<typeof webLinks> | null;

function itemEntry(i: DigestItem, links: Links): Entry {
  return {
    ...(links ? { link: { href: links.item(i.itemId), text: 'Open this item' } } : {}),
    title: whatIsDue(i),
    lines: [`${trustLabel(i)} · ${followsFrom(i)}`],
    due: `Due by ${longDate(i.dueBy)}, ${daysText(i)}`,
    next: nextStep(i),
    ...(i.toldAgain ? { note: toldAgainNote(i) } : i.handedOver ? { note: HANDED_OVER } : {}),
    ref: `Ref: ${i.itemId}`,
  };
}

/** An item someone else booked: when, by whom, and that nothing more is asked. */
function bookedEntry(i: DigestItem, links: Links): Entry {
  const entry = itemEntry(i, links);
  return {
    ...entry,
    lines: [...entry.lines, `Due by ${longDate(i.dueBy)}`],
    due: bookedText(i.booking!.on, i.booking!.by),
    next: 'Nothing, unless the booking falls through: then reopen it on its page. You are told again only if the date passes and it is still open.',
  };
}

function trustsOf(items: readonly DigestItem[]): string[] {
  return [...new Set(items.map(trustLabel))].sort();
}

function listed(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

const itemsOfWork = (n: number) => `${n} item${n === 1 ? '' : 's'} of inspection work`;

function introOf(detail: DigestDetail): string[] {
  const b = bookedOf(detail.items).length;
  const booked =
    b === 0
      ? []
      : [
          `${b === 1 ? 'One item was' : `${b} items were`} booked by someone else: listed once under Booked, so you know.`,
        ];
  if (!detail.recipient.fallback) {
    const n = detail.items.length - b;
    return [
      ...(n === 0
        ? []
        : [
            `${itemsOfWork(n)} for your trusts ${n === 1 ? 'has' : 'have'} reached a stage that needs action.`,
          ]),
      ...booked,
    ];
  }
  const n = detail.items.length;
  const k = detail.toCheck.length;
  return [
    ...(n === 0
      ? []
      : [
          `${itemsOfWork(n)} ${n === 1 ? 'belongs' : 'belong'} to trusts with no relationship holder, so ${n === 1 ? 'it comes' : 'they come'} to you as the fallback recipient: ${listed(trustsOf(detail.items))}.`,
          ...booked,
          'To send them to the right person, an admin assigns each trust a relationship holder: on the trust\'s page, "Change the relationship holder" (or, for many at once, `trust-scheduler import <records> --holders <holders.csv>`). From the next night on, that holder is told of every open item.',
        ]),
    ...(k === 0
      ? []
      : [
          `${k === 1 ? 'One trust is' : `${k} trusts are`} rated only under CQC's single assessment framework, which gives no due date, so none is guessed: check ${k === 1 ? 'it' : 'each'} by hand, and an admin marks it checked on its page, with a due date if you set one. You are told again only if a newer assessment is published.`,
        ]),
  ];
}

function toCheckEntry(c: ToCheck, links: Links): Entry {
  return {
    ...(links ? { link: { href: links.trust(c.trustId), text: 'Open this trust' } } : {}),
    title: `Check ${trustLabel(c)}`,
    lines: [
      c.assessmentDate ? `Assessed ${longDate(c.assessmentDate)}` : 'The document gives no assessment date',
      `Why: ${c.reason}`,
    ],
    next: "Read the assessment and plan the trust's inspections by hand.",
    ref: `Source: ${c.source}`,
  };
}

function footerOf(detail: DigestDetail): string {
  const why = detail.recipient.fallback
    ? 'because you receive the due work of trusts that have no relationship holder, and the trusts to check by hand'
    : `because you are the relationship holder for ${listed(trustsOf(detail.items))}`;
  const part = detail.parts > 1 ? ` This is part ${detail.part} of ${detail.parts}.` : '';
  return `Sent by the CQC inspection scheduler to ${detail.recipient.email}, ${why}. Due dates as of ${longDate(detail.asOf)}.${part}`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `a command` in the text part, as code in the HTML part. */
function withCode(html: string): string {
  return html.replace(
    /`([^`]+)`/g,
    '<code style="font-family:Consolas,Menlo,monospace;font-size:14px">$1</code>',
  );
}

const STAGE_COLOURS: Record<Stage, string> = {
  overdue: '#d4351c',
  urgent: '#f47738',
  'due-soon': '#1d70b8',
  scheduled: '#505a5f',
};

/** GOV.UK green: booked, nothing to do. */
const BOOKED_COLOUR = '#00703c';

const P = 'margin:4px 0 0';
const SMALL = 'margin:6px 0 0;font-size:13px;color:#505a5f';

export function renderDigest(
  detail: DigestDetail,
  options: { webBaseUrl?: string | undefined } = {},
): RenderedDigest {
  const links = options.webBaseUrl ? webLinks(options.webBaseUrl) : null;
  const subject = digestSubject(detail);
  const greeting = detail.recipient.name ? `Dear ${detail.recipient.name},` : 'Hello,';
  const intro = introOf(detail);
  const footer = footerOf(detail);

  const text: string[] = [greeting, '', ...intro.flatMap((p) => [p, ''])];
  const html: string[] = [
    '<!doctype html>',
    `<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:0;background:#f3f2f1">',
    `<div role="article" aria-label="${escapeHtml(subject)}" style="max-width:600px;margin:0 auto;padding:16px;background:#ffffff;color:#0b0c0c;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;overflow-wrap:anywhere;word-break:break-word">`,
    `<p style="margin:0 0 12px">${escapeHtml(greeting)}</p>`,
    ...intro.map((p) => `<p style="margin:0 0 12px">${withCode(escapeHtml(p))}</p>`),
  ];
  /** A heading, then each entry with a bar in the section's colour. */
  const section = (heading: string, colour: string, entries: Entry[]) => {
    text.push(heading, '');
    html.push(`<h2 style="margin:24px 0 8px;font-size:20px;line-height:1.3">${escapeHtml(heading)}</h2>`);
    for (const e of entries) {
      text.push(
        e.title,
        ...[
          ...e.lines,
          ...(e.due ? [e.due] : []),
          `Next: ${e.next}`,
          ...(e.note ? [e.note] : []),
          ...(e.link ? [`${e.link.text}: ${e.link.href}`] : []),
          e.ref,
        ].map((l) => `  ${l}`),
        '',
      );
      html.push(
        `<div style="border-left:4px solid ${colour};padding:4px 0 4px 12px;margin:0 0 16px">`,
        `<p style="margin:0;font-weight:bold">${escapeHtml(e.title)}</p>`,
        ...e.lines.map((l) => `<p style="${P}">${escapeHtml(l)}</p>`),
        e.due ? `<p style="${P}"><strong>${escapeHtml(e.due)}</strong></p>` : '',
        `<p style="${P}">Next: ${escapeHtml(e.next)}</p>`,
        e.note ? `<p style="${P};font-style:italic">${escapeHtml(e.note)}</p>` : '',
        e.link
          ? `<p style="${P}"><a href="${escapeHtml(e.link.href)}" target="_blank" rel="noopener" style="color:#1d70b8">${escapeHtml(e.link.text)}</a></p>`
          : '',
        `<p style="${SMALL}">${escapeHtml(e.ref)}</p>`,
        '</div>',
      );
    }
  };
  for (const [stage, group] of groupByStage(detail.items))
    if (group.length > 0)
      section(
        `${STAGE_LABELS[stage]} (${group.length})`,
        STAGE_COLOURS[stage],
        group.map((i) => itemEntry(i, links)),
      );
  const booked = bookedOf(detail.items);
  if (booked.length > 0)
    section(
      `Booked (${booked.length})`,
      BOOKED_COLOUR,
      booked.map((i) => bookedEntry(i, links)),
    );
  if (detail.toCheck.length > 0)
    section(
      `To check by hand (${detail.toCheck.length})`,
      STAGE_COLOURS.scheduled,
      detail.toCheck.map((c) => toCheckEntry(c, links)),
    );
  const all = links
    ? {
        href: links.dueWork(detail.recipient.fallback),
        text: detail.recipient.fallback ? 'All due work of trusts with no holder' : 'All your due work',
      }
    : null;
  text.push('--', ...(all ? [`${all.text}: ${all.href}`] : []), footer);
  html.push(
    `<hr style="border:0;border-top:1px solid #b1b4b6;margin:24px 0 12px">`,
    all
      ? `<p style="margin:0 0 8px"><a href="${escapeHtml(all.href)}" target="_blank" rel="noopener" style="color:#1d70b8">${escapeHtml(all.text)}</a></p>`
      : '',
    `<p style="margin:0;font-size:14px;color:#505a5f">${escapeHtml(footer)}</p>`,
    '</div></body></html>',
  );
  return { subject, text: text.join('\n'), html: html.filter(Boolean).join('\n') };
}
