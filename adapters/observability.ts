import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const SERVICE_NAME = 'trust-scheduler';

/**
 * Structured JSON logs (Powertools). Log counts, ids and keys; never email addresses or names:
 * `redactEmails` (domain/redact.ts) is applied to anything that might carry one.
 */
export function makeLogger(name: string, options: { silent?: boolean } = {}): Logger {
  return new Logger({
    serviceName: SERVICE_NAME,
    logLevel: options.silent ? 'SILENT' : ((process.env.LOG_LEVEL ?? 'INFO') as 'INFO'),
    persistentKeys: { function: name },
  });
}

export function makeMetrics(): Metrics {
  return new Metrics({ namespace: 'TrustScheduler', serviceName: SERVICE_NAME });
}
