import * as z from 'zod';

/**
 * Deployment configuration, from `cdk.json` context (or `-c key=value`), validated at synth:
 * an invalid value fails synth with a message naming the context key.
 */
const email = z.email({ message: 'expected an email address' });

const windowSchema = z
  .object({ dueSoonDays: z.number().int().nonnegative(), urgentDays: z.number().int().nonnegative() })
  .strict();

export const deploymentConfigSchema = z
  .object({
    environmentName: z.string().regex(/^[a-z][a-z0-9-]{1,20}$/, {
      message: 'expected 2–21 lower-case letters, digits or dashes, starting with a letter',
    }),
    senderAddress: email,
    fallbackRecipient: email,
    alarmEmail: email,
    scheduleExpression: z.string().regex(/^cron\(.+\)$|^rate\(.+\)$/, {
      message: 'expected an EventBridge Scheduler cron(...) or rate(...) expression',
    }),
    scheduleTimeZone: z.string().refine(
      (tz) => {
        try {
          new Intl.DateTimeFormat('en-GB', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      },
      { message: 'expected an IANA time zone such as Europe/London' },
    ),
    scanSegments: z.number().int().min(1).max(100),
    /** Partial policy overrides, checked again by the functions' own policy schema at cold start. */
    alertWindows: z
      .object({
        reinspection: windowSchema.optional(),
        report: windowSchema.optional(),
        'well-led': windowSchema.optional(),
        'planning-meeting': windowSchema.optional(),
        'pir-inspections': windowSchema.optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export type DeploymentConfig = z.infer<typeof deploymentConfigSchema>;

export const CONTEXT_KEY = 'trustScheduler';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the `trustScheduler` context object. */
export function parseDeploymentConfig(raw: unknown): DeploymentConfig {
  // `cdk deploy -c trustScheduler='{…}'` passes the object as a JSON string.
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch (err) {
      throw new ConfigError(
        `invalid deployment configuration: ${CONTEXT_KEY}: not valid JSON (${(err as Error).message})`,
      );
    }
  }
  const result = deploymentConfigSchema.safeParse(raw ?? {});
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key =
      issue.code === 'unrecognized_keys'
        ? `${CONTEXT_KEY}.${issue.keys[0]}`
        : [CONTEXT_KEY, ...issue.path.map(String)].join('.');
    const message = issue.code === 'unrecognized_keys' ? 'unknown configuration key' : issue.message;
    throw new ConfigError(
      `invalid deployment configuration: ${key}: ${message} (set it in cdk.json "context" or with -c)`,
    );
  }
  return result.data;
}
