import { identifiedItemSchema } from '../../domain/due-item.ts';
import { itemStatusFieldsSchema } from '../../domain/item-state.ts';
import { STAGES } from '../../domain/policy.ts';
import {
  checkedNoteSchema,
  coreServiceSchema,
  providerInformationRequestSchema,
  relationshipHolderSchema,
  SECTORS,
  toCheckNoteSchema,
  wellLedInspectionSchema,
} from '../../domain/records.ts';
import * as z from '../../domain/zod.ts';
import { userOf } from '../auth.ts';
import { parseQuery } from '../errors.ts';
import { trustQuery } from '../queries.ts';
import { readTrust } from '../readers.ts';
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
      /** An admin's check of a trust to check, with any due date they set by hand. */
      checked: z.nullable(checkedNoteSchema),
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
    dueItems: z.array(z.extend(identifiedItemSchema, itemStatusFieldsSchema().shape)),
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
    /** Stage changes up to asOf, newest first; `what` is the item in words. */
    stageHistory: z.array(
      z.object({ itemId: z.string(), what: z.string(), on: z.string(), stage: z.enum(STAGES) }),
    ),
    /** Records of the trust that do not parse: passed over (the nightly run names them). */
    skippedRows: skippedRowsField(),
  });

export const trustRoute: Route = {
  path: '/trusts/{trustId}',
  operationId: 'getTrust',
  summary: 'One trust: its core services with due dates, due items, open tasks and holder',
  pathParams: { trustId: 'the trust id, e.g. RM3' },
  query: trustQuery,
  response,
  errors: [400, 403, 404],
  handle: (deps) => async (c) => {
    const q = parseQuery(trustQuery, c);
    const view = await readTrust(deps, userOf(c), c.req.param('trustId')!, q.asOf ?? deps.today());
    c.header('x-skipped-rows', String(view.skippedRows));
    return c.json(view);
  },
};
