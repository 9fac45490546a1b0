import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cognitoVerifier } from '../../adapters/cognito/verify.ts';
import { makeLogger } from '../../adapters/observability.ts';
import { makePlannerApi } from '../../api/app.ts';
import { DEFAULT_POLICY } from '../../domain/policy.ts';
import { LOCAL_PASSWORD } from '../../local/cognito.ts';
import { demoTrusts } from '../../local/demo.ts';
import { startHttpApi } from '../../local/http.ts';
import { type LocalStack, localAuthority } from '../../local/stack.ts';
import { fakeCognitoKeys } from '../support/cognito-keys.ts';
import { apiFetch, backend, load, testStack, tokenFor } from '../support/stack.ts';

/**
 * Signing in to the pages: the local form, the deployed managed-login flow (authorization code
 * with PKCE, against a stand-in token endpoint and a locally made Cognito signing key), and what
 * keeps a session safe: forms only from this site, no open redirect, no token in a URL or a log.
 */
const ASOF = '2026-11-23';
let stack: LocalStack;
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

beforeAll(async () => {
  stack = await testStack({ apiPort: 0 });
  await load(stack, demoTrusts(ASOF), ASOF);
  await tokenFor(stack.userPool!, 'planner@example.org');
  await tokenFor(stack.userPool!, 'priya.shah@example.org');
});
afterAll(() => stack?.close());

async function signIn(body: Record<string, string>, origin = stack.api!.url) {
  return fetch(`${stack.api!.url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...FORM, origin },
    body: form(body),
  });
}

describe(`the local sign-in form (${backend()})`, () => {
  it('signs in and goes where the user was going; the cookie is HttpOnly, SameSite, for / only', async () => {
    const res = await signIn({
      email: 'planner@example.org',
      password: LOCAL_PASSWORD,
      next: '/web/trusts/DEMO1',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/web/trusts/DEMO1');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^session=[\w.-]+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/);
    const page = await fetch(`${stack.api!.url}/web/trusts/DEMO1`, {
      headers: { cookie: cookie.split(';')[0]! },
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Riverside Teaching Hospitals');
  });

  it("the page's CSV and iCalendar are of exactly what it shows, by the same role rules", async () => {
    const res = await signIn({ email: 'priya.shah@example.org', password: LOCAL_PASSWORD, next: '/' });
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const query = `?view=all&asOf=${ASOF}&within=3650&stage=overdue,urgent`;
    const page = await (await fetch(`${stack.api!.url}/${query}`, { headers: { cookie } })).text();
    const shown = [...page.matchAll(/href="\/web\/items\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));
    expect(shown.length).toBeGreaterThan(0);
    const csv = await fetch(`${stack.api!.url}/web/due-work.csv${query}`, { headers: { cookie } });
    expect(csv.headers.get('content-disposition')).toContain('attachment');
    const ids = (parseCsv(await csv.text(), { columns: true }) as { itemId: string }[]).map((r) => r.itemId);
    expect(ids).toEqual(shown);
    const ics = await fetch(`${stack.api!.url}/web/due-work.ics${query}`, { headers: { cookie } });
    expect((await ics.text()).match(/BEGIN:VEVENT/g)).toHaveLength(shown.length);
    // Paged: the next page's link carries the filters and the cursor, and shows the next item.
    const first = await (await fetch(`${stack.api!.url}/${query}&limit=1`, { headers: { cookie } })).text();
    const next = /<a class="govuk-link govuk-pagination__link" href="([^"]+)"/
      .exec(first)![1]!
      .replace(/&amp;/g, '&');
    const second = await (await fetch(`${stack.api!.url}${next}`, { headers: { cookie } })).text();
    expect(decodeURIComponent(/href="\/web\/items\/([^"]+)"/.exec(second)![1]!)).toBe(shown[1]);
    // The queue (the page's default): its whole list, folded by trust, is what its CSV holds.
    const queuePage = await (await fetch(`${stack.api!.url}/?asOf=${ASOF}`, { headers: { cookie } })).text();
    const queued = [...queuePage.matchAll(/href="\/web\/items\/([^"]+)"/g)].map((m) =>
      decodeURIComponent(m[1]!),
    );
    expect(queued.length).toBeGreaterThan(0);
    const queueCsv = await fetch(`${stack.api!.url}/web/due-work.csv?view=queue&asOf=${ASOF}`, {
      headers: { cookie },
    });
    const queueIds = (parseCsv(await queueCsv.text(), { columns: true }) as { itemId: string }[]).map(
      (r) => r.itemId,
    );
    expect([...queueIds].sort()).toEqual([...queued].sort());
    // A bad filter is named in the page's words, not by its parameter.
    const bad = await fetch(`${stack.api!.url}/?within=9999`, { headers: { cookie } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Due within (days): must be at most 3650');
    // Without the session, nothing.
    expect((await fetch(`${stack.api!.url}/web/due-work.csv`, { redirect: 'manual' })).status).toBe(303);
  });

  it("an item's action form is refused without its form token, and a GET never acts", async () => {
    const res = await signIn({ email: 'priya.shah@example.org', password: LOCAL_PASSWORD, next: '/' });
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const page = await (await fetch(`${stack.api!.url}/?within=3650`, { headers: { cookie } })).text();
    const itemPath = /href="(\/web\/items\/[^"]+)"/.exec(page)![1]!;
    const post = (fields: Record<string, string>) =>
      fetch(`${stack.api!.url}${itemPath}/actions`, {
        method: 'POST',
        redirect: 'manual',
        headers: { ...FORM, origin: stack.api!.url, cookie },
        body: form(fields),
      });
    expect((await post({ action: 'acknowledge', expectedVersion: '0' })).status).toBe(403);
    expect((await post({ action: 'acknowledge', expectedVersion: '0', csrf: 'guess' })).status).toBe(403);
    const item = await (
      await fetch(`${stack.api!.url}${itemPath}?action=acknowledge`, { headers: { cookie } })
    ).text();
    expect(item).toContain('Nothing yet.');
    const token = /name="csrf" value="([^"]+)"/.exec(item)![1]!;
    const done = await post({ action: 'acknowledge', expectedVersion: '0', csrf: token });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`${itemPath}?done=acknowledge`);
  });

  it('never redirects off the site, whatever next says (a tab or line break a browser drops included), and never answers 500', async () => {
    for (const next of [
      '//evil.example/x',
      'https://evil.example/',
      '/\\evil.example',
      '/\t/evil.example/x',
      '/\n/x',
      '/.//evil.example',
      'http://127.0.0.1:1/',
    ])
      expect(
        (await signIn({ email: 'planner@example.org', password: LOCAL_PASSWORD, next })).headers.get(
          'location',
        ),
        next,
      ).toBe('/');
    // The same through the sign-in page's own query (%09 and %0A arrive decoded).
    for (const next of ['/%09/evil.example/x', '/%0A/x']) {
      const page = await fetch(`${stack.api!.url}/sign-in?next=${next}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('name="next" value="/"');
    }
    // A path of this site, query and all, is kept.
    expect(
      (
        await signIn({
          email: 'planner@example.org',
          password: LOCAL_PASSWORD,
          next: '/web/forecast?months=6',
        })
      ).headers.get('location'),
    ).toBe('/web/forecast?months=6');
  });

  it('refuses a form posted from another site, and a wrong password without saying who exists', async () => {
    const forged = await signIn(
      { email: 'planner@example.org', password: LOCAL_PASSWORD },
      'https://evil.example',
    );
    expect(forged.status).toBe(403);
    expect(forged.headers.get('set-cookie')).toBeNull();
    // The same host and port over another scheme is another site.
    const otherScheme = await signIn(
      { email: 'planner@example.org', password: LOCAL_PASSWORD },
      stack.api!.url.replace('http:', 'https:'),
    );
    expect(otherScheme.status).toBe(403);
    const wrong = await signIn({ email: 'planner@example.org', password: 'nope' });
    const nobody = await signIn({ email: 'nobody@example.org', password: 'nope' });
    expect([wrong.status, nobody.status]).toEqual([401, 401]);
    const message = (html: string) => /<div role="alert">[\s\S]*?<\/div>/.exec(html)?.[0];
    expect(message(await wrong.text())).toEqual(message(await nobody.text()));
  });

  it('a user pool that does not answer is a fault the page owns, not a wrong password', async () => {
    const down = await startHttpApi(
      makePlannerApi({
        repos: stack.repos,
        policy: DEFAULT_POLICY,
        logger: makeLogger('web-test', { silent: true }),
        verify: async () => {
          throw new Error('unused');
        },
        authority: localAuthority(stack.repos.revocations, stack.userPool!),
        signIn: {
          kind: 'password',
          signIn: async () => {
            throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9229'), { name: 'Error' });
          },
        },
      }),
    );
    try {
      const res = await fetch(`${down.url}/sign-in`, {
        method: 'POST',
        headers: { ...FORM, origin: down.url },
        body: form({ email: 'planner@example.org', password: LOCAL_PASSWORD }),
      });
      expect(res.status).toBe(500);
      const html = await res.text();
      expect(html).toContain('Sorry, there is a problem with the service');
      expect(html).not.toContain('Enter a correct email address and password');
    } finally {
      await down.close();
    }
  });

  it('answers with security headers: no framing, no script, no referrer', async () => {
    for (const res of [await fetch(`${stack.api!.url}/sign-in`), await apiFetch(stack, '/health')]) {
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/script-src|unsafe-inline/);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });
});

describe('managed login, as deployed (authorization code with PKCE)', () => {
  const POOL = 'eu-west-2_Web1';
  let keys: Awaited<ReturnType<typeof fakeCognitoKeys>>;
  let tokenEndpoint: { url: string; bodies: URLSearchParams[]; close: () => void };
  let api: Awaited<ReturnType<typeof startHttpApi>>;
  const logged: string[] = [];
  const revoked: string[] = [];

  beforeAll(async () => {
    keys = await fakeCognitoKeys('eu-west-2', POOL);
    const bodies: URLSearchParams[] = [];
    // Cognito's /oauth2/token: gives the tokens for the one code, to a request with its verifier.
    const server = createServer((req, res) => {
      let raw = '';
      req.on('data', (d) => (raw += d));
      req.on('end', () => {
        const body = new URLSearchParams(raw);
        bodies.push(body);
        if (req.url === '/oauth2/revoke') {
          revoked.push(body.get('token')!);
          return void res.writeHead(200).end('{}');
        }
        const refreshing = body.get('grant_type') === 'refresh_token';
        const ok =
          req.url === '/oauth2/token' &&
          (refreshing
            ? body.get('refresh_token') === 'the-refresh' && !revoked.includes('the-refresh')
            : body.get('code') === 'the-code');
        res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            ok
              ? {
                  access_token: keys.sign({
                    clientId: 'web',
                    username: 'planner@example.org',
                    groups: ['planners'],
                  }),
                  ...(refreshing ? {} : { refresh_token: 'the-refresh' }),
                  expires_in: 3600,
                }
              : { error: 'invalid_grant' },
          ),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    tokenEndpoint = {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      bodies,
      close: () => server.close(),
    };
    const logger = makeLogger('web-test');
    api = await startHttpApi(
      makePlannerApi({
        repos: stack.repos,
        policy: DEFAULT_POLICY,
        logger,
        verify: cognitoVerifier({ userPoolId: POOL, clientId: 'web' }),
        // The deployed pool's users, as the stand-in's: the planner signed in here is in it.
        authority: localAuthority(stack.repos.revocations, stack.userPool!),
        signIn: {
          kind: 'managed-login',
          domainUrl: tokenEndpoint.url,
          clientId: 'web',
          webBaseUrl: 'https://web.example',
        },
        secureCookies: true,
      }),
    );
  });
  afterAll(async () => {
    await api?.close();
    tokenEndpoint?.close();
    await keys?.close();
  });

  const get = (path: string, cookie?: string) =>
    fetch(`${api.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

  it('sends the browser to Cognito with a fresh state and an S256 challenge, exchanges the code with its verifier, and starts a Secure session', async () => {
    const unsigned = await get('/web/trusts/DEMO1');
    expect(unsigned.status).toBe(303);
    const start = await get(unsigned.headers.get('location')!);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.pathname).toBe('/oauth2/authorize');
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'web',
      redirect_uri: 'https://web.example/auth/callback',
      code_challenge_method: 'S256',
    });
    const pending = start.headers.get('set-cookie')!.split(';')[0]!;
    expect(pending).toMatch(/^__Host-sign-in=/);

    // Back from Cognito with another browser's state: refused, nothing exchanged.
    const wrong = await get('/auth/callback?code=the-code&state=not-it', pending);
    expect(wrong.status).toBe(400);
    expect(tokenEndpoint.bodies).toHaveLength(0);

    const back = await get(
      `/auth/callback?code=the-code&state=${authorize.searchParams.get('state')}`,
      pending,
    );
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe('/web/trusts/DEMO1');
    const verifier = tokenEndpoint.bodies[0]!.get('code_verifier')!;
    expect(createHash('sha256').update(verifier).digest('base64url')).toBe(
      authorize.searchParams.get('code_challenge'),
    );
    const session = back.headers.getSetCookie().find((c) => c.startsWith('__Host-session='))!;
    expect(session).toMatch(
      /^__Host-session=[\w.-]+; Max-Age=3600; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    );
    const page = await get('/web/trusts/DEMO1', session.split(';')[0]);
    expect(page.status).toBe(200);
    expect(page.headers.get('strict-transport-security')).toContain('max-age=');

    // An hour on, the access token has run out: the refresh token renews the session in place.
    const refresh = back.headers.getSetCookie().find((c) => c.startsWith('__Host-refresh='))!;
    expect(refresh).toMatch(
      /^__Host-refresh=the-refresh; Max-Age=43200; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    );
    const later = await get(
      '/web/trusts/DEMO1',
      `__Host-session=expired.token.here; ${refresh.split(';')[0]}`,
    );
    expect(later.status).toBe(200);
    expect(later.headers.getSetCookie().some((c) => c.startsWith('__Host-session=ey'))).toBe(true);
    expect(tokenEndpoint.bodies.at(-1)!.get('grant_type')).toBe('refresh_token');

    // Signing out ends the session here and at Cognito.
    const out = await fetch(`${api.url}/sign-out`, {
      method: 'POST',
      redirect: 'manual',
      // The deployed site is https: its own forms come from that origin.
      headers: {
        ...FORM,
        origin: api.url.replace('http:', 'https:'),
        cookie: `${session.split(';')[0]!}; ${refresh.split(';')[0]}`,
      },
    });
    expect(out.headers.get('set-cookie')).toMatch(/^__Host-session=; Max-Age=0/);
    expect(out.headers.getSetCookie().some((c) => c.startsWith('__Host-refresh=; Max-Age=0'))).toBe(true);
    expect(new URL(out.headers.get('location')!).pathname).toBe('/logout');
    // ...and its refresh token is revoked: it renews nothing from now on.
    expect(revoked).toEqual(['the-refresh']);
    const afterOut = await get('/web/trusts/DEMO1', refresh.split(';')[0]);
    expect(afterOut.status).toBe(303);
  });

  it('puts no token or email in a log line', async () => {
    const token = keys.sign({ clientId: 'web', username: 'planner@example.org', groups: [] });
    const capture = (chunk: unknown) => {
      logged.push(String(chunk));
      return true;
    };
    const spies = [
      vi.spyOn(process.stdout, 'write').mockImplementation(capture),
      vi.spyOn(process.stderr, 'write').mockImplementation(capture),
    ];
    try {
      await fetch(`${api.url}/due-work`, { headers: { authorization: `Bearer ${token}` } });
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(logged.join('\n')).toContain('token refused');
    expect(logged.join('\n')).not.toContain(token.split('.')[1]!);
    expect(logged.join('\n')).not.toContain('planner@example.org');
  });
});
