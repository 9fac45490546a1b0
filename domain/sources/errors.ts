import { formatPath } from '../records.ts';
import type * as z from '../zod.ts';

/** One thing wrong with an input: which file, where in it (row or JSON path), which field. */
export interface Problem {
  source: string;
  /** `row 14` for CSV, a JSON path such as `trusts[0].coreServices[2]` for JSON. */
  where: string;
  field: string | null;
  message: string;
}

export function describeProblem(p: Problem): string {
  return [p.source, p.where, p.field, p.message].filter((part) => part !== null && part !== '').join(': ');
}

const MAX_LISTED = 20;

/**
 * Bad input. Parsers collect every problem they find (up to a limit) before throwing, so one
 * run tells the user everything to fix, each naming the file, the row or path and the field.
 */
export class InputError extends Error {
  override name = 'InputError';
  readonly problems: Problem[];

  constructor(problems: Problem[]) {
    const listed = problems.slice(0, MAX_LISTED).map(describeProblem);
    if (problems.length > MAX_LISTED) listed.push(`… and ${problems.length - MAX_LISTED} more problems`);
    super(listed.join('\n'));
    this.problems = problems;
  }

  static one(source: string, where: string, field: string | null, message: string): InputError {
    return new InputError([{ source, where, field, message }]);
  }
}

/** Splits a JSON path into the part that locates the record and the field that is wrong. */
export function splitPath(path: string): { where: string; field: string | null } {
  const dot = path.lastIndexOf('.');
  const bracket = path.lastIndexOf('[');
  if (dot > bracket && dot > 0) return { where: path.slice(0, dot), field: path.slice(dot + 1) };
  return { where: path, field: null };
}

/** Parses a document with its schema, or throws every issue as a problem naming file, path and field. */
export function parseWith<S extends z.ZodMiniType>(schema: S, doc: unknown, source: string): z.infer<S> {
  const result = schema.safeParse(doc);
  if (result.success) return result.data;
  throw new InputError(
    result.error.issues.map((issue) => {
      const { where, field } = splitPath(formatPath(issue.path));
      return { source, where, field, message: issue.message };
    }),
  );
}
