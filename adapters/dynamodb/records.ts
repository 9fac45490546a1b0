import { type ClosedItem, closedItemSchema } from '../../domain/closed-item.ts';
import { DELIVERY_STATUSES } from '../../domain/delivery.ts';
import type { StoredItem } from '../../domain/due-item.ts';
import { itemStateSchema } from '../../domain/item-state.ts';
import type { RecordProblem, StoredTrust } from '../../domain/night-plan.ts';
import { DUE_KINDS, STAGES } from '../../domain/policy.ts';
import {
  type CoreService,
  checkedNoteSchema,
  coreServiceSchema,
  type ProviderInformationRequest,
  providerInformationRequestSchema,
  type TrustRecord,
  toCheckNoteSchema,
  trustProfileFields,
  type UseOfResources,
  useOfResourcesSchema,
  type WellLedInspection,
  wellLedInspectionSchema,
} from '../../domain/records.ts';
import { type ReportTask, reportTaskSchema } from '../../domain/report-tasks.ts';
import { type StoredToCheck, storedToCheckSchema } from '../../domain/to-check.ts';
import * as z from '../../domain/zod.ts';
import {
  CLOSED_PREFIX,
  coreServiceSk,
  HISTORY_PREFIX,
  ITEM_PREFIX,
  PROFILE_SK,
  pirSk,
  TO_CHECK_SK,
  TRUST_PREFIX,
  trustPk,
  useOfResourcesSk,
  wellLedSk,
} from './keys.ts';

/**
 * The records of a trust partition as the table holds them, parsed with zod as they are read:
 * a malformed record (bad date, unknown rating, missing field) is reported and skipped.
 */

export const profileRecordSchema = z.object({
  type: z.literal('trust'),
  ...trustProfileFields,
  toCheck: z._default(z.nullable(toCheckNoteSchema), null),
  checked: z._default(z.nullable(checkedNoteSchema), null),
});

/** Everything the table holds for one trust, parsed. */
export interface TrustPartition {
  trustId: string;
  profile: z.infer<typeof profileRecordSchema> | null;
  coreServices: CoreService[];
  wellLedInspections: WellLedInspection[];
  providerInformationRequests: ProviderInformationRequest[];
  useOfResources: UseOfResources[];
  items: Map<string, StoredItem>;
  tasks: Map<string, ReportTask>;
  /** The trust to check the nightly job or an import last recorded, with who was told. */
  toCheck: StoredToCheck | null;
  /** Source records that did not parse (their keys' SK). */
  unreadable: string[];
  /** History records: what was retired from the trust. */
  history: number;
  /** Items that closed: what each was, when and why (by item id). */
  closed: Map<string, ClosedItem>;
  /**
   * Due items whose stored form is damaged (a field the job or a page reads does not check
   * out), by item id: the night rewrites each from the trust's records.
   */
  damagedItems: Set<string>;
}

function describeZodError(err: z.core.$ZodError): string {
  const issue = err.issues[0]!;
  return `${issue.path.map(String).join('.') || 'record'}: ${issue.message}`;
}

export function emptyPartition(trustId: string): TrustPartition {
  return {
    trustId,
    profile: null,
    coreServices: [],
    wellLedInspections: [],
    providerInformationRequests: [],
    useOfResources: [],
    items: new Map(),
    tasks: new Map(),
    toCheck: null,
    unreadable: [],
    history: 0,
    closed: new Map(),
    damagedItems: new Set(),
  };
}

/** The trust record a partition describes, or null when it has no profile. */
export function trustOf(p: TrustPartition): TrustRecord | null {
  if (!p.profile) return null;
  return {
    trustId: p.trustId,
    name: p.profile.name,
    sector: p.profile.sector,
    region: p.profile.region,
    relationshipHolder: p.profile.relationshipHolder,
    coreServices: p.coreServices,
    wellLedInspections: p.wellLedInspections,
    providerInformationRequests: p.providerInformationRequests,
    ...(p.useOfResources.length > 0 ? { useOfResources: p.useOfResources } : {}),
    ...(p.profile.toCheck ? { toCheck: p.profile.toCheck } : {}),
    ...(p.profile.checked ? { checked: p.profile.checked } : {}),
  };
}

export function storedTrustOf(p: TrustPartition): StoredTrust {
  const trust = trustOf(p);
  const sourceRecords = SOURCE_RECORDS.reduce((n, source) => n + p[source.list].length, 0);
  const retired =
    (p.history > 0 || p.closed.size > 0) &&
    !trust &&
    !p.toCheck &&
    sourceRecords + p.items.size + p.tasks.size + p.unreadable.length === 0;
  return {
    trustId: p.trustId,
    trust,
    items: p.items,
    tasks: p.tasks,
    toCheck: p.toCheck,
    unreadable: p.unreadable,
    retired,
    closed: p.closed,
    damagedItems: p.damagedItems,
  };
}

/** The source records of a trust (what imports write), by sort-key prefix: schema and list. */
const SOURCE_RECORDS = [
  { prefix: 'CS#', schema: coreServiceSchema, list: 'coreServices' },
  { prefix: 'WL#', schema: wellLedInspectionSchema, list: 'wellLedInspections' },
  { prefix: 'PIR#', schema: providerInformationRequestSchema, list: 'providerInformationRequests' },
  { prefix: 'UOR#', schema: useOfResourcesSchema, list: 'useOfResources' },
] as const satisfies readonly { prefix: string; schema: z.ZodMiniType; list: keyof TrustPartition }[];

/**
 * Sorts raw table records into trust partitions, parsing each with its schema. Records of
 * other partitions (runs, ledger, meta) are passed over.
 */
export function addRecords(
  raw: readonly Record<string, unknown>[],
  partitions: Map<string, TrustPartition>,
  problems: RecordProblem[],
): void {
  for (const record of raw) {
    const pk = String(record.PK ?? '');
    const sk = String(record.SK ?? '');
    if (!pk.startsWith(TRUST_PREFIX)) continue;
    const trustId = pk.slice(TRUST_PREFIX.length);
    let p = partitions.get(trustId);
    if (!p) {
      p = emptyPartition(trustId);
      partitions.set(trustId, p);
    }
    const parse = <S extends z.ZodMiniType>(schema: S): z.infer<S> | null => {
      const result = schema.safeParse(record);
      if (result.success) return result.data;
      problems.push({ trustId, record: `${pk} ${sk}`, reason: describeZodError(result.error) });
      if (!sk.startsWith('ITEM#') && !sk.startsWith('TASK#')) p.unreadable.push(sk);
      return null;
    };
    const source = SOURCE_RECORDS.find((s) => sk.startsWith(s.prefix));
    if (sk === PROFILE_SK) {
      p.profile = parse(profileRecordSchema);
    } else if (source) {
      // The domain schemas drop the table's own attributes (PK, SK, type) as they parse.
      const parsed = parse(source.schema);
      if (parsed) (p[source.list] as unknown[]).push(parsed);
    } else if (sk.startsWith(HISTORY_PREFIX)) {
      // What was retired and why: kept for people, not planned.
      p.history++;
    } else if (sk.startsWith(ITEM_PREFIX)) {
      // Derived data the job itself wrote: checked, not fully parsed (the hot path of every
      // night). One that does not check out, whole or in part (its stage history, people's state,
      // delivery state), is marked damaged, with whatever still reads kept: the plan rewrites it
      // whole from the trust's records, and no page reads the damaged part.
      const item = readItemRecord(record);
      const id = sk.slice(ITEM_PREFIX.length);
      if (item && item.itemId === id) p.items.set(id, item);
      if (!item || item.itemId !== id || item.damaged) p.damagedItems.add(id);
    } else if (sk.startsWith(CLOSED_PREFIX)) {
      // What a closed item was: kept for people, not planned. One that does not parse is passed over.
      const parsed = closedItemSchema.safeParse(record);
      if (parsed.success) p.closed.set(parsed.data.itemId, parsed.data);
    } else if (sk === TO_CHECK_SK) {
      // Derived, like an item: one that does not parse is left out, so the plan rewrites it.
      const parsed = storedToCheckSchema.safeParse(record);
      if (parsed.success) p.toCheck = parsed.data;
    } else if (sk.startsWith('TASK#')) {
      const task = parse(reportTaskSchema);
      if (task) p.tasks.set(task.inspectionId, task);
    } else {
      problems.push({ trustId, record: `${pk} ${sk}`, reason: 'unknown record kind' });
    }
  }
}

const STAGE_SET = new Set<unknown>(STAGES);
const KIND_SET = new Set<unknown>(DUE_KINDS);
const isStringOrNull = (v: unknown) => v === null || typeof v === 'string';
const STATUS_SET = new Set<unknown>(DELIVERY_STATUSES);
/** The delivery state map, checked field by field (cheaper than a zod parse on every item). */
const isTold = (v: unknown) =>
  typeof v === 'object' &&
  v !== null &&
  Object.values(v).every(
    (e: Record<string, unknown>) =>
      typeof e === 'object' &&
      e !== null &&
      STAGE_SET.has(e.stage) &&
      STATUS_SET.has(e.status) &&
      typeof e.on === 'string' &&
      typeof e.at === 'string' &&
      typeof e.digest === 'string',
  );

const isStageHistory = (v: unknown) =>
  Array.isArray(v) &&
  v.every(
    (e: Record<string, unknown>) =>
      typeof e === 'object' && e !== null && typeof e.on === 'string' && STAGE_SET.has(e.stage),
  );

/**
 * A stored due item, if it has the shape the job compares against; else null. Its stage
 * history, people's state and delivery state are checked too: one that does not check out is
 * dropped from what is returned, and `damaged` says so, so nothing downstream reads it.
 */
export function readItemRecord(r: Record<string, unknown>): (StoredItem & { damaged?: true }) | null {
  const holder = r.relationshipHolder as { name?: unknown; email?: unknown } | null | undefined;
  const ok =
    typeof r.itemId === 'string' &&
    KIND_SET.has(r.kind) &&
    typeof r.dueBy === 'string' &&
    typeof r.basisDate === 'string' &&
    STAGE_SET.has(r.stage) &&
    (r.notifiedStage === undefined || r.notifiedStage === null || STAGE_SET.has(r.notifiedStage)) &&
    isStringOrNull(r.rating ?? null) &&
    isStringOrNull(r.trustName ?? null) &&
    isStringOrNull(r.region ?? null) &&
    isStringOrNull(r.locationName ?? null) &&
    isStringOrNull(r.reference ?? null) &&
    (holder === null ||
      holder === undefined ||
      (typeof holder.name === 'string' && typeof holder.email === 'string'));
  if (!ok) return null;
  let damaged = false;
  const item = {
    ...(r as StoredItem),
    notifiedStage: (r.notifiedStage as StoredItem['notifiedStage']) ?? null,
    relationshipHolder: (holder as StoredItem['relationshipHolder']) ?? null,
  };
  if (r.stageHistory === undefined) item.stageHistory = [];
  else if (!isStageHistory(r.stageHistory)) {
    item.stageHistory = [];
    damaged = true;
  }
  if (r.told !== undefined && !isTold(r.told)) {
    item.told = {};
    damaged = true;
  }
  if (r.itemState !== undefined && !itemStateSchema.safeParse(r.itemState).success) {
    delete item.itemState;
    damaged = true;
  }
  return damaged ? { ...item, damaged } : item;
}

/** The table records a trust record becomes (profile, core services, well-led inspections, PIRs). */
export function recordsOfTrust(trust: TrustRecord): Record<string, unknown>[] {
  const pk = trustPk(trust.trustId);
  return [
    {
      PK: pk,
      SK: PROFILE_SK,
      type: 'trust',
      trustId: trust.trustId,
      name: trust.name,
      sector: trust.sector,
      region: trust.region,
      relationshipHolder: trust.relationshipHolder,
      ...(trust.toCheck ? { toCheck: trust.toCheck } : {}), // only when there is one: profiles
      ...(trust.checked ? { checked: trust.checked } : {}), // without stay as they were written
    },
    ...trust.coreServices.map((cs) => ({
      PK: pk,
      SK: coreServiceSk(cs.locationId, cs.service),
      type: 'core-service',
      ...cs,
    })),
    ...trust.wellLedInspections.map((wl) => ({
      PK: pk,
      SK: wellLedSk(wl.inspectionId),
      type: 'well-led',
      ...wl,
    })),
    ...trust.providerInformationRequests.map((pir) => ({
      PK: pk,
      SK: pirSk(pir.requestId),
      type: 'pir',
      ...pir,
    })),
    ...(trust.useOfResources ?? []).map((uor) => ({
      PK: pk,
      SK: useOfResourcesSk(uor.assessmentId),
      type: 'use-of-resources',
      ...uor,
    })),
  ];
}
