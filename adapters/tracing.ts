import { Tracer } from '@aws-lambda-powertools/tracer';
import { SERVICE_NAME } from './observability.ts';

/**
 * X-Ray through Powertools Tracer: the functions run with active tracing, and each SDK client
 * is wrapped so every DynamoDB, SES and EventBridge call shows as a subsegment of the
 * invocation. Only the Lambda handlers load this (the X-Ray SDK is not needed locally).
 */
export const tracer = new Tracer({ serviceName: SERVICE_NAME });

export function traced<T>(client: T): T {
  return tracer.captureAWSv3Client(client);
}
