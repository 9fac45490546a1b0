import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface Endpoint {
  region: string;
  /** A local stand-in (dynalite, SES local); unset in AWS. */
  endpoint?: string | undefined;
}

/** Local stand-ins accept any credentials; in AWS the default provider chain is used. */
function localCredentials(endpoint: string | undefined) {
  return endpoint ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {};
}

export function makeDynamoDbClient({ region, endpoint }: Endpoint): DynamoDBClient {
  return new DynamoDBClient({ region, endpoint, maxAttempts: 8, ...localCredentials(endpoint) });
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
