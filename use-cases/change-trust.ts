import { ActionRefused, nextVersion } from '../domain/actions.ts';
import type { StoredTrust } from '../domain/night-plan.ts';
import type { Role } from '../domain/roles.ts';
import { applyTrustChange, type TrustChange, type TrustChangeRequest } from '../domain/trust-changes.ts';
import { ACCESS_ENDED } from './act-on-item.ts';

export interface ChangeTrustDeps {
  trusts: { read(trustId: string): Promise<StoredTrust> };
  changes: {
    list(trustId: string): Promise<{ changes: TrustChange[]; unreadable: number[] }>;
    record(
      record: TrustChange,
      after: NonNullable<StoredTrust['trust']>,
      itemIds: readonly string[],
    ): Promise<void>;
  };
  /** The user's role in the user pool at this moment (null: removed, disabled or in no group). */
  roleNow(email: string): Promise<Role | null>;
}

/**
 * An admin changes a trust (its relationship holder; a trust to check marked checked, with a due
 * date set by hand), from the page or the API alike: the actor's role as the pool has it now,
 * the trust as stored, the change's own rules, then its record, the profile field and (a new
 * holder) the trust's due items. The next night tells the new holder, and plans the hand-set
 * date, like any change of the records.
 */
export async function changeTrust(
  deps: ChangeTrustDeps,
  input: TrustChangeRequest & { trustId: string; actor: string; today: string; at: string },
): Promise<TrustChange> {
  const email = input.actor.toLowerCase();
  const role = await deps.roleNow(email);
  if (!role) throw new ActionRefused(403, null, ACCESS_ENDED);
  const [stored, kept] = await Promise.all([
    deps.trusts.read(input.trustId),
    deps.changes.list(input.trustId),
  ]);
  if (!stored.trust) throw new ActionRefused(404, 'trustId', `There is no trust with id "${input.trustId}"`);
  const { record, after } = applyTrustChange(
    stored.trust,
    nextVersion(kept),
    input,
    { email, role },
    input.today,
    input.at,
  );
  await deps.changes.record(record, after, [...stored.items.keys()]);
  return record;
}
