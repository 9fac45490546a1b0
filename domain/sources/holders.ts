import { parse } from 'csv-parse/sync';
import { type RelationshipHolder, relationshipHolderSchema, type TrustRecord } from '../records.ts';
import * as z from '../zod.ts';
import { InputError, type Problem } from './errors.ts';

// Name and email as every relationship holder is checked (the email lower-cased, so a file that
// differs only in case imports as no change).
const rowSchema = z.extend(relationshipHolderSchema, {
  trustId: z.string().check(z.trim(), z.minLength(1, { error: 'must not be empty' })),
});

/** A holders CSV (`trustId,name,email`): who holds the relationship with each trust. */
export function parseHolders(text: string, source: string): Map<string, RelationshipHolder> {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    // Sheets mix line endings (a banner line ending LF above CRLF rows): normalise, so row numbers are true.
    rows = parse(text.replace(/\r\n?/g, '\n'), {
      bom: true,
      columns: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as never;
  } catch (err) {
    throw InputError.one(source, 'CSV', null, (err as Error).message);
  }
  const holders = new Map<string, RelationshipHolder>();
  const problems: Problem[] = [];
  const firstRow = new Map<string, number>();
  for (const { record, info } of rows) {
    const where = `row ${info.lines}`;
    const parsed = rowSchema.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push({ source, where, field: String(issue.path[0] ?? ''), message: issue.message });
      }
      continue;
    }
    const { trustId, name, email } = parsed.data;
    const earlier = firstRow.get(trustId);
    if (earlier !== undefined) {
      problems.push({
        source,
        where,
        field: 'trustId',
        message: `${trustId} is already assigned at row ${earlier}`,
      });
      continue;
    }
    firstRow.set(trustId, info.lines);
    holders.set(trustId, { name, email });
  }
  if (problems.length > 0) throw new InputError(problems);
  return holders;
}

/** Assigns holders from a holders file; the file wins over a holder written in the records. */
export function applyHolders(trusts: TrustRecord[], holders: Map<string, RelationshipHolder>): TrustRecord[] {
  return trusts.map((t) => {
    const holder = holders.get(t.trustId);
    return holder ? { ...t, relationshipHolder: holder } : t;
  });
}
