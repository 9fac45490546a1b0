import { DUE_KINDS, STAGES } from '../../domain/policy.ts';
import { RATINGS } from '../../domain/ratings.ts';
import { isoDate, relationshipHolderSchema, SECTORS } from '../../domain/records.ts';
import * as z from '../../domain/zod.ts';

/**
 * The shapes of the records in the table, parsed with zod as they are read: a malformed record
 * (bad date, unknown rating, missing field) is reported and skipped, never trusted.
 */

const keys = { PK: z.string(), SK: z.string() };

const orNull = <T extends z.ZodMiniType>(schema: T) => z._default(z.nullable(schema), null);

export const profileRecordSchema = z.object({
  ...keys,
  type: z.literal('trust'),
  trustId: z.string().check(z.minLength(1)),
  name: orNull(z.string()),
  sector: orNull(z.enum(SECTORS)),
  region: orNull(z.string()),
  relationshipHolder: orNull(relationshipHolderSchema),
});

export const stageHistoryEntrySchema = z.object({ on: isoDate, stage: z.enum(STAGES) });

/** The stored due item: its type (the job checks stored items structurally, see store.ts). */
export const itemRecordSchema = z.object({
  ...keys,
  type: z.literal('item'),
  itemId: z.string(),
  kind: z.enum(DUE_KINDS),
  trustId: z.string(),
  trustName: z.nullable(z.string()),
  region: z.nullable(z.string()),
  locationId: z.nullable(z.string()),
  locationName: z.nullable(z.string()),
  service: z.nullable(z.string()),
  rating: z.nullable(z.enum(RATINGS)),
  reference: z.nullable(z.string()),
  basisDate: isoDate,
  dueBy: isoDate,
  relationshipHolder: z.nullable(relationshipHolderSchema),
  /** The stage as of the last run that evaluated it, and since when. */
  stage: z.enum(STAGES),
  stageChangedOn: isoDate,
  /** The stage last delivered to the recipient in a digest; null until one is. */
  notifiedStage: orNull(z.enum(STAGES)),
  stageHistory: z._default(z.array(stageHistoryEntrySchema), []),
});
export type ItemRecord = z.infer<typeof itemRecordSchema>;

export const taskRecordSchema = z.object({
  ...keys,
  type: z.literal('task'),
  taskId: z.string(),
  trustId: z.string(),
  inspectionId: z.string(),
  title: z.string(),
  dueBy: isoDate,
  status: z.enum(['open', 'closed']),
  raisedOn: isoDate,
  raisedBy: z.string(),
  closedOn: orNull(isoDate),
});
export type TaskRecord = z.infer<typeof taskRecordSchema>;
