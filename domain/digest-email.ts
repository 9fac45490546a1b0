import { type DigestDetail, type DigestItem, digestSubject, groupByStage } from './digest.ts';
import { KIND_LABELS, STAGE_LABELS } from './labels.ts';

/** The digest email: subject, plain text and HTML, from a DueWorkDigest's detail. */

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
  const subject = digestSubject(detail);
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
    text.push(`${STAGE_LABELS[stage]} (${group.length})`);
    html.push(`<h2>${STAGE_LABELS[stage]} (${group.length})</h2>`);
    html.push(
      '<table cellpadding="6" style="border-collapse:collapse;width:100%;table-layout:fixed"><thead><tr>' +
        COLUMNS.map(
          (c) => `<th align="left" style="width:${c.width};border-bottom:2px solid #b1b4b6">${c.title}</th>`,
        ).join('') +
        '</tr></thead><tbody>',
    );
    for (const i of group) {
      const item = i.service ?? `${KIND_LABELS[i.kind]}${i.reference ? ` ${i.reference}` : ''}`;
      text.push(
        `- ${whatText(i)} · ${i.service ? KIND_LABELS[i.kind] : item}` +
          `${i.rating ? ` · rated ${i.rating}` : ''} · due by ${i.dueBy} (${daysText(i.daysRemaining)})` +
          `${i.handedOver ? ' · handed over to you' : ''}`,
        `  Ref: ${i.itemId}`,
      );
      const cells = [
        i.trustName ? `${i.trustName} (${i.trustId})` : i.trustId,
        i.locationName ?? '',
        i.handedOver ? `${item} (handed over to you)` : item,
        i.rating ?? '',
        i.dueBy,
        daysText(i.daysRemaining),
      ];
      html.push(
        `<tr>${cells.map((c, k) => `<td style="border-bottom:1px solid #e0e0e0;vertical-align:top${COLUMNS[k]!.nowrap ? ';white-space:nowrap' : ''}">${escapeHtml(c)}${k === 0 ? `<br><small style="color:#505a5f">Ref: ${escapeHtml(i.itemId)}</small>` : ''}</td>`).join('')}</tr>`,
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
