import type { Role, SignedInUser, VerifiedToken } from '../domain/roles.ts';
import { ApiError } from './errors.ts';

/**
 * Who a user is now, not when their token was issued (issue 24): their role and state come from
 * the user pool, and a token signed out is refused, wherever it is presented.
 */
export interface Authority {
  /** The user's role in the user pool now (null: removed, disabled, or in no group). */
  roleNow(email: string): Promise<Role | null>;
  /** Whether a token (by its id) was signed out; kept until the token would have expired. */
  isRevoked(tokenId: string): Promise<boolean>;
  /** Records a token as signed out, until `expiresAt` (seconds since the epoch). */
  revoke(tokenId: string, expiresAt: number): Promise<void>;
  /** Ends every session of the user at the user pool (Cognito's global sign-out; not locally). */
  signOutEverywhere?(email: string): Promise<void>;
}

/**
 * How fresh a request needs what it knows of the user: a JSON read may use a role and a sign-out
 * check up to five minutes old; a page checks the sign-out every time; a change checks both at
 * that moment.
 */
export type Freshness = 'read' | 'page' | 'change';

/** How long a read may rely on a role or a sign-out check it already made. */
export const MAX_STALE_MS = 5 * 60_000;
/** A container remembers at most this many users and tokens; past it, it starts afresh. */
const MAX_REMEMBERED = 10_000;

export const accessEnded = () =>
  new ApiError(
    401,
    'unauthenticated',
    'sign in: your access has ended (removed, disabled, or given no role)',
    null,
    { 'www-authenticate': 'Bearer realm="trust-scheduler", error="invalid_token"' },
  );
export const signedOut = () =>
  new ApiError(401, 'unauthenticated', 'sign in: this session was signed out', null, {
    'www-authenticate': 'Bearer realm="trust-scheduler", error="invalid_token"',
  });

/** A short-lived memory of answers, per key, that never outgrows MAX_REMEMBERED. */
function memo<T>(now: () => number) {
  const seen = new Map<string, { at: number; value: Promise<T> }>();
  const remember = (key: string, value: Promise<T>) => {
    if (seen.size >= MAX_REMEMBERED) seen.clear();
    seen.set(key, { at: now(), value });
    value.catch(() => seen.delete(key));
    return value;
  };
  const get = (key: string, maxAgeMs: number, load: () => Promise<T>): Promise<T> => {
    const hit = seen.get(key);
    return hit && now() - hit.at < maxAgeMs ? hit.value : remember(key, load());
  };
  return Object.assign(get, { remember });
}

/**
 * The signed-in user as they are now, from a checked token: refused (401) when the token was
 * signed out or the user's access has ended; otherwise with the role the user pool gives them
 * now (a demotion or promotion holds at once for changes, within five minutes for reads).
 */
export function makeUserNow(authority: Authority, now: () => number = Date.now) {
  const roles = memo<Role | null>(now);
  const revoked = memo<boolean>(now);
  /** Signs a session out: its token is refused from now on (in this container at once, too). */
  const signOut = async (token: VerifiedToken) => {
    await authority.revoke(token.tokenId, token.expiresAt);
    revoked.remember(token.tokenId, Promise.resolve(true));
    await authority.signOutEverywhere?.(token.email);
  };
  /** What an admin just changed on this container (a role, a removal) holds here at once. */
  const learn = (email: string, role: Role | null) => {
    roles.remember(email.toLowerCase(), Promise.resolve(role));
  };
  return Object.assign(userNow, { signOut, learn });
  async function userNow(token: VerifiedToken, freshness: Freshness): Promise<SignedInUser> {
    const isRevoked = await revoked(token.tokenId, freshness === 'read' ? MAX_STALE_MS : 0, () =>
      authority.isRevoked(token.tokenId),
    );
    if (isRevoked) throw signedOut();
    const role = await roles(token.email, freshness === 'change' ? 0 : MAX_STALE_MS, () =>
      authority.roleNow(token.email),
    );
    if (!role) throw accessEnded();
    return { email: token.email, role };
  }
}
export type UserNow = ReturnType<typeof makeUserNow>;
