import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Logger } from '@smithy/types';

export interface Endpoint {
  region: string;
  /** A local stand-in (dynalite, SES local); unset in AWS. */
  endpoint?: string | undefined;
}

/** Local stand-ins accept any credentials; in AWS the default provider chain is used. */
function localCredentials(endpoint: string | undefined) {
  return endpoint ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {};
}

/**
 * The SDK's logger, without `info`. The SDK builds an info entry of every response, filtering the
 * whole output for sensitive fields, whenever its logger has an `info` method, even a no-op one:
 * 12% of a night's CPU, spent on Scan pages nobody logs. Warnings and errors still go nowhere.
 */
const SDK_LOGGER_WITHOUT_INFO = { debug() {}, warn() {}, error() {} } as unknown as Logger;

export function makeDynamoDbClient({ region, endpoint }: Endpoint): DynamoDBClient {
  return new DynamoDBClient({
    region,
    endpoint,
    maxAttempts: 8,
    logger: SDK_LOGGER_WITHOUT_INFO,
    ...localCredentials(endpoint),
  });
}

export function makeDocumentClient(where: Endpoint): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(makeDynamoDbClient(where), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

/** SES with the SDK's standard retry: throttling and 5xx retried with exponential backoff. */
export function makeSesClient({ region, endpoint }: Endpoint, maxAttempts = 6): SESv2Client {
  return new SESv2Client({ region, endpoint, maxAttempts, ...localCredentials(endpoint) });
}
