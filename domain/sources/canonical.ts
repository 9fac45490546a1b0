import { canonicalFileSchema } from '../records.ts';
import { parseWith } from './errors.ts';
import { emptyInput, type ParsedInput } from './types.ts';

/** Parses a canonical JSON document (format version 1), already read as a value. */
export function parseCanonical(doc: unknown, source: string): ParsedInput {
  return { ...emptyInput(), trusts: parseWith(canonicalFileSchema, doc, source).trusts };
}
