import { loadPlanningSettings, type PlanningSettings } from '../domain/planning/settings.ts';
import { loadPolicy, type Policy } from '../domain/policy.ts';
import * as z from '../domain/zod.ts';

/**
 * Configuration from the environment, validated once at start-up: a missing or bad value
 * fails the cold start with a message naming the variable.
 */
const envSchema = z.object({
  TABLE_NAME: z.string().check(z.minLength(3)),
  AWS_REGION: z._default(z.string(), 'eu-west-2'),
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  SES_ENDPOINT: z.optional(z.url()),
  EVENT_BUS_NAME: z._default(z.string().check(z.minLength(1)), 'default'),
  SENDER_ADDRESS: z._default(z.email(), 'scheduler@example.org'),
  FALLBACK_RECIPIENT: z._default(z.email(), 'inspection-planning@example.org'),
  SES_CONFIGURATION_SET: z.optional(z.string()),
  SCAN_SEGMENTS: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1000)), 4),
  POLICY_JSON: z.optional(z.string()),
  /** The planning settings (capacity per week and per region, visit costs, grouping), as JSON. */
  PLANNING_JSON: z.optional(z.string()),
  CQC_API_BASE_URL: z._default(z.url(), 'https://api.service.cqc.org.uk/public/v1'),
  /** The secret holding the CQC API subscription key (the key itself is never in the environment). */
  CQC_API_KEY_SECRET_ARN: z.optional(z.string().check(z.minLength(1))),
  CQC_API_REQUESTS_PER_MINUTE: z._default(
    z.coerce.number().check(z.int(), z.minimum(1), z.maximum(600)),
    400,
  ),
  /** Retiring more than this share of the stored trusts in one sync waits for an admin. */
  SYNC_MAX_RETIRE_SHARE: z._default(z.coerce.number().check(z.minimum(0), z.maximum(1)), 0.2),
  /** The user pool whose access tokens the planner API takes, and its web app client. */
  USER_POOL_ID: z.optional(z.string().check(z.regex(/^[\w-]+_[0-9a-zA-Z]+$/))),
  USER_POOL_CLIENT_ID: z.optional(z.string().check(z.minLength(1))),
  /** The pool's managed login (https://<domain>.auth.<region>.amazoncognito.com). */
  SIGN_IN_DOMAIN_URL: z.optional(z.url()),
  /** Where the web pages are: the digest's links start here. */
  WEB_BASE_URL: z.optional(z.url()),
});

export interface Config {
  tableName: string;
  region: string;
  dynamoDbEndpoint: string | undefined;
  sesEndpoint: string | undefined;
  eventBusName: string;
  senderAddress: string;
  fallbackRecipient: string;
  sesConfigurationSet: string | undefined;
  scanSegments: number;
  policy: Policy;
  planning: PlanningSettings;
  cqcApi: { baseUrl: string; keySecretArn: string | undefined; requestsPerMinute: number };
  /** The share of stored trusts one sync may retire before it holds them for an admin. */
  syncMaxRetireShare: number;
  userPool: { id: string; clientId: string; signInDomainUrl: string | undefined } | undefined;
  webBaseUrl: string | undefined;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    // Every bad variable at once, so one deployment fixes them all.
    const problems = parsed.error.issues.map(
      (i) => `environment variable ${String(i.path[0])}: ${i.message}`,
    );
    throw new ConfigError(problems.join('; '));
  }
  const e = parsed.data;
  let policy: Policy;
  try {
    policy = loadPolicy(e.POLICY_JSON ? JSON.parse(e.POLICY_JSON) : {});
  } catch (err) {
    throw new ConfigError(`environment variable POLICY_JSON: ${(err as Error).message}`);
  }
  let planning: PlanningSettings;
  try {
    planning = loadPlanningSettings(e.PLANNING_JSON ? JSON.parse(e.PLANNING_JSON) : {});
  } catch (err) {
    throw new ConfigError(`environment variable PLANNING_JSON: ${(err as Error).message}`);
  }
  return {
    tableName: e.TABLE_NAME,
    region: e.AWS_REGION,
    dynamoDbEndpoint: e.DYNAMODB_ENDPOINT,
    sesEndpoint: e.SES_ENDPOINT,
    eventBusName: e.EVENT_BUS_NAME,
    senderAddress: e.SENDER_ADDRESS,
    fallbackRecipient: e.FALLBACK_RECIPIENT,
    sesConfigurationSet: e.SES_CONFIGURATION_SET,
    scanSegments: e.SCAN_SEGMENTS,
    policy,
    planning,
    cqcApi: {
      baseUrl: e.CQC_API_BASE_URL,
      keySecretArn: e.CQC_API_KEY_SECRET_ARN,
      requestsPerMinute: e.CQC_API_REQUESTS_PER_MINUTE,
    },
    syncMaxRetireShare: e.SYNC_MAX_RETIRE_SHARE,
    userPool:
      e.USER_POOL_ID && e.USER_POOL_CLIENT_ID
        ? { id: e.USER_POOL_ID, clientId: e.USER_POOL_CLIENT_ID, signInDomainUrl: e.SIGN_IN_DOMAIN_URL }
        : undefined,
    webBaseUrl: e.WEB_BASE_URL,
  };
}
