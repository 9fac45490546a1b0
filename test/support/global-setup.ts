import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from './dynamodb-local.ts';

/** With TEST_DYNAMODB=amazon, integration tests run against Amazon's DynamoDB Local. */
export default async function setup(project: TestProject) {
  if (process.env.TEST_DYNAMODB !== 'amazon') return;
  const local = await startDynamoDbLocal();
  project.provide('dynamoDbEndpoint', local.endpoint);
  return () => local.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
  }
}
