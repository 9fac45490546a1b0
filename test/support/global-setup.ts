import type { TestProject } from 'vitest/node';
import { startLocalUserPool } from '../../local/cognito.ts';
import { startDynamoDbLocal } from './dynamodb-local.ts';

/**
 * One local user pool (cognito-local) for the whole run, which every test stack's planner API
 * checks tokens against; with TEST_DYNAMODB=amazon, Amazon's DynamoDB Local too.
 */
export default async function setup(project: TestProject) {
  const userPool = await startLocalUserPool();
  project.provide('userPoolEndpoint', userPool.endpoint);
  if (process.env.TEST_DYNAMODB !== 'amazon') return () => userPool.close();
  const local = await startDynamoDbLocal();
  project.provide('dynamoDbEndpoint', local.endpoint);
  return async () => {
    await local.stop();
    await userPool.close();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
    userPoolEndpoint: string;
  }
}
