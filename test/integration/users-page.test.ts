import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import { FALLBACK, nightTrusts } from '../support/night.ts';
import { apiFetch, backend, load, pageSession, testStack, tokenFor } from '../support/stack.ts';

/**
 * The users page (issue 25): an admin invites someone, changes their role and removes them,
 * from the web, on the local pool as on Cognito; each change is kept, and takes effect at once.
 */
const ASOF = '2026-11-23';
const ADMIN = 'admin@example.org';
let stack: LocalStack;

beforeAll(async () => {
  stack = await testStack({ apiPort: 0, fallbackRecipient: FALLBACK });
  await load(stack, nightTrusts(ASOF), ASOF);
  await tokenFor(stack.userPool!, ADMIN);
  await tokenFor(stack.userPool!, 'planner@example.org');
}, 60_000);
afterAll(() => stack?.close());

async function post(cookie: string, fields: Record<string, string>) {
  const page = await (await fetch(`${stack.api!.url}/web/users`, { headers: { cookie } })).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  return fetch(`${stack.api!.url}/web/users`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.api!.url, cookie },
    body: new URLSearchParams({ ...fields, csrf }).toString(),
  });
}

describe(`an admin manages users from the web (${backend()})`, () => {
  it('invites, changes the role of and removes a user: each takes effect at once and is kept', async () => {
    const admin = await pageSession(stack, ADMIN);
    const who = `new.person.${randomUUID().slice(0, 8)}@example.org`;
    const invited = await post(admin, { change: 'invite', email: who, role: 'holder' });
    expect(invited.status).toBe(303);
    expect(invited.headers.get('location')).toBe('/web/users?done=invite');

    // They sign in with the local password, as a holder: no waiving.
    const theirs = await pageSession(stack, who);
    const list = await (await fetch(`${stack.api!.url}/web/users`, { headers: { cookie: admin } })).text();
    expect(list).toContain(who);
    expect((await fetch(`${stack.api!.url}/web/users`, { headers: { cookie: theirs } })).status).toBe(403);

    expect((await post(admin, { change: 'role', email: who, role: 'planner' })).status).toBe(303);
    expect(await stack.userPool!.pool.roleNow(who)).toBe('planner');
    // Inviting them again is refused, naming why.
    const again = await post(admin, { change: 'invite', email: who, role: 'holder' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('can sign in already');

    expect((await post(admin, { change: 'remove', email: who })).status).toBe(303);
    expect(await stack.userPool!.pool.roleNow(who)).toBeNull();
    // Their session is refused at the next page: signed in again, which they can no longer do.
    const after = await fetch(`${stack.api!.url}/`, { headers: { cookie: theirs }, redirect: 'manual' });
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toMatch(/^\/sign-in/);

    const page = await (await fetch(`${stack.api!.url}/web/users`, { headers: { cookie: admin } })).text();
    const kept = page.slice(page.indexOf('Changes to users'));
    expect(kept).toContain(`${ADMIN} removed ${who}`);
    expect(kept).toContain(`${ADMIN} made ${who} planner`);
    expect(kept).toContain(`${ADMIN} invited ${who} as relationship holder`);
  });

  it('refuses a planner, an admin changing their own access, and a bad email, naming each', async () => {
    const planner = await pageSession(stack, 'planner@example.org');
    expect((await fetch(`${stack.api!.url}/web/users`, { headers: { cookie: planner } })).status).toBe(403);
    const admin = await pageSession(stack, ADMIN);
    const self = await post(admin, { change: 'remove', email: ADMIN });
    expect(self.status).toBe(409);
    expect(await self.text()).toContain('You cannot change or remove your own access');
    const bad = await post(admin, { change: 'invite', email: 'nobody', role: 'holder' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Give an email address, like name@example.org');
    expect(await stack.userPool!.pool.roleNow(ADMIN)).toBe('admin');
    // The API has no users route: the page is the door.
    expect((await apiFetch(stack, '/users', { as: ADMIN })).status).toBe(404);
  });
});
