/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DigestDetail, DigestItem } from '../../domain/digest.ts';
import { renderDigest } from '../../domain/digest-email.ts';
import { fullPageShot, launchBrowser } from '../support/browser.ts';
import { ROOT } from '../support/paths.ts';

/**
 * The digest email in a real browser (Chromium from npm, driven by playwright-core), at a phone's
 * 390 px and a desktop's 1024 px: nothing wider than the screen, no text over other text.
 * `UPDATE_EMAIL_SCREENSHOTS=1 npm test -- test/browser` rewrites docs/email/*.png.
 */
const WIDTHS = [390, 1024];

const base: Omit<DigestItem, 'itemId' | 'kind' | 'stage' | 'daysRemaining' | 'dueBy'> = {
  trustId: 'RXR',
  trustName: 'Riverside Teaching Hospitals NHS Foundation Trust',
  locationId: 'RXR01',
  locationName: 'Riverside General Hospital',
  service: 'Medical care (including older people’s care)',
  rating: 'Inadequate',
  reference: null,
  basisDate: '2025-10-30',
  handedOver: false,
  toldAgain: null,
  booking: null,
};

/**
 * A digest with every stage, every kind, a handover, an item someone else booked, and the longest
 * words people will see.
 */
const EXAMPLE: DigestDetail = {
  runId: '2026-11-23T02:30:00.000Z',
  asOf: '2026-11-23',
  recipient: { name: 'Priya Shah', email: 'priya.shah@example.org', fallback: false },
  part: 1,
  parts: 1,
  toCheck: [],
  items: [
    {
      ...base,
      itemId: 'reinspection#RXR#RXR01#Medical care (including older people’s care)',
      kind: 'reinspection',
      stage: 'overdue',
      dueBy: '2026-10-30',
      daysRemaining: -24,
    },
    {
      ...base,
      itemId: 'report#RXR#INS2-18811934527',
      kind: 'report',
      stage: 'urgent',
      dueBy: '2026-11-30',
      daysRemaining: 7,
      service: null,
      locationId: null,
      locationName: null,
      rating: null,
      reference: 'INS2-18811934527',
      basisDate: '2026-08-30',
    },
    {
      ...base,
      itemId: 'reinspection#RNF#RNF02#Urgent and emergency services',
      kind: 'reinspection',
      stage: 'due-soon',
      dueBy: '2026-12-28',
      daysRemaining: 35,
      trustId: 'RNF',
      trustName: 'Northfield and District Community Healthcare NHS Trust',
      locationId: 'RNF02',
      locationName: 'Northfield Community Hospital (Eastern Wing and Outpatient Diagnostics Centre)',
      service: 'Urgent and emergency services',
      rating: 'Requires improvement',
      basisDate: '2024-12-28',
      handedOver: true,
    },
    {
      ...base,
      itemId: 'planning-meeting#RNF#PIR-RNF-2026-AUTUMN-REQUEST',
      kind: 'planning-meeting',
      stage: 'due-soon',
      dueBy: '2026-12-20',
      daysRemaining: 27,
      trustId: 'RNF',
      trustName: 'Northfield and District Community Healthcare NHS Trust',
      service: null,
      locationId: null,
      locationName: null,
      rating: null,
      reference: 'PIR-RNF-2026-AUTUMN-REQUEST',
      basisDate: '2026-10-18',
    },
    {
      ...base,
      itemId: 'well-led#RXR',
      kind: 'well-led',
      stage: 'due-soon',
      dueBy: '2026-12-15',
      daysRemaining: 22,
      service: null,
      locationId: null,
      locationName: null,
      rating: null,
      reference: 'WL-RXR-2025',
      basisDate: '2025-12-15',
    },
    {
      ...base,
      itemId: 'reinspection#RXR#RXR01#Maternity',
      kind: 'reinspection',
      stage: 'urgent',
      dueBy: '2026-12-12',
      daysRemaining: 19,
      service: 'Maternity',
      rating: 'Requires improvement',
      basisDate: '2024-12-12',
      episode: 'booked:2026-12-08',
      booking: { on: '2026-12-08', by: 'inspection-planning@example.org' },
    },
  ],
};

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);
afterAll(() => browser?.close());

interface Layout {
  pageWidth: number;
  viewport: number;
  boxes: { text: string; left: number; right: number; top: number; bottom: number }[];
}

/** The box of every run of text on the page, as the browser laid it out. */
async function layoutAt(page: Page, width: number, html: string): Promise<Layout> {
  await page.setViewportSize({ width, height: 900 });
  await page.setContent(html);
  return page.evaluate(() => {
    const boxes: Layout['boxes'] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent?.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects())
        if (r.width > 0 && r.height > 0)
          boxes.push({
            text: node.textContent.trim().slice(0, 40),
            left: r.left,
            right: r.right,
            top: r.top,
            bottom: r.bottom,
          });
    }
    return { pageWidth: document.documentElement.scrollWidth, viewport: window.innerWidth, boxes };
  });
}

/** Pairs of text boxes that overlap by more than a pixel each way. */
function overlaps(boxes: Layout['boxes']): string[] {
  const found: string[] = [];
  for (let a = 0; a < boxes.length; a++)
    for (let b = a + 1; b < boxes.length; b++) {
      const x = Math.min(boxes[a]!.right, boxes[b]!.right) - Math.max(boxes[a]!.left, boxes[b]!.left);
      const y = Math.min(boxes[a]!.bottom, boxes[b]!.bottom) - Math.max(boxes[a]!.top, boxes[b]!.top);
      if (x > 1 && y > 1) found.push(`"${boxes[a]!.text}" over "${boxes[b]!.text}"`);
    }
  return found;
}

const variants: [string, DigestDetail][] = [
  ['holder', EXAMPLE],
  [
    'fallback',
    {
      ...EXAMPLE,
      recipient: { name: null, email: 'inspection-planning@example.org', fallback: true },
      // Trusts to check by hand come to the fallback recipient only: one dated, one not.
      toCheck: [
        {
          trustId: 'RXA',
          trustName: 'Cheshire and Wirral Partnership NHS Foundation Trust',
          source: '/providers/RXA',
          assessmentDate: '2026-06-01',
          reason: 'rated under the single assessment framework only: no due date is guessed',
        },
        {
          trustId: 'RZZ',
          trustName: null,
          source: 'cqc-downloads/providers/2026-11-20/EXAMPLE-RZZ-provider-document-single-assessment.json',
          assessmentDate: null,
          reason: 'rated under the single assessment framework only: no due date is guessed',
        },
      ],
    },
  ],
];

describe('the digest email in Chromium', () => {
  for (const [name, detail] of variants)
    for (const width of WIDTHS)
      it(`${name} digest at ${width} px: no wider than the screen, no text over other text`, async () => {
        const page = await browser.newPage();
        const layout = await layoutAt(
          page,
          width,
          renderDigest(detail, { webBaseUrl: 'https://scheduler.example.org' }).html,
        );
        expect(layout.pageWidth).toBeLessThanOrEqual(layout.viewport);
        expect(
          layout.boxes.filter((b) => b.left < 0 || b.right > layout.viewport + 0.5).map((b) => b.text),
        ).toEqual([]);
        expect(overlaps(layout.boxes)).toEqual([]);
        const shot = await fullPageShot(page);
        const dir = process.env.UPDATE_EMAIL_SCREENSHOTS
          ? path.join(ROOT, 'docs/email')
          : mkdtempSync(path.join(tmpdir(), 'email-'));
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, `digest-${name}-${width}.png`), shot);
        await page.close();
      });

  it('the check fails on a layout that breaks: a fixed six-column table at 390 px', async () => {
    const cells = EXAMPLE.items
      .map(
        (i) =>
          `<tr>${[i.trustName, i.locationName, i.service, i.rating, i.dueBy, i.itemId].map((c) => `<td>${c ?? ''}</td>`).join('')}</tr>`,
      )
      .join('');
    const page = await browser.newPage();
    const layout = await layoutAt(page, 390, `<table style="table-layout:fixed;width:100%">${cells}</table>`);
    expect(layout.pageWidth > layout.viewport || overlaps(layout.boxes).length > 0).toBe(true);
    await page.close();
  });
});
