import type { Context } from 'hono';
import * as z from '../domain/zod.ts';

/** An error a client can act on: its status, a code, a message and the field at fault. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const REFUSAL_CODES = {
  400: 'invalid_parameter',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
} as const;

/** An action refused (domain/actions.ts ActionRefused), as the API and the pages answer it. */
export function refusalError(err: {
  status: keyof typeof REFUSAL_CODES;
  message: string;
  field: string | null;
}) {
  return new ApiError(err.status, REFUSAL_CODES[err.status], err.message, err.field);
}

/** The body of every error answer. */
export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.nullable(z.string()) }),
});

export function errorResponse(c: Context, err: ApiError): Response {
  for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
  return c.json({ error: { code: err.code, message: err.message, field: err.field } }, err.status as 400);
}

/**
 * What a zod issue of a strict object is about: the field, and whether it is one the schema
 * does not know. One reading for queries, bodies and the page's filters.
 */
export function issueOf(issue: z.core.$ZodIssue): { field: string; unknown: boolean } {
  return issue.code === 'unrecognized_keys'
    ? { field: issue.keys[0]!, unknown: true }
    : { field: String(issue.path[0] ?? ''), unknown: false };
}

/** The route's query parameters, parsed strictly: a 400 naming the field otherwise. */
export function parseQuery<S extends z.ZodMiniType>(schema: S, c: Context): z.infer<S> {
  // API Gateway joins repeated parameters with commas; the last one wins here as there.
  const result = schema.safeParse(c.req.query());
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const { field, unknown } = issueOf(issue);
  if (unknown) throw new ApiError(400, 'unknown_parameter', `unknown query parameter "${field}"`, field);
  throw new ApiError(400, 'invalid_parameter', `${field}: ${issue.message}`, field);
}

/** A JSON body, parsed strictly: a 400 naming the field otherwise. */
export async function parseBody<S extends z.ZodMiniType>(schema: S, c: Context): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new ApiError(400, 'invalid_body', 'the body must be a JSON object', null);
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const { field } = issueOf(issue);
  throw new ApiError(400, 'invalid_parameter', `${field}: ${issue.message}`, field);
}
