import { canonicalFileSchema, formatPath } from '../records.ts';
import { InputError, splitPath } from './errors.ts';
import { emptyInput, type ParsedInput } from './types.ts';

/** Parses a canonical JSON document (format version 1), already read as a value. */
export function parseCanonical(doc: unknown, source: string): ParsedInput {
  const result = canonicalFileSchema.safeParse(doc);
  if (!result.success) {
    throw new InputError(
      result.error.issues.map((issue) => {
        const { where, field } = splitPath(formatPath(issue.path));
        return { source, where, field, message: issue.message };
      }),
    );
  }
  return { ...emptyInput(), trusts: result.data.trusts };
}
