import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { CqcApiClient } from '../../adapters/cqc/api-client.ts';
import {
  type CqcApiStandIn,
  DEMO_CQC_DIR,
  readDocs,
  type StandInOptions,
  startCqcApiStandIn,
} from '../../local/cqc-api-stand-in.ts';
import type { LocalStack } from '../../local/stack.ts';
import { CQC_FICTIONAL } from './paths.ts';
import { testStack } from './stack.ts';

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

/**
 * A fresh stack (with the planner API) and CQC API stand-in for each test of the file, its lists
 * in pages of one so every listing is read across pages, handed to `use`. Returns the sync
 * between them.
 */
export function syncPerTest(asOf: string, use: (stack: LocalStack, api: CqcApiStandIn) => void) {
  let stack: LocalStack | undefined;
  let api: CqcApiStandIn | undefined;
  beforeEach(async () => {
    stack = await testStack({ apiPort: 0 });
    api = await standIn({ maxPerPage: 1 });
    use(stack, api);
  });
  afterEach(async () => {
    await api?.close();
    await stack?.close();
  });
  return (
    options: Parameters<LocalStack['syncFrom']>[1] = { mode: 'incremental' },
    client = clientFor(api!.baseUrl),
  ) => stack!.syncFrom(client, { asOf, ...options });
}
