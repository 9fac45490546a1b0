import { ActionRefused, nextVersion } from '../domain/actions.ts';
import type { Role } from '../domain/roles.ts';
import { applyUserChange, type UserChange, type UserChangeRequest } from '../domain/user-changes.ts';
import { ACCESS_ENDED } from './act-on-item.ts';

/** Who may sign in: the user pool (Cognito in AWS, the local pool locally). */
export interface UserDirectory {
  list(): Promise<{ email: string; role: Role | null; status: string }[]>;
  /** In AWS, Cognito emails the invitation; locally, the local password is set. */
  invite(email: string, role: Role): Promise<void>;
  setRole(email: string, role: Role): Promise<void>;
  /** Removes the user, ending every session first. */
  remove(email: string): Promise<void>;
}

export interface ManageUsersDeps {
  users: UserDirectory;
  changes: {
    list(): Promise<{ changes: UserChange[]; unreadable: number[] }>;
    record(change: UserChange): Promise<void>;
  };
  roleNow(email: string): Promise<Role | null>;
}

/**
 * An admin invites a user, changes a user's role or removes one: the actor's role as the pool
 * has it now, the change's own rules, its record, then the pool.
 */
export async function changeUser(
  deps: ManageUsersDeps,
  input: UserChangeRequest & { actor: string; at: string },
): Promise<UserChange> {
  const actor = input.actor.toLowerCase();
  const role = await deps.roleNow(actor);
  if (!role) throw new ActionRefused(403, null, ACCESS_ENDED);
  const [users, kept] = await Promise.all([deps.users.list(), deps.changes.list()]);
  const target = users.find((u) => u.email.toLowerCase() === input.email?.trim().toLowerCase());
  const change = applyUserChange(
    input,
    { email: actor, role },
    target ? target.role : undefined,
    nextVersion(kept),
    input.at,
  );
  await deps.changes.record(change);
  if (change.change === 'invite') await deps.users.invite(change.email, change.role!);
  else if (change.change === 'role') await deps.users.setRole(change.email, change.role!);
  else await deps.users.remove(change.email);
  return change;
}
