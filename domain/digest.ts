import { DUE_KINDS, STAGES, type Stage } from './policy.ts';
import { isoDate } from './records.ts';
import * as z from './zod.ts';

/**
 * The DueWorkDigest: what is new for one relationship holder after a nightly run, and the
 * email that tells them. The event's detail is validated with this schema where it arrives.
 */

export const DIGEST_SOURCE = 'cqc.trust-scheduler';
export const DIGEST_DETAIL_TYPE = 'DueWorkDigest';

export const digestItemSchema = z.object({
  itemId: z.string().check(z.minLength(1)),
  kind: z.enum(DUE_KINDS),
  trustId: z.string().check(z.minLength(1)),
  trustName: z.nullable(z.string()),
  locationId: z.nullable(z.string()),
  locationName: z.nullable(z.string()),
  service: z.nullable(z.string()),
  rating: z.nullable(z.string()),
  reference: z.nullable(z.string()),
  dueBy: isoDate,
  daysRemaining: z.int(),
  stage: z.enum(STAGES),
});
export type DigestItem = z.infer<typeof digestItemSchema>;

export const digestDetailSchema = z.object({
  runId: z.string().check(z.minLength(1)),
  asOf: isoDate,
  recipient: z.object({
    name: z.nullable(z.string()),
    email: z.email(),
    /** True when the items have no relationship holder and go to the fallback recipient. */
    fallback: z.boolean(),
  }),
  part: z.int().check(z.positive()),
  parts: z.int().check(z.positive()),
  items: z.array(digestItemSchema).check(z.minLength(1)),
});
export type DigestDetail = z.infer<typeof digestDetailSchema>;

/** Items a digest event may carry: keeps an event well under EventBridge's 256 KB limit. */
export const MAX_ITEMS_PER_DIGEST_EVENT = 400;

const STAGE_ORDER: Stage[] = ['overdue', 'urgent', 'due-soon', 'scheduled'];
const STAGE_TITLES: Record<Stage, string> = {
  overdue: 'Overdue',
  urgent: 'Urgent',
  'due-soon': 'Due soon',
  scheduled: 'Scheduled',
};
const KIND_TITLES: Record<DigestItem['kind'], string> = {
  reinspection: 'Re-inspection',
  report: 'Report publication',
  'well-led': 'Well-led inspection',
  'planning-meeting': 'Regulatory planning meeting',
  'pir-inspections': 'Inspections after PIR',
};

/** The HTML table's columns: the same widths in every stage's table, dates never wrapped. */
const COLUMNS = [
  { title: 'Trust', width: '24%', nowrap: false },
  { title: 'Location', width: '20%', nowrap: false },
  { title: 'Service / item', width: '22%', nowrap: false },
  { title: 'Rating', width: '12%', nowrap: false },
  { title: 'Due by', width: '9%', nowrap: true },
  { title: 'Days', width: '13%', nowrap: true },
];

export interface RenderedDigest {
  subject: string;
  text: string;
  html: string;
}

function groupByStage(items: readonly DigestItem[]): [Stage, DigestItem[]][] {
  return STAGE_ORDER.map((stage) => [
    stage,
    items
      .filter((i) => i.stage === stage)
      .sort(
        (a, b) =>
          a.dueBy.localeCompare(b.dueBy) ||
          a.trustId.localeCompare(b.trustId) ||
          a.itemId.localeCompare(b.itemId),
      ),
  ]);
}

/** "3 overdue, 2 due soon": the counts of a digest, most pressing first. */
export function digestCounts(items: readonly DigestItem[]): string {
  return groupByStage(items)
    .filter(([, group]) => group.length > 0)
    .map(([stage, group]) => `${group.length} ${STAGE_TITLES[stage].toLowerCase()}`)
    .join(', ');
}

function daysText(days: number): string {
  if (days < 0) return `${-days} day${days === -1 ? '' : 's'} overdue`;
  if (days === 0) return 'due today';
  return `${days} day${days === 1 ? '' : 's'} left`;
}

function whatText(i: DigestItem): string {
  const trust = i.trustName ? `${i.trustName} (${i.trustId})` : i.trustId;
  const where = i.locationName
    ? `${i.locationName}, ${i.service ?? ''}`.replace(/, $/, '')
    : (i.reference ?? '');
  return `${trust} · ${where}`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderDigest(detail: DigestDetail): RenderedDigest {
  const partNote = detail.parts > 1 ? ` (part ${detail.part} of ${detail.parts})` : '';
  const subject = `Due work ${detail.asOf}: ${digestCounts(detail.items)}${partNote}`;
  const greeting = detail.recipient.name ? `Dear ${detail.recipient.name},` : 'Hello,';
  const intro = detail.recipient.fallback
    ? 'These items have no relationship holder assigned, so they come to you as the fallback recipient.'
    : 'These items of due inspection work entered a new alert stage since your last digest.';

  const text: string[] = [greeting, '', intro, ''];
  const html: string[] = [
    '<!doctype html><html><body style="font-family:Arial,sans-serif;color:#0b0c0c">',
    `<p>${escapeHtml(greeting)}</p><p>${escapeHtml(intro)}</p>`,
  ];
  for (const [stage, group] of groupByStage(detail.items)) {
    if (group.length === 0) continue;
    text.push(`${STAGE_TITLES[stage]} (${group.length})`);
    html.push(`<h2>${STAGE_TITLES[stage]} (${group.length})</h2>`);
    html.push(
      '<table cellpadding="6" style="border-collapse:collapse;width:100%;table-layout:fixed"><thead><tr>' +
        COLUMNS.map(
          (c) => `<th align="left" style="width:${c.width};border-bottom:2px solid #b1b4b6">${c.title}</th>`,
        ).join('') +
        '</tr></thead><tbody>',
    );
    for (const i of group) {
      const item = i.service ?? `${KIND_TITLES[i.kind]}${i.reference ? ` ${i.reference}` : ''}`;
      text.push(
        `- ${whatText(i)} · ${i.service ? KIND_TITLES[i.kind] : item}` +
          `${i.rating ? ` · rated ${i.rating}` : ''} · due by ${i.dueBy} (${daysText(i.daysRemaining)})`,
      );
      const cells = [
        i.trustName ? `${i.trustName} (${i.trustId})` : i.trustId,
        i.locationName ?? '',
        item,
        i.rating ?? '',
        i.dueBy,
        daysText(i.daysRemaining),
      ];
      html.push(
        `<tr>${cells.map((c, k) => `<td style="border-bottom:1px solid #e0e0e0;vertical-align:top${COLUMNS[k]!.nowrap ? ';white-space:nowrap' : ''}">${escapeHtml(c)}</td>`).join('')}</tr>`,
      );
    }
    html.push('</tbody></table>');
    text.push('');
  }
  text.push(`As of ${detail.asOf}. Run ${detail.runId}.`);
  html.push(
    `<p style="color:#505a5f">As of ${escapeHtml(detail.asOf)}. Run ${escapeHtml(detail.runId)}.</p></body></html>`,
  );
  return { subject, text: text.join('\n'), html: html.join('\n') };
}
