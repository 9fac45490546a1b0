import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cognitoVerifier } from '../../adapters/cognito/verify.ts';
import { makeLogger } from '../../adapters/observability.ts';
import { makePlannerApi } from '../../api/app.ts';
import { credentialsFile, loginCommand, savedLogin } from '../../cli/login.ts';
import { main } from '../../cli/main.ts';
import { DEFAULT_POLICY } from '../../domain/policy.ts';
import { startHttpApi } from '../../local/http.ts';
import { type LocalStack, localAuthority } from '../../local/stack.ts';
import { fakeCognitoKeys } from '../support/cognito-keys.ts';
import { freePort } from '../support/ports.ts';
import { testStack, tokenFor } from '../support/stack.ts';

/**
 * `trust-scheduler login` against a stand-in of Cognito's managed login (its authorize, token
 * and revocation endpoints, as the pages' managed login is tested): the loopback callback, the
 * state and PKCE checks, the refresh token kept 0600, `token` giving a fresh access token the
 * deployed API takes, and `logout` revoking it.
 */
const POOL = 'eu-west-2_Cli1';
const PLANNER = 'planner@example.org';
let stack: LocalStack;
let keys: Awaited<ReturnType<typeof fakeCognitoKeys>>;
let cognito: {
  url: string;
  close: () => void;
  revoked: Set<string>;
  codes: Map<string, Record<string, string>>;
};
let api: Awaited<ReturnType<typeof startHttpApi>>;
const saved = { ...process.env };

beforeAll(async () => {
  process.env.XDG_CONFIG_HOME = mkdtempSync(path.join(tmpdir(), 'login-'));
  stack = await testStack({ apiPort: 0 });
  await tokenFor(stack.userPool!, PLANNER);
  keys = await fakeCognitoKeys('eu-west-2', POOL);
  const codes = new Map<string, Record<string, string>>();
  const refresh = new Set<string>();
  const revoked = new Set<string>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://cognito');
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    // The managed login: the test plays the user who signs in (password, MFA), so a code is
    // issued for the authorize request's challenge and redirect, and the browser sent back.
    if (url.pathname === '/oauth2/authorize') {
      const code = randomUUID();
      codes.set(code, Object.fromEntries(url.searchParams));
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.search = new URLSearchParams({ code, state: url.searchParams.get('state')! }).toString();
      return void res.writeHead(302, { location: back.href }).end();
    }
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const body = new URLSearchParams(raw);
      const access = () =>
        keys.sign({ clientId: 'web', username: PLANNER, groups: ['planners'] } as Parameters<
          typeof keys.sign
        >[0]);
      if (url.pathname === '/oauth2/revoke') {
        revoked.add(body.get('token') ?? '');
        return json(200, {});
      }
      if (url.pathname !== '/oauth2/token') return json(404, {});
      if (body.get('grant_type') === 'refresh_token') {
        const token = body.get('refresh_token') ?? '';
        return refresh.has(token) && !revoked.has(token)
          ? json(200, { access_token: access(), expires_in: 3600 })
          : json(400, { error: 'invalid_grant' });
      }
      const asked = codes.get(body.get('code') ?? '');
      codes.delete(body.get('code') ?? '');
      const challenge = createHash('sha256')
        .update(body.get('code_verifier') ?? '')
        .digest('base64url');
      if (
        !asked ||
        asked.code_challenge !== challenge ||
        asked.code_challenge_method !== 'S256' ||
        asked.redirect_uri !== body.get('redirect_uri') ||
        asked.client_id !== body.get('client_id')
      )
        return json(400, { error: 'invalid_grant' });
      const refreshToken = randomUUID();
      refresh.add(refreshToken);
      return json(200, { access_token: access(), refresh_token: refreshToken, expires_in: 3600 });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cognito = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => server.close(),
    revoked,
    codes,
  };
  api = await startHttpApi(
    makePlannerApi({
      repos: stack.repos,
      policy: DEFAULT_POLICY,
      logger: makeLogger('login-test'),
      verify: cognitoVerifier({ userPoolId: POOL, clientId: 'web' }),
      authority: localAuthority(stack.repos.revocations, stack.userPool!),
      signIn: {
        kind: 'managed-login',
        domainUrl: cognito.url,
        clientId: 'web',
        webBaseUrl: 'https://web.example',
      },
      secureCookies: true,
    }),
  );
}, 60_000);
afterAll(async () => {
  await api?.close();
  cognito?.close();
  await keys?.close();
  await stack?.close();
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

/** Runs `login` as a user would: the address it prints is opened (the user signs in), or `browse` is. */
async function login(port: number, browse?: (authorize: URL) => Promise<void>) {
  const out: string[] = [];
  let opened: Promise<void> = Promise.resolve();
  const code = loginCommand(['--api', api.url, '--port', String(port), '--no-browser'], {
    stdout: (t) => out.push(t),
    stderr: (t) => {
      const address = /https?:\/\/\S+\/oauth2\/authorize\S+/.exec(t)?.[0];
      if (address) opened = browse ? browse(new URL(address)) : fetch(address).then(() => undefined);
    },
    now: () => new Date(),
  });
  const result = await code.catch((err: Error) => err);
  await opened;
  return { result, out: out.join('\n') };
}

const run = async (argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    now: () => new Date(),
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
};

describe('trust-scheduler login, token and logout against a deployed API (a Cognito stand-in)', () => {
  it('signs in through the loopback callback with state and PKCE, keeps the refresh token 0600, and token prints an access token the API takes', async () => {
    const port = await freePort();
    let asked: URL | null = null;
    const { result, out } = await login(port, async (authorize) => {
      asked = authorize;
      await fetch(authorize); // the browser: the managed login, then back to the loopback address
    });
    expect(result).toBe(0);
    expect(out).toContain(`Signed in to ${api.url} as ${PLANNER}`);
    expect(Object.fromEntries(asked!.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'web',
      redirect_uri: `http://127.0.0.1:${port}/callback`,
      code_challenge_method: 'S256',
      scope: 'openid email',
    });
    expect(asked!.searchParams.get('state')).toMatch(/^[\w-]{32}$/);
    const file = credentialsFile();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(savedLogin()).toMatchObject({
      api: api.url,
      domainUrl: cognito.url,
      clientId: 'web',
      email: PLANNER,
    });

    const token = await run(['token']);
    expect(token.code, token.stderr).toBe(0);
    const due = await fetch(`${api.url}/due-work`, {
      headers: { authorization: `Bearer ${token.stdout.trim()}` },
    });
    expect(due.status).toBe(200);

    // logout revokes the refresh token at Cognito and deletes it: token no longer works.
    const out2 = await run(['logout']);
    expect(out2.code).toBe(0);
    expect(cognito.revoked.size).toBe(1);
    expect(savedLogin()).toBeNull();
    const after = await run(['token']);
    expect(after.code).toBe(2);
    expect(after.stderr).toContain('trust-scheduler login --api URL');
  });

  it('refuses a callback with another state, and a code sent without its verifier', async () => {
    const port = await freePort();
    const forged = await login(port, async (authorize) => {
      const back = new URL(authorize.searchParams.get('redirect_uri')!);
      back.search = new URLSearchParams({ code: 'stolen', state: 'not-the-one' }).toString();
      const res = await fetch(back);
      expect(res.status).toBe(400);
    });
    expect(forged.result).toBeInstanceOf(Error);
    expect((forged.result as Error).message).toContain('another state');
    // A code issued for another challenge: the token endpoint refuses it, nothing is kept.
    const port2 = await freePort();
    const swapped = await login(port2, async (authorize) => {
      const other = new URL(authorize);
      other.searchParams.set('code_challenge', createHash('sha256').update('another').digest('base64url'));
      await fetch(other);
    });
    expect((swapped.result as Error).message).toContain('refused the code');
    expect(savedLogin()).toBeNull();
  });

  it('says when the API has no managed login (the local stack) and names the command to use', async () => {
    const res = await run(['login', '--api', stack.api!.url, '--no-browser']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('trust-scheduler token --user EMAIL');
  });
});
