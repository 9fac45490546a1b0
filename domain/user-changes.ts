import { ActionRefused } from './actions.ts';
import { mayUse, ROLES, type Role, type SignedInUser } from './roles.ts';
import * as z from './zod.ts';

/**
 * What admins change of who may sign in, from the web: invite someone in a role, change a
 * user's role, remove a user. Each kept as a record, never rewritten, like the actions on items.
 */

export const USER_CHANGES = ['invite', 'role', 'remove'] as const;
export type UserChangeKind = (typeof USER_CHANGES)[number];

export const userChangeSchema = () =>
  z.object({
    version: z.int().check(z.minimum(1)),
    change: z.enum(USER_CHANGES),
    email: z.string(),
    /** invite and role: the role given; remove: the role they had. */
    role: z.nullable(z.enum(ROLES)),
    by: z.string(),
    at: z.string(),
  });
export type UserChange = z.infer<ReturnType<typeof userChangeSchema>>;

export type UserChangeRequest = { change: UserChangeKind; email?: string; role?: string };

const emailSchema = z.email();

/**
 * Checks a change of users against the actor (an admin, as the pool has them now) and who is in
 * the pool, and gives its record. An admin never demotes or removes themself (someone must be
 * left to run the service). Throws ActionRefused naming the field at fault.
 */
export function applyUserChange(
  req: UserChangeRequest,
  actor: SignedInUser,
  roleOfUser: Role | null | undefined,
  version: number,
  at: string,
): UserChange {
  if (!mayUse(actor.role, 'admins'))
    throw new ActionRefused(403, null, 'Only admins may invite, change or remove users');
  const email = (req.email ?? '').trim().toLowerCase();
  if (!emailSchema.safeParse(email).success)
    throw new ActionRefused(400, 'email', 'Give an email address, like name@example.org');
  const exists = roleOfUser !== undefined;
  const role = req.role && (ROLES as readonly string[]).includes(req.role) ? (req.role as Role) : null;
  if (req.change !== 'remove' && !role)
    throw new ActionRefused(400, 'role', 'Choose a role: planner, relationship holder or admin');
  if (req.change === 'invite' && exists)
    throw new ActionRefused(409, 'email', `${email} can sign in already: change their role instead`);
  if (req.change !== 'invite' && !exists) throw new ActionRefused(404, 'email', `There is no user ${email}`);
  if (req.change !== 'invite' && email === actor.email)
    throw new ActionRefused(409, 'email', 'You cannot change or remove your own access: ask another admin');
  return {
    version,
    change: req.change,
    email,
    role: req.change === 'remove' ? (roleOfUser ?? null) : role,
    by: actor.email,
    at,
  };
}
