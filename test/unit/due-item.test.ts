import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../api/openapi.ts';
import { ROUTES } from '../../api/routes/index.ts';
import { digestItemSchema } from '../../domain/digest.ts';
import { dueItemSchema, ITEM_COLUMNS, storedItemSchema } from '../../domain/due-item.ts';
import { ROOT } from '../support/paths.ts';

describe('the due item: one definition', () => {
  const fields = Object.keys(dueItemSchema.shape);

  it('every field is a CSV column (the holder as name and email), plus the stable id', () => {
    const columns = ITEM_COLUMNS.flatMap((c) =>
      c === 'relationshipHolderName' || c === 'relationshipHolderEmail' ? ['relationshipHolder'] : [c],
    );
    expect([...new Set(columns)].sort()).toEqual([...fields, 'itemId'].sort());
    expect(new Set(ITEM_COLUMNS).size).toBe(ITEM_COLUMNS.length);
  });

  it('the stored record and the digest line are views of it', () => {
    for (const f of Object.keys(storedItemSchema.shape).filter(
      (k) =>
        !['itemId', 'stageChangedOn', 'told', 'sourceProblem', 'notifiedStage', 'stageHistory'].includes(k),
    ))
      expect(fields).toContain(f);
    expect(Object.keys(storedItemSchema.shape)).not.toContain('daysRemaining');
    for (const f of Object.keys(digestItemSchema.shape).filter((k) => !['itemId', 'handedOver'].includes(k)))
      expect(fields).toContain(f);
  });
});

describe('docs/openapi.json', () => {
  it('is the document the routes generate (run `npm run openapi` after changing a route)', () => {
    const checkedIn = JSON.parse(readFileSync(path.join(ROOT, 'docs/openapi.json'), 'utf8'));
    expect(checkedIn).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument(ROUTES))));
  });
});
