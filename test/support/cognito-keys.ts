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
  const server = http.createServer((req, res) => {
    res.writeHead(req.url === `/${userPoolId}/.well-known/jwks.json` ? 200 : 404, {
      'content-type': 'application/json',
    });
    res.end(JSON.stringify(jwks));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const local = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const host = `cognito-idp.${region}.amazonaws.com`;
  const original = https.request;
  https.request = ((uri: string | URL, ...rest: unknown[]) => {
    const url = new URL(String(uri));
    if (url.host !== host) return (original as (...a: unknown[]) => unknown)(uri, ...rest);
    const [options, callback] = rest as [http.RequestOptions, (res: http.IncomingMessage) => void];
    return http.request(`${local}${url.pathname}`, { ...options, agent: undefined }, callback);
  }) as typeof https.request;
  syncBuiltinESMExports();
  const issuer = `https://${host}/${userPoolId}`;
  return {
    issuer,
    /** An access token as Cognito issues it for `username` in `groups`. */
    sign(claims: { clientId: string; username: string; groups: string[]; expiresInSeconds?: number }) {
      const now = Math.floor(Date.now() / 1000);
      return signJwt(privateKey, kid, {
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
      });
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
