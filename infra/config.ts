import * as z from 'zod';
import { loadPlanningSettings } from '../domain/planning/settings.ts';

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
    /** The sync from the CQC API: changes nightly, before the nightly run; a full reconcile weekly. */
    syncScheduleExpression: z
      .string()
      .regex(/^cron\(.+\)$|^rate\(.+\)$/, {
        message: 'expected an EventBridge Scheduler cron(...) or rate(...) expression',
      })
      .default('cron(30 1 * * ? *)'),
    fullSyncScheduleExpression: z
      .string()
      .regex(/^cron\(.+\)$|^rate\(.+\)$/, {
        message: 'expected an EventBridge Scheduler cron(...) or rate(...) expression',
      })
      .default('cron(0 23 ? * SAT *)'),
    cqcApiBaseUrl: z.url({ message: 'expected a URL' }).default('https://api.service.cqc.org.uk/public/v1'),
    /** Client-side limit on CQC API requests (CQC's old portal text: 600 a minute per client). */
    cqcApiRequestsPerMinute: z.number().int().min(1).max(600).default(400),
    /** Retiring more than this share of the stored trusts in one sync waits for an admin (docs/SYNC.md). */
    syncMaxRetireShare: z.number().min(0).max(1).default(0.2),
    /**
     * The user pool's managed-login domain: https://<this>.auth.<region>.amazoncognito.com.
     * Unique in the region; default cqc-trust-scheduler-<environmentName>.
     */
    signInDomainPrefix: z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, {
        message:
          'expected lower-case letters, digits and dashes (at most 63), not starting or ending with a dash',
      })
      .refine((p) => !/aws|amazon|cognito/.test(p), {
        message: 'Cognito refuses a domain prefix containing aws, amazon or cognito',
      })
      .optional(),
    /**
     * Where people open the web pages, when a custom domain fronts the API (its sign-in callback
     * and the digest's links use it); the API's own URL by default.
     */
    webBaseUrl: z
      .url({ message: 'expected an https URL' })
      .refine((u) => u.startsWith('https://') && !u.endsWith('/'), {
        message: 'expected an https URL without a trailing slash',
      })
      .optional(),
    /** Where to deploy: English trusts' data stays in London unless this says otherwise. */
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { message: 'expected an AWS region such as eu-west-2' })
      .default('eu-west-2'),
    /** Partial policy overrides, checked again by the functions' own policy schema at cold start. */
    alertWindows: z
      .object({
        reinspection: windowSchema.optional(),
        report: windowSchema.optional(),
        'well-led': windowSchema.optional(),
        'planning-meeting': windowSchema.optional(),
        'pir-inspections': windowSchema.optional(),
        'annual-pir': windowSchema.optional(),
        'use-of-resources': windowSchema.optional(),
      })
      .strict()
      .default({}),
    /**
     * The planning settings (docs/PLAN.md): team-days a week (`capacity`, and per region in
     * `regions`), what a core service, a well-led inspection and PIR inspections cost, the
     * grouping window, the horizon and the solver's time; the defaults for any left out.
     */
    planning: z
      .record(z.string(), z.unknown())
      .default({})
      .superRefine((planning, ctx) => {
        try {
          loadPlanningSettings(planning);
        } catch (err) {
          ctx.addIssue({
            code: 'custom',
            message: (err as Error).message.replace(/^planning\.?/, '') || 'invalid',
          });
        }
      }),
  })
  .strict();

export type DeploymentConfig = z.infer<typeof deploymentConfigSchema>;

export const CONTEXT_KEY = 'trustScheduler';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function parseJson(raw: unknown): unknown {
  // `cdk deploy -c trustScheduler='{…}'` passes the object as a JSON string.
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw new ConfigError(
      `invalid deployment configuration: ${CONTEXT_KEY}: not valid JSON (${(err as Error).message})`,
    );
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads and validates the `trustScheduler` context object. `-c trustScheduler=…` overrides
 * `cdk.json`'s settings key by key (alert windows kind by kind) rather than replacing them;
 * every bad field is listed at once.
 */
export function parseDeploymentConfig(raw: unknown, defaults: unknown = {}): DeploymentConfig {
  const given = parseJson(raw) ?? {};
  const base = parseJson(defaults) ?? {};
  const merged =
    isObject(given) && isObject(base)
      ? {
          ...base,
          ...given,
          alertWindows: {
            ...(isObject(base.alertWindows) ? base.alertWindows : {}),
            ...(isObject(given.alertWindows) ? given.alertWindows : {}),
          },
        }
      : given;
  const result = deploymentConfigSchema.safeParse(merged);
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map(
          (k) => `  ${[CONTEXT_KEY, ...issue.path.map(String), k].join('.')}: unknown configuration key`,
        )
      : [`  ${[CONTEXT_KEY, ...issue.path.map(String)].join('.')}: ${plain(issue)}`],
  );
  throw new ConfigError(
    `invalid deployment configuration (set it in cdk.json "context" or with -c):\n${problems.join('\n')}`,
  );
}

/** zod's wording, in plain words where it is raw. */
function plain(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type')
    return `expected ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}`;
  if (issue.code === 'too_small') return `must be at least ${issue.minimum}`;
  if (issue.code === 'too_big') return `must be at most ${issue.maximum}`;
  return issue.message;
}
