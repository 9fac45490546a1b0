import { type ActionRecord, ActionRefused, type ActionRequest } from '../domain/actions.ts';
import type { IdentifiedItem } from '../domain/due-item.ts';
import { openItemOf } from '../domain/evaluate.ts';
import type { ItemState } from '../domain/item-state.ts';
import type { StoredTrust } from '../domain/night-plan.ts';
import type { Policy } from '../domain/policy.ts';
import { maySeeTrust, type Role, type SignedInUser } from '../domain/roles.ts';

/** What a user whose access ended is told when they try to change anything. */
export const ACCESS_ENDED =
  'your access has ended (removed, disabled, or given no role): you can no longer act on items';

/** What acting on an item needs: the trust's records, the action store, the policy, and who a user is now. */
export interface ActOnItemDeps {
  trusts: { read(trustId: string): Promise<StoredTrust> };
  actions: {
    act(
      item: { trustId: string; itemId: string; dueBy: string; basisDate: string },
      req: ActionRequest,
    ): Promise<{ next: ItemState; record: ActionRecord }>;
  };
  policy: Policy;
  /** The user's role in the user pool at this moment (null: removed, disabled or in no group). */
  roleNow(email: string): Promise<Role | null>;
}

/** An action as a door receives it: the item's id, and who acts by their email (their role is asked of the user pool now, never taken from a token). */
export type ActOnItemInput = Omit<ActionRequest, 'user' | 'maxHolderDeferralDays'> & {
  itemId: string;
  email: string;
};

/**
 * Acting on a due item, whichever door it comes through (the API, the item's page, the command
 * line): the actor's role as the user pool has it now (a removed, disabled or demoted user is
 * refused at once), the trust's holder rule (a holder acts on their own trusts' items only), the
 * item as it is today, then the action's own rules and its record. Throws ActionRefused (403,
 * 404, 400, 409) naming what is wrong.
 */
export async function actOnItem(
  deps: ActOnItemDeps,
  input: ActOnItemInput,
): Promise<{ item: IdentifiedItem; user: SignedInUser; next: ItemState; record: ActionRecord }> {
  const email = input.email.toLowerCase();
  const role = await deps.roleNow(email);
  if (!role) throw new ActionRefused(403, null, ACCESS_ENDED);
  const user: SignedInUser = { email, role };
  const trustId = input.itemId.split('#')[1];
  const notFound = () => new ActionRefused(404, 'itemId', `no open item with id "${input.itemId}"`);
  if (!trustId) throw notFound();
  const stored = await deps.trusts.read(trustId);
  if (!stored.trust) throw notFound();
  if (!maySeeTrust(user, stored.trust.relationshipHolder?.email))
    throw new ActionRefused(403, 'trustId', `you do not hold trust "${trustId}"`);
  const item = openItemOf(stored.trust, input.itemId, input.today, deps.policy);
  if (!item) throw notFound();
  const { itemId: _id, email: _email, ...request } = input;
  const { next, record } = await deps.actions.act(item, {
    ...request,
    user,
    maxHolderDeferralDays: deps.policy.maxHolderDeferralDays,
  });
  return { item, user, next, record };
}
