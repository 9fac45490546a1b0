import { ActionRefused, date, text } from './actions.ts';
import { addDays, type IsoDate } from './calendar.ts';
import { longDate } from './item-words.ts';
import { relationshipHolderSchema, type TrustRecord } from './records.ts';
import { mayUse, type SignedInUser } from './roles.ts';
import * as z from './zod.ts';

/**
 * What admins change of a trust from the web or the API, kept like the actions on its items (a
 * record per change, never rewritten, in the trust's history): its relationship holder, and
 * that a trust to check was checked, with a due date set by hand.
 */

export const TRUST_CHANGES = ['holder', 'checked'] as const;
export type TrustChangeKind = (typeof TRUST_CHANGES)[number];

export const trustChangeSchema = () =>
  z.object({
    trustId: z.string(),
    version: z.int().check(z.minimum(1)),
    change: z.enum(TRUST_CHANGES),
    by: z.string(),
    role: z.string(),
    at: z.string(),
    reason: z.string(),
    /** holder: who held it before, and who holds it now. */
    holderBefore: z.nullable(relationshipHolderSchema),
    holderAfter: z.nullable(relationshipHolderSchema),
    /** checked: the due date set by hand (null: none). */
    dueBy: z.nullable(z.string()),
  });
export type TrustChange = z.infer<ReturnType<typeof trustChangeSchema>>;

/** A due date set by hand is at most five years ahead: the longest interval CQC's rules give. */
const MAX_HAND_SET_DAYS = 5 * 366;

export type TrustChangeRequest =
  | { change: 'holder'; name?: string; email?: string; reason?: string }
  | { change: 'checked'; reason?: string; dueBy?: string };

const emailSchema = z.email();

/**
 * Checks a change against the trust and the actor (an admin, as the user pool has it now) and
 * gives its record and the trust as it is after. Throws ActionRefused naming what is wrong.
 */
export function applyTrustChange(
  trust: TrustRecord,
  version: number,
  req: TrustChangeRequest,
  user: SignedInUser,
  today: IsoDate,
  at: string,
): { record: TrustChange; after: TrustRecord } {
  if (!mayUse(user.role, 'admins'))
    throw new ActionRefused(403, null, 'Only admins may change who holds a trust or mark it checked');
  const reason = text(req.reason, 'reason', 'Say why, for the trust’s history')!;
  const base = {
    trustId: trust.trustId,
    version,
    by: user.email,
    role: user.role,
    at,
    reason,
    holderBefore: trust.relationshipHolder,
    holderAfter: trust.relationshipHolder,
    dueBy: null as string | null,
  };
  if (req.change === 'holder') {
    const name = text(req.name, 'name', 'Give the relationship holder’s name')!;
    const email = text(req.email, 'email', 'Give the relationship holder’s email address')!.toLowerCase();
    if (!emailSchema.safeParse(email).success)
      throw new ActionRefused(400, 'email', 'Give an email address, like name@example.org');
    const holder = { name, email };
    return {
      record: { ...base, change: 'holder', holderAfter: holder },
      after: { ...trust, relationshipHolder: holder },
    };
  }
  if (!trust.toCheck)
    throw new ActionRefused(409, null, 'This trust is not one to check: CQC’s data gives its due dates');
  const dueBy = req.dueBy ? date(req.dueBy, 'dueBy', today, 'it is due by') : null;
  if (dueBy && dueBy > addDays(today, MAX_HAND_SET_DAYS))
    throw new ActionRefused(
      400,
      'dueBy',
      `A due date set by hand may be at most five years ahead, by ${longDate(addDays(today, MAX_HAND_SET_DAYS))} at the latest`,
    );
  return {
    record: { ...base, change: 'checked', dueBy },
    after: { ...trust, checked: { by: user.email, on: today, reason, dueBy } },
  };
}
