import { identifiedItemSchema, itemIdOf } from '../../domain/due-item.ts';
import { evaluateTrust } from '../../domain/evaluate.ts';
import { STAGES } from '../../domain/policy.ts';
import {
  coreServiceSchema,
  providerInformationRequestSchema,
  type RatingValue,
  relationshipHolderSchema,
  SECTORS,
  toCheckNoteSchema,
  wellLedInspectionSchema,
} from '../../domain/records.ts';
import * as z from '../../domain/zod.ts';
import { assertMaySeeTrust, userOf } from '../auth.ts';
import { ApiError, parseQuery } from '../errors.ts';
import { trustQuery } from '../queries.ts';
import type { Route } from '../route.ts';
import { skippedRowsField } from '../skipped-rows.ts';

const response = () =>
  z.object({
    asOf: z.string(),
    trust: z.object({
      trustId: z.string(),
      name: z.nullable(z.string()),
      sector: z.nullable(z.enum(SECTORS)),
      region: z.nullable(z.string()),
      relationshipHolder: z.nullable(relationshipHolderSchema),
      /** Rated only under the single assessment framework: for a person to check (GET /to-check). */
      toCheck: z.nullable(toCheckNoteSchema),
    }),
    coreServices: z.array(
      z.extend(coreServiceSchema, {
        dueBy: z.nullable(z.string()),
        daysRemaining: z.nullable(z.int()),
        stage: z.nullable(z.enum(STAGES)),
      }),
    ),
    wellLedInspections: z.array(wellLedInspectionSchema),
    providerInformationRequests: z.array(providerInformationRequestSchema),
    dueItems: z.array(identifiedItemSchema),
    unrated: z.int(),
    openTasks: z.array(
      z.object({
        taskId: z.string(),
        inspectionId: z.string(),
        title: z.string(),
        dueBy: z.string(),
        raisedOn: z.string(),
      }),
    ),
    /** Records of the trust that do not parse: passed over (the nightly run names them). */
    skippedRows: skippedRowsField(),
  });

export const trustRoute: Route = {
  path: '/trusts/{trustId}',
  summary: 'One trust: its core services with due dates, due items, open tasks and holder',
  pathParams: { trustId: 'the trust id, e.g. RM3' },
  query: trustQuery,
  response,
  errors: [400, 403, 404],
  handle: (deps) => async (c) => {
    const q = parseQuery(trustQuery, c);
    const trustId = c.req.param('trustId')!;
    const asOf = q.asOf ?? deps.today();
    const stored = await deps.repos.trustRecords.read(trustId);
    const trust = stored.trust;
    if (!trust) throw new ApiError(404, 'not_found', `no trust with id "${trustId}"`, 'trustId');
    assertMaySeeTrust(userOf(c), trust.relationshipHolder?.email, trustId);
    const { items, unrated } = evaluateTrust(trust, asOf, deps.policy);
    const dueOf = new Map(
      items.filter((i) => i.kind === 'reinspection').map((i) => [`${i.locationId}#${i.service}`, i]),
    );
    const openTasks = [...stored.tasks.values()].filter((t) => t.status === 'open');
    const skippedRows = stored.unreadable?.length ?? 0;
    c.header('x-skipped-rows', String(skippedRows));
    return c.json({
      asOf,
      trust: {
        trustId: trust.trustId,
        name: trust.name,
        sector: trust.sector,
        region: trust.region,
        relationshipHolder: trust.relationshipHolder,
        toCheck: trust.toCheck ?? null,
      },
      coreServices: trust.coreServices
        .map((cs) => {
          const due = dueOf.get(`${cs.locationId}#${cs.service}`);
          return {
            ...cs,
            rating: cs.rating as RatingValue,
            dueBy: due?.dueBy ?? null,
            daysRemaining: due?.daysRemaining ?? null,
            stage: due?.stage ?? null,
          };
        })
        .sort((a, b) => a.locationId.localeCompare(b.locationId) || a.service.localeCompare(b.service)),
      wellLedInspections: trust.wellLedInspections,
      providerInformationRequests: trust.providerInformationRequests,
      dueItems: items
        .map((i) => ({ ...i, itemId: itemIdOf(i) }))
        .sort((a, b) => a.dueBy.localeCompare(b.dueBy)),
      unrated: unrated.length,
      openTasks: openTasks.map(({ taskId, inspectionId, title, dueBy, raisedOn }) => ({
        taskId,
        inspectionId,
        title,
        dueBy,
        raisedOn,
      })),
      skippedRows,
    });
  },
};
