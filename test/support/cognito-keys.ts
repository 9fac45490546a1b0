import { createSign, generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import type { AddressInfo } from 'node:net';

/**
 * A user pool's signing key for the deployed token check (CognitoJwtVerifier), which fetches
 * its JWKS from https://cognito-idp.<region>.amazonaws.com/<pool>/.well-known/jwks.json. The
 * key pair is made here; that one address is answered by a local server, everything else goes
 * out as before. Tokens signed with `sign` are then checked for real: signature, issuer,
 * client, token use, expiry and groups.
 */
export async function fakeCognitoKeys(region: string, userPoolId: string) {
  const kid = randomUUID();
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwks = {
    keys: [{ ...(publicKey.export({ format: 'jwk' }) as object), kid, alg: 'RS256', use: 'sig' }],
  };
  /** The pool's users now, by username (email): their groups, and whether they are enabled. */
  const users = new Map<string, { groups: string[]; enabled: boolean }>();
  const signedOutEverywhere: string[] = [];
  const server = http.createServer((req, res) => {
    if (req.method === 'GET') {
      res.writeHead(req.url === `/${userPoolId}/.well-known/jwks.json` ? 200 : 404, {
        'content-type': 'application/json',
      });
      res.end(JSON.stringify(jwks));
      return;
    }
    // The few user-pool calls the planner makes (who a user is now; sign-out everywhere), as
    // Cognito answers them, so the deployed code runs unmocked.
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '')
        .split('.')
        .pop();
      const { Username, UserPoolId } = JSON.parse(body || '{}') as { Username?: string; UserPoolId?: string };
      const user = users.get(String(Username).toLowerCase());
      const answer = (status: number, json: unknown, type?: string) => {
        res.writeHead(status, {
          'content-type': 'application/x-amz-json-1.1',
          ...(type ? { 'x-amzn-errortype': type } : {}),
        });
        res.end(JSON.stringify(json));
      };
      if (UserPoolId !== userPoolId)
        return answer(400, { message: 'no such pool' }, 'ResourceNotFoundException');
      if (!user) return answer(400, { message: 'User does not exist.' }, 'UserNotFoundException');
      if (target === 'AdminGetUser')
        return answer(200, { Username, Enabled: user.enabled, UserStatus: 'CONFIRMED' });
      if (target === 'AdminListGroupsForUser')
        return answer(200, { Groups: user.groups.map((GroupName) => ({ GroupName, UserPoolId })) });
      if (target === 'AdminDeleteUser') {
        users.delete(String(Username).toLowerCase());
        return answer(200, {});
      }
      if (target === 'AdminUserGlobalSignOut') {
        signedOutEverywhere.push(String(Username));
        return answer(200, {});
      }
      answer(400, { message: `${target} is not answered here` }, 'InvalidParameterException');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const local = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const host = `cognito-idp.${region}.amazonaws.com`;
  const original = https.request;
  https.request = ((uri: string | URL | https.RequestOptions, ...rest: unknown[]) => {
    // Called with a URL (aws-jwt-verify's JWKS fetch) or with options (the AWS SDK's calls).
    if (typeof uri === 'object' && !(uri instanceof URL)) {
      if (uri.hostname !== host && uri.host !== host)
        return (original as (...a: unknown[]) => unknown)(uri, ...rest);
      const [callback] = rest as [(res: http.IncomingMessage) => void];
      const { port: _p, protocol: _s, agent: _a, hostname: _h, host: _o, ...options } = uri;
      return http.request(`${local}${uri.path ?? '/'}`, options, callback);
    }
    const url = new URL(String(uri));
    if (url.host !== host) return (original as (...a: unknown[]) => unknown)(uri, ...rest);
    const [options, callback] = rest as [http.RequestOptions, (res: http.IncomingMessage) => void];
    return http.request(`${local}${url.pathname}`, { ...options, agent: undefined }, callback);
  }) as typeof https.request;
  syncBuiltinESMExports();
  const issuer = `https://${host}/${userPoolId}`;
  return {
    issuer,
    /** The pool's users as Cognito has them now (add, change or delete to demote or remove). */
    users,
    /** Who was signed out everywhere (AdminUserGlobalSignOut), in order. */
    signedOutEverywhere,
    /** An access token as Cognito issues it for `username` in `groups`. */
    sign(claims: {
      clientId: string;
      username: string;
      groups: string[];
      expiresInSeconds?: number;
      /** Claims set (or, undefined, taken away) over Cognito's, as a forger would. */
      extra?: Record<string, unknown>;
    }) {
      const now = Math.floor(Date.now() / 1000);
      const payload: Record<string, unknown> = {
        iss: issuer,
        sub: randomUUID(),
        client_id: claims.clientId,
        token_use: 'access',
        username: claims.username,
        'cognito:groups': claims.groups,
        scope: 'openid email',
        auth_time: now,
        iat: now,
        exp: now + (claims.expiresInSeconds ?? 3600),
        jti: randomUUID(),
        ...claims.extra,
      };
      for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
      return signJwt(privateKey, kid, payload);
    },
    async close() {
      https.request = original;
      syncBuiltinESMExports();
      await new Promise((r) => server.close(r));
    },
  };
}

function signJwt(key: KeyObject, kid: string, payload: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${part({ alg: 'RS256', kid, typ: 'JWT' })}.${part(payload)}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(key).toString('base64url')}`;
}
