import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserPool } from '../../adapters/cognito/users.ts';
import { localVerifier, TokenRejected, type VerifyToken } from '../../adapters/cognito/verify.ts';
import { LOCAL_PASSWORD, type LocalUserPool, seedUsers, startLocalUserPool } from '../../local/cognito.ts';
import { fakeCognitoKeys } from '../support/cognito-keys.ts';

/**
 * The local user pool (cognito-local) and the token check the planner API will make on every
 * request: a planner's, a holder's and an admin's tokens say who and what they are; a forged,
 * foreign or role-less token is refused.
 */
let local: LocalUserPool;
let verify: VerifyToken;

beforeAll(async () => {
  local = await startLocalUserPool();
  await seedUsers(local.pool, [
    { email: 'planner@example.org', role: 'planner' },
    { email: 'admin@example.org', role: 'admin' },
    { email: 'Priya.Shah@example.org', role: 'holder' },
  ]);
  verify = localVerifier({ issuer: local.issuer, clientId: local.clientId });
}, 30_000);
afterAll(() => local?.close());

const token = (email: string, password = LOCAL_PASSWORD) =>
  local.pool.accessToken(local.clientId, email, password);

describe('signing in to the local user pool', () => {
  it('lists the seeded users with their roles; seeding again adds nobody twice', async () => {
    await seedUsers(local.pool, [{ email: 'planner@example.org', role: 'planner' }]);
    expect((await local.pool.list()).map(({ email, role }) => ({ email, role }))).toEqual([
      { email: 'admin@example.org', role: 'admin' },
      { email: 'planner@example.org', role: 'planner' },
      { email: 'priya.shah@example.org', role: 'holder' },
    ]);
  });

  it('a token says who signed in and their role: a holder by the email their trusts are matched by', async () => {
    const who = { tokenId: expect.any(String), expiresAt: expect.any(Number) };
    expect(await verify(await token('planner@example.org'))).toEqual({
      email: 'planner@example.org',
      role: 'planner',
      ...who,
    });
    expect(await verify(await token('admin@example.org'))).toEqual({
      email: 'admin@example.org',
      role: 'admin',
      ...who,
    });
    expect(await verify(await token('PRIYA.SHAH@example.org'))).toEqual({
      email: 'priya.shah@example.org',
      role: 'holder',
      ...who,
    });
  });

  it('a wrong password gets no token', async () => {
    await expect(token('planner@example.org', 'not-the-password')).rejects.toThrow();
  });

  it('a forged, altered, foreign-client or role-less token is refused', async () => {
    const good = await token('priya.shah@example.org');
    const [head, body, sig] = good.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const altered = `${head}.${Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['admins'] })).toString('base64url')}.${sig}`;
    await expect(verify(altered)).rejects.toThrow(TokenRejected);
    await expect(verify(`${head}.${body}.`)).rejects.toThrow(TokenRejected);
    await expect(verify('not-a-token')).rejects.toThrow(TokenRejected);
    const otherClient = localVerifier({ issuer: local.issuer, clientId: 'another-client' });
    await expect(otherClient(good)).rejects.toThrow('a token for another client');
    await local.pool.add('nobody@example.org', 'holder', LOCAL_PASSWORD);
    await local.pool.remove('nobody@example.org');
    await expect(token('nobody@example.org')).rejects.toThrow();
  });

  it('removing a user in AWS signs them out everywhere first (AdminUserGlobalSignOut), then deletes them', async () => {
    const keys = await fakeCognitoKeys('eu-west-2', 'eu-west-2_Remove1');
    try {
      keys.users.set('leaver@example.org', { groups: ['planners'], enabled: true });
      const pool = new UserPool(
        new CognitoIdentityProviderClient({
          region: 'eu-west-2',
          credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        }),
        'eu-west-2_Remove1',
      );
      expect(await pool.roleNow('leaver@example.org')).toBe('planner');
      await pool.remove('Leaver@example.org');
      expect(keys.signedOutEverywhere).toEqual(['leaver@example.org']);
      expect(await pool.roleNow('leaver@example.org')).toBeNull();
    } finally {
      await keys.close();
    }
  });

  it('the local verifier trusts no issuer but a local one', () => {
    expect(() =>
      localVerifier({ issuer: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_x', clientId: 'c' }),
    ).toThrow('trusts only a local issuer');
  });
});
