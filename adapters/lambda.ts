import { Tracer } from '@aws-lambda-powertools/tracer';
import { loadConfig } from './config.ts';
import { makeTable } from './dynamodb/table.ts';
import { makeLogger, SERVICE_NAME } from './observability.ts';

/**
 * X-Ray through Powertools Tracer: the functions run with active tracing, and each SDK client
 * is wrapped so every DynamoDB, SES and EventBridge call shows as a subsegment of the
 * invocation. Only the Lambda handlers load this (the X-Ray SDK is not needed locally).
 */
export const tracer = new Tracer({ serviceName: SERVICE_NAME });

export function traced<T>(client: T): T {
  return tracer.captureAWSv3Client(client);
}

/**
 * What every Lambda handler wires first, once per container: its configuration (checked), its
 * logger, and the table with its client traced. Each handler builds the repositories it uses
 * on it (adapters/dynamodb/index.ts), and no others.
 */
export function lambdaBasics(functionName: string) {
  const config = loadConfig();
  const logger = makeLogger(functionName);
  const table = makeTable({
    region: config.region,
    endpoint: config.dynamoDbEndpoint,
    tableName: config.tableName,
  });
  traced(table.client);
  return { config, logger, table };
}
