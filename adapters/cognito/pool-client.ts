/** The user pool and its client, bundled on their own for the planner API (users.mjs). */
export { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
export { UserPool } from './users.ts';
