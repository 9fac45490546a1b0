import { describe, expect, it } from 'vitest';
import { type Authority, MAX_STALE_MS, makeUserNow } from '../../api/authority.ts';
import type { Role } from '../../domain/roles.ts';

/**
 * Who a user is now (issue 24): a change asks the user pool at that moment; a read may use what
 * it learnt up to five minutes ago, never older; a signed-out token is refused from then on.
 */
function pool(initial: Record<string, Role | null>) {
  const roles = { ...initial };
  const revoked = new Set<string>();
  const calls = { roleNow: 0, isRevoked: 0 };
  const authority: Authority = {
    roleNow: async (email) => {
      calls.roleNow++;
      return roles[email] ?? null;
    },
    isRevoked: async (id) => {
      calls.isRevoked++;
      return revoked.has(id);
    },
    revoke: async (id) => void revoked.add(id),
  };
  return { roles, revoked, calls, authority };
}

const token = (email: string, role: Role, tokenId = 't1') => ({ email, role, tokenId, expiresAt: 2e9 });

describe('who a user is now', () => {
  it('a read uses a role at most five minutes old; a change asks at that moment', async () => {
    let clock = 0;
    const p = pool({ 'a@x.org': 'planner' });
    const userNow = makeUserNow(p.authority, () => clock);
    expect(await userNow(token('a@x.org', 'planner'), 'read')).toEqual({ email: 'a@x.org', role: 'planner' });
    p.roles['a@x.org'] = 'holder';
    // Within five minutes a read may rely on what it learnt; a change never does.
    clock = MAX_STALE_MS - 1;
    expect((await userNow(token('a@x.org', 'planner'), 'read')).role).toBe('planner');
    expect((await userNow(token('a@x.org', 'planner'), 'change')).role).toBe('holder');
    // Five minutes on, a read asks again.
    p.roles['a@x.org'] = 'admin';
    clock = 2 * MAX_STALE_MS;
    expect((await userNow(token('a@x.org', 'planner'), 'read')).role).toBe('admin');
  });

  it('a removed or disabled user is refused: at once for a change, within five minutes for a read', async () => {
    let clock = 0;
    const p = pool({ 'a@x.org': 'planner' });
    const userNow = makeUserNow(p.authority, () => clock);
    await userNow(token('a@x.org', 'planner'), 'read');
    p.roles['a@x.org'] = null;
    await expect(userNow(token('a@x.org', 'planner'), 'change')).rejects.toMatchObject({
      status: 401,
      message: 'sign in: your access has ended (removed, disabled, or given no role)',
    });
    clock = MAX_STALE_MS;
    await expect(userNow(token('a@x.org', 'planner'), 'read')).rejects.toMatchObject({ status: 401 });
  });

  it('a signed-out token is refused by every page and change at once, and in this container by reads too', async () => {
    const p = pool({ 'a@x.org': 'holder' });
    const userNow = makeUserNow(p.authority, () => 0);
    const t = token('a@x.org', 'holder');
    await userNow(t, 'read');
    await userNow.signOut(t);
    for (const freshness of ['read', 'page', 'change'] as const)
      await expect(userNow(t, freshness)).rejects.toMatchObject({
        status: 401,
        message: 'sign in: this session was signed out',
      });
    // Signed out elsewhere (another container): a page and a change see it at once.
    const other = token('a@x.org', 'holder', 't2');
    await userNow(other, 'read');
    p.revoked.add('t2');
    await expect(userNow(other, 'page')).rejects.toMatchObject({ status: 401 });
    await expect(userNow(other, 'change')).rejects.toMatchObject({ status: 401 });
    // Another token of the same user is not touched.
    expect((await userNow(token('a@x.org', 'holder', 't3'), 'change')).role).toBe('holder');
  });

  it('a read within five minutes costs no call to the user pool or the table', async () => {
    const p = pool({ 'a@x.org': 'planner' });
    const userNow = makeUserNow(p.authority, () => 0);
    for (let i = 0; i < 10; i++) await userNow(token('a@x.org', 'planner'), 'read');
    expect(p.calls).toEqual({ roleNow: 1, isRevoked: 1 });
  });
});
