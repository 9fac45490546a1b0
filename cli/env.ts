import * as z from '../domain/zod.ts';
import { UsageError } from './errors.ts';

const port = z.optional(
  z.pipe(
    z.string().check(z.regex(/^\d+$/, { message: 'expected a port number (1–65535)' })),
    z.pipe(
      z.transform(Number),
      z
        .int()
        .check(
          z.minimum(1, { message: 'expected a port number (1–65535)' }),
          z.maximum(65535, { message: 'expected a port number (1–65535)' }),
        ),
    ),
  ),
);
const email = z.optional(z.email({ message: 'expected an email address' }));
const url = z.optional(z.url({ message: 'expected a URL such as http://127.0.0.1:8000' }));

/** The environment variables the commands read: each checked when a command starts. */
export const cliEnvSchema = z.object({
  DYNAMODB_ENDPOINT: url,
  SES_ENDPOINT: url,
  TABLE_NAME: z.optional(
    z.string().check(
      z.regex(/^[A-Za-z0-9_.-]{3,255}$/, {
        message: 'expected a DynamoDB table name (3–255 of A–Z a–z 0–9 _ . -)',
      }),
    ),
  ),
  SENDER_ADDRESS: email,
  FALLBACK_RECIPIENT: email,
  DYNAMODB_PORT: port,
  SES_PORT: port,
  API_PORT: port,
  CQC_API_PORT: port,
  CQC_API_BASE_URL: z.optional(
    z.url({ message: 'expected a URL such as https://api.service.cqc.org.uk/public/v1' }),
  ),
  CQC_API_REQUESTS_PER_MINUTE: z.optional(
    z.string().check(z.regex(/^([1-9]\d{0,3})$/, { message: 'expected a whole number from 1 to 9999' })),
  ),
  SYNC_MAX_RETIRE_SHARE: z.optional(
    z
      .string()
      .check(z.regex(/^(0(\.\d+)?|1(\.0+)?)$/, { message: 'expected a share from 0 to 1, such as 0.2' })),
  ),
  SCAN_SEGMENTS: z.optional(
    z.string().check(z.regex(/^([1-9]\d{0,2}|1000)$/, { message: 'expected a whole number from 1 to 1000' })),
  ),
  LOG_LEVEL: z.optional(
    z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT', 'debug', 'info', 'warn', 'error', 'silent'], {
      message: 'expected DEBUG, INFO, WARN, ERROR or SILENT',
    }),
  ),
});

/** Checks every variable at once; one message naming each bad one. */
export function checkCliEnv(env: Record<string, string | undefined> = process.env): void {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = cliEnvSchema.safeParse(present);
  if (result.success) return;
  const lines = result.error.issues.map(
    (i) => `  ${String(i.path[0])}=${JSON.stringify(present[String(i.path[0])])}: ${i.message}`,
  );
  throw new UsageError(`invalid environment variable${lines.length > 1 ? 's' : ''}:\n${lines.join('\n')}`);
}
