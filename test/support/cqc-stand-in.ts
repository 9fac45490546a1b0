import path from 'node:path';
import { CqcApiClient } from '../../adapters/cqc/api-client.ts';
import {
  DEMO_CQC_DIR,
  readDocs,
  type StandInOptions,
  startCqcApiStandIn,
} from '../../local/cqc-api-stand-in.ts';
import { CQC_FICTIONAL } from './paths.ts';

export const STAND_IN_KEY = 'test-subscription-key-0123456789';

/**
 * The CQC API stand-in serving the demo's documents (real Oldham locations, the providers made
 * for them) and the fictional provider-level trust RZZ with its location.
 */
export async function standIn(options: Partial<StandInOptions> = {}) {
  const fictional = readDocs(CQC_FICTIONAL);
  return startCqcApiStandIn({
    apiKey: STAND_IN_KEY,
    providers: [
      ...readDocs(path.join(DEMO_CQC_DIR, 'cqc-api-providers')),
      ...fictional.filter((d) => !('locationId' in d)),
    ],
    locations: [
      ...readDocs(path.join(DEMO_CQC_DIR, 'cqc-api-locations')),
      ...fictional.filter((d) => 'locationId' in d),
    ],
    ...options,
  });
}

/** A client for the stand-in: fast limiter and short backoff, so a test of retries takes milliseconds. */
export function clientFor(
  baseUrl: string,
  overrides: Partial<ConstructorParameters<typeof CqcApiClient>[0]> = {},
) {
  return new CqcApiClient({
    baseUrl,
    apiKey: STAND_IN_KEY,
    requestsPerMinute: 60_000,
    timeoutMs: 2000,
    retries: 4,
    minRetryDelayMs: 5,
    ...overrides,
  });
}
