import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../api/openapi.ts';
import { ROUTES } from '../../api/routes/index.ts';
import { digestItemSchema } from '../../domain/digest.ts';
import { type DueItem, dueItemSchema, ITEM_COLUMNS, storedItemSchema } from '../../domain/due-item.ts';
import { itemsToCsv } from '../../domain/format.ts';
import { ROOT } from '../support/paths.ts';

describe('the due item: one definition', () => {
  const fields = Object.keys(dueItemSchema.shape);

  it('every field is a CSV column (the holder as name and email), plus the stable id and what people did with it', () => {
    const columns = ITEM_COLUMNS.flatMap((c) =>
      c === 'relationshipHolderName' || c === 'relationshipHolderEmail' ? ['relationshipHolder'] : [c],
    );
    expect([...new Set(columns)].sort()).toEqual(
      [...fields, 'itemId', 'status', 'bookedFor', 'deferredUntil', 'waiverReason', 'acknowledgedBy'].sort(),
    );
    expect(new Set(ITEM_COLUMNS).size).toBe(ITEM_COLUMNS.length);
  });

  it('the stored record and the digest line are views of it', () => {
    for (const f of Object.keys(storedItemSchema.shape).filter(
      (k) =>
        ![
          'itemId',
          'stageChangedOn',
          'told',
          'sourceProblem',
          'notifiedStage',
          'stageHistory',
          'itemState',
        ].includes(k),
    ))
      expect(fields).toContain(f);
    expect(Object.keys(storedItemSchema.shape)).not.toContain('daysRemaining');
    for (const f of Object.keys(digestItemSchema.shape).filter(
      (k) => !['itemId', 'handedOver', 'toldAgain', 'episode', 'booking'].includes(k),
    ))
      expect(fields).toContain(f);
  });
});

describe('docs/openapi.json', () => {
  it('is the document the routes generate (run `npm run openapi` after changing a route)', () => {
    const checkedIn = JSON.parse(readFileSync(path.join(ROOT, 'docs/openapi.json'), 'utf8'));
    expect(checkedIn).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument(ROUTES))));
  });
});

describe('CSV export', () => {
  const item: DueItem = {
    kind: 'reinspection',
    trustId: 'T1',
    trustName: '=HYPERLINK("http://evil.example","click")',
    region: '+44 region',
    locationId: 'L1',
    locationName: '@SUM(A1:A9)',
    service: '-Surgery',
    rating: 'Good',
    reference: null,
    basisDate: '2024-01-01',
    dueBy: '2026-11-13',
    daysRemaining: -10,
    stage: 'overdue',
    relationshipHolder: { name: 'Line\nBreak', email: 'a@example.org' },
  };

  it('makes cells a spreadsheet would run as formulas inert, leaves negative numbers as numbers, quotes line breaks', () => {
    const [row] = parseCsv(itemsToCsv([item]), { columns: true }) as Record<string, string>[];
    expect(row).toMatchObject({
      trustName: `'=HYPERLINK("http://evil.example","click")`,
      region: `'+44 region`,
      locationName: `'@SUM(A1:A9)`,
      service: `'-Surgery`,
      daysRemaining: '-10',
      relationshipHolderName: 'Line\nBreak',
    });
    expect(itemsToCsv([item])).toContain('"Line\nBreak"');
  });
});
