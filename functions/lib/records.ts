import * as z from 'zod';
import { DUE_KINDS, STAGES } from '../../domain/policy.ts';
import { RATINGS } from '../../domain/ratings.ts';
import { isoDate, relationshipHolderSchema, SECTORS } from '../../domain/records.ts';

/**
 * The shapes of the records in the table, parsed with zod as they are read: a malformed record
 * (bad date, unknown rating, missing field) is reported and skipped, never trusted.
 */

const keys = { PK: z.string(), SK: z.string() };

export const profileRecordSchema = z.object({
  ...keys,
  type: z.literal('trust'),
  trustId: z.string().min(1),
  name: z.string().nullable().default(null),
  sector: z.enum(SECTORS).nullable().default(null),
  region: z.string().nullable().default(null),
  relationshipHolder: relationshipHolderSchema.nullable().default(null),
});

export const stageHistoryEntrySchema = z.object({ on: isoDate, stage: z.enum(STAGES) });

export const itemRecordSchema = z.object({
  ...keys,
  type: z.literal('item'),
  itemId: z.string(),
  kind: z.enum(DUE_KINDS),
  trustId: z.string(),
  trustName: z.string().nullable(),
  region: z.string().nullable(),
  locationId: z.string().nullable(),
  locationName: z.string().nullable(),
  service: z.string().nullable(),
  rating: z.enum(RATINGS).nullable(),
  reference: z.string().nullable(),
  basisDate: isoDate,
  dueBy: isoDate,
  relationshipHolder: relationshipHolderSchema.nullable(),
  /** The stage as of the last run that evaluated it, and since when. */
  stage: z.enum(STAGES),
  stageChangedOn: isoDate,
  /** The stage last delivered to the recipient in a digest; null until one is. */
  notifiedStage: z.enum(STAGES).nullable().default(null),
  stageHistory: z.array(stageHistoryEntrySchema).default([]),
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
  closedOn: isoDate.nullable().default(null),
});
export type TaskRecord = z.infer<typeof taskRecordSchema>;

export const RECORD_TYPES = ['trust', 'core-service', 'well-led', 'pir', 'item', 'task'] as const;
