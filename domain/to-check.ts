import { DELIVERY_STATUSES, recipientOf } from './delivery.ts';
import { isoDate, type TrustRecord } from './records.ts';
import * as z from './zod.ts';

/**
 * A trust to check by hand: rated only under CQC's single assessment framework, whose ratings
 * give no due date, so none is guessed. This schema is its one definition: `due` lists it, the
 * table keeps it, `GET /to-check` serves it and the fallback recipient's digest tells it.
 */
export const toCheckSchema = z.object({
  trustId: z.string(),
  trustName: z.nullable(z.string()),
  /** The document it was read from: an API path such as /providers/RZZ, or a file. */
  source: z.string(),
  assessmentDate: z.nullable(isoDate),
  reason: z.string(),
});
export type ToCheck = z.infer<typeof toCheckSchema>;

/**
 * What a recipient has been told of a trust to check, and of which assessment: like an item's
 * delivery state (domain/delivery.ts), with the assessment in place of the stage, so a newer
 * assessment is told again and the same one never twice.
 */
export const toCheckDeliverySchema = z.object({
  assessment: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  on: isoDate,
  at: z.string(),
  digest: z.string(),
});
export type ToCheckDelivery = z.infer<typeof toCheckDeliverySchema>;

/** A trust to check as the table keeps it: with the assessment it is about and who was told. */
export const storedToCheckSchema = z.extend(toCheckSchema, {
  assessment: z.string(),
  told: z._default(z.record(z.string(), toCheckDeliverySchema), {}),
});
export type StoredToCheck = z.infer<typeof storedToCheckSchema>;

/** The assessment a trust to check is about: its date, or "undated" when the document gives none. */
export function assessmentOf(c: Pick<ToCheck, 'assessmentDate'>): string {
  return c.assessmentDate ?? 'undated';
}

/** The trust to check a record describes, or null when its ratings give due dates. */
export function toCheckOf(trust: TrustRecord): ToCheck | null {
  if (!trust.toCheck) return null;
  return { trustId: trust.trustId, trustName: trust.name, ...trust.toCheck };
}

/** Every trust to check among `trusts`, in trust order. */
export function toCheckList(trusts: readonly TrustRecord[]): ToCheck[] {
  return trusts.flatMap((t) => toCheckOf(t) ?? []).sort((a, b) => a.trustId.localeCompare(b.trustId));
}

export function sameToCheck(a: ToCheck, b: ToCheck): boolean {
  return (
    a.trustId === b.trustId &&
    a.trustName === b.trustName &&
    a.source === b.source &&
    a.assessmentDate === b.assessmentDate &&
    a.reason === b.reason
  );
}

/** True once `email` has been told of this assessment. */
export function toCheckHasBeenTold(stored: StoredToCheck | null, email: string, assessment: string): boolean {
  const entry = stored?.told[email];
  return entry !== undefined && entry.assessment === assessment && entry.status === 'sent';
}

/**
 * A trust to check goes to the fallback recipient (whoever looks after the data), once per
 * assessment: recorded while the trust's ratings give no due date, closed once they do.
 */
export function planToCheck(
  trust: TrustRecord,
  stored: StoredToCheck | null,
  fallbackRecipient: string,
): { saveToCheck: ToCheck | null; closeToCheck: boolean; toCheckNews: ToCheck | null } {
  const toCheck = toCheckOf(trust);
  if (!toCheck) return { saveToCheck: null, closeToCheck: stored !== null, toCheckNews: null };
  // The fallback recipient's address as digests carry it: recipientOf is its one definition.
  const { email } = recipientOf({ relationshipHolder: null }, fallbackRecipient);
  const told = toCheckHasBeenTold(stored, email, assessmentOf(toCheck));
  return {
    saveToCheck: stored && sameToCheck(stored, toCheck) ? null : toCheck,
    closeToCheck: false,
    toCheckNews: told ? null : toCheck,
  };
}
