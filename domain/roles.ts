/**
 * A user's role, kept as a group of the user pool: `planners` see everything, `holders` see
 * only the trusts they hold (matched by their email), `admins` are planners who also see run
 * records and manage users.
 */
export const ROLES = ['planner', 'holder', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The group each role is: an admin is in both admins and planners (admins are planners too). */
export const GROUPS_OF: Record<Role, string[]> = {
  planner: ['planners'],
  holder: ['holders'],
  admin: ['admins', 'planners'],
};
export const GROUPS = ['planners', 'holders', 'admins'] as const;

/** The role a user's groups give, the widest first; null when none does. */
export function roleOf(groups: readonly string[]): Role | null {
  if (groups.includes('admins')) return 'admin';
  if (groups.includes('planners')) return 'planner';
  if (groups.includes('holders')) return 'holder';
  return null;
}

/** Who a request is from, once their access token has been checked: their email and role. */
export interface SignedInUser {
  email: string;
  role: Role;
}

/**
 * A checked access token: who it names, with the role its groups gave when it was issued, its id
 * (`jti`, what a sign-out revokes) and when it expires (seconds since the epoch).
 */
export interface VerifiedToken extends SignedInUser {
  tokenId: string;
  expiresAt: number;
}

/** Checks an access token and says who it is for; throws when it is not good. */
export type VerifyToken = (token: string) => Promise<VerifiedToken>;

/**
 * Who may use a thing: anyone signed in (holders see only their own trusts' data there),
 * planners (admins included), or admins only.
 */
export type Access = 'signed-in' | 'planners' | 'admins';

const ALLOWED: Record<Access, readonly Role[]> = {
  'signed-in': ['holder', 'planner', 'admin'],
  planners: ['planner', 'admin'],
  admins: ['admin'],
};

/** Whether a role may use what `access` guards: the one rule of routes, pages, forms and changes. */
export function mayUse(role: Role, access: Access): boolean {
  return ALLOWED[access].includes(role);
}

/**
 * Whether a user may see, and act on, a trust held by `holderEmail` (null: no holder): planners
 * and admins any trust, a relationship holder only their own. The one rule every door applies
 * (the API, the pages, the calendar feeds, the command line).
 */
export function maySeeTrust(user: SignedInUser, holderEmail: string | null | undefined): boolean {
  return user.role !== 'holder' || holderEmail?.toLowerCase() === user.email.toLowerCase();
}
