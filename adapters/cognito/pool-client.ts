/**
 * What only calendar feeds need, bundled on its own for the planner API (users.mjs): the user
 * pool and its client (who a feed's owner is now), and the feeds' store.
 */
export { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
export { FeedsRepository } from '../dynamodb/feeds.ts';
export { UserPool } from './users.ts';
