import { CognitoJwtVerifier } from 'aws-jwt-verify/cognito-verifier';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { JwtVerifier } from 'aws-jwt-verify/jwt-verifier';
import type { VerifiedToken, VerifyToken } from '../../domain/roles.ts';
import { roleOf } from './users.ts';

export type { SignedInUser, VerifiedToken, VerifyToken } from '../../domain/roles.ts';

export class TokenRejected extends Error {
  override name = 'TokenRejected';
}

function userOf(payload: Record<string, unknown>): VerifiedToken {
  const raw = payload['cognito:groups'];
  // Cognito gives a list; anything else (a string, a number) is not a token Cognito made.
  if (raw !== undefined && !(Array.isArray(raw) && raw.every((g) => typeof g === 'string')))
    throw new TokenRejected("the token's groups are not a list");
  const role = roleOf((raw as string[] | undefined) ?? []);
  if (!role) throw new TokenRejected('the user has no role (planners, holders or admins)');
  const email = String(payload.username ?? '').toLowerCase();
  if (!email.includes('@')) throw new TokenRejected('the token names no user by email');
  // A token that never expires, or has no id to sign out, is not accepted (the verifiers check
  // an expiry only when one is there).
  if (typeof payload.exp !== 'number' || !Number.isFinite(payload.exp))
    throw new TokenRejected('the token has no expiry');
  if (typeof payload.jti !== 'string' || payload.jti.length === 0)
    throw new TokenRejected('the token has no id');
  return { email, role, tokenId: payload.jti, expiresAt: payload.exp };
}

/**
 * Amazon Cognito's access tokens in AWS: issuer (the pool), client, token use (access), expiry
 * and signature, with the JWKS fetched and cached by aws-jwt-verify.
 */
export function cognitoVerifier(options: { userPoolId: string; clientId: string }): VerifyToken {
  const verifier = CognitoJwtVerifier.create({
    userPoolId: options.userPoolId,
    clientId: options.clientId,
    tokenUse: 'access',
  });
  return async (token) => {
    try {
      return userOf((await verifier.verify(token)) as Record<string, unknown>);
    } catch (err) {
      if (err instanceof TokenRejected) throw err;
      throw new TokenRejected((err as Error).message);
    }
  };
}

/**
 * The local stack's user pool (cognito-local): the same checks, by aws-jwt-verify's generic
 * verifier, with the JWKS fetched from the stand-in here (its issuer is plain http, which the
 * Cognito verifier refuses). Never use it with any issuer but the local stand-in's.
 */
export function localVerifier(options: { issuer: string; clientId: string }): VerifyToken {
  if (!/^http:\/\/(127\.0\.0\.1|localhost):\d+\//.test(options.issuer))
    throw new Error(`the local token verifier trusts only a local issuer, not ${options.issuer}`);
  const verifier = JwtVerifier.create({
    issuer: options.issuer,
    audience: null,
    customJwtCheck: ({ payload }) => {
      if (payload.token_use !== 'access') throw new TokenRejected('not an access token');
      if (payload.client_id !== options.clientId) throw new TokenRejected('a token for another client');
    },
  });
  let jwksLoaded: Promise<void> | undefined;
  const loadJwks = async () => {
    const res = await fetch(`${options.issuer}/.well-known/jwks.json`);
    if (!res.ok) throw new Error(`the local user pool's JWKS: HTTP ${res.status}`);
    verifier.cacheJwks((await res.json()) as Jwks);
  };
  return async (token) => {
    jwksLoaded ??= loadJwks().catch((err) => {
      jwksLoaded = undefined;
      throw err;
    });
    await jwksLoaded;
    try {
      return userOf(verifier.verifySync(token) as Record<string, unknown>);
    } catch (err) {
      if (err instanceof TokenRejected) throw err;
      throw new TokenRejected((err as Error).message);
    }
  };
}
