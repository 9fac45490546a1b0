import type { Context } from 'hono';
import { type Access, maySeeTrust, mayUse, type SignedInUser } from '../domain/roles.ts';
import { ApiError } from './errors.ts';

export type { Access, SignedInUser, VerifyToken } from '../domain/roles.ts';

const WHO: Record<Access, string> = {
  'signed-in': 'anyone signed in',
  planners: 'planners and admins',
  admins: 'admins',
};

/** Throws 403 unless the user's role may use what `access` guards. */
export function requireAccess(user: SignedInUser, access: Access, what: string): void {
  if (!mayUse(user.role, access))
    throw new ApiError(
      403,
      'forbidden',
      `${what} is for ${WHO[access]}; you are signed in as a ${user.role}`,
    );
}

const USER = 'user';

export function setUser(c: Context, user: SignedInUser): void {
  c.set(USER as never, user as never);
}

/** The signed-in user of a request (set before any route runs). */
export function userOf(c: Context): SignedInUser {
  const user = c.get(USER as never) as SignedInUser | undefined;
  if (!user) throw new Error('no signed-in user on this request');
  return user;
}

/**
 * The holder filter a request may use: a holder's own email, whatever they ask for (asking for
 * another holder's is refused); a planner's choice as given.
 */
export function holderScope(user: SignedInUser, asked: string | undefined): string | undefined {
  const holder = asked === 'me' ? user.email : asked;
  if (user.role !== 'holder') return holder;
  if (holder && holder.toLowerCase() !== user.email)
    throw new ApiError(403, 'forbidden', "a relationship holder sees only their own trusts' work", 'holder');
  return user.email;
}

export function assertMaySeeTrust(
  user: SignedInUser,
  holderEmail: string | null | undefined,
  trustId: string,
) {
  if (!maySeeTrust(user, holderEmail))
    throw new ApiError(403, 'forbidden', `you do not hold trust "${trustId}"`, 'trustId');
}

/** The bearer token of a request, if it sends one. */
export function bearerToken(c: Context): string | null {
  const header = c.req.header('authorization');
  const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return m ? m[1]! : null;
}

export const unauthenticated = (detail: string) =>
  new ApiError(401, 'unauthenticated', `sign in: ${detail}`, null, {
    'www-authenticate': 'Bearer realm="trust-scheduler"',
  });
