import { ActionRefused } from '../../domain/actions.ts';
import { trustChangeSchema } from '../../domain/trust-changes.ts';
import * as z from '../../domain/zod.ts';
import { changeTrust } from '../../use-cases/change-trust.ts';
import { userOf } from '../auth.ts';
import { parseBody, parseQuery, refusalError } from '../errors.ts';
import { emptyQuery } from '../queries.ts';
import { changeDepsOf, type Route, type RouteDeps } from '../route.ts';

const text = () => z.optional(z.string().check(z.maxLength(500, { message: 'at most 500 characters' })));

export const holderBody = z.strictObject({ name: text(), email: text(), reason: text() });
export const checkedBody = z.strictObject({ reason: text(), dueBy: text() });

const response = () => z.object({ change: trustChangeSchema() });

/** One change of a trust, as the API and the trust page make it (changeTrust: admins, as the pool has them now). */
const changing =
  (change: 'holder' | 'checked', body: typeof holderBody | typeof checkedBody) =>
  (deps: RouteDeps) =>
  async (c: Parameters<ReturnType<Route['handle']>>[0]) => {
    parseQuery(emptyQuery, c);
    const fields = await parseBody(body, c);
    try {
      const record = await changeTrust(changeDepsOf(deps), {
        ...fields,
        change,
        trustId: c.req.param('trustId')!,
        actor: userOf(c).email,
        today: deps.today(),
        at: deps.now().toISOString(),
      } as Parameters<typeof changeTrust>[1]);
      return c.json({ change: record });
    } catch (err) {
      if (err instanceof ActionRefused) throw refusalError(err);
      throw err;
    }
  };

export const trustHolderRoute: Route = {
  path: '/trusts/{trustId}/holder',
  operationId: 'assignTrustHolder',
  method: 'POST',
  summary: "Assign or change a trust's relationship holder (admins)",
  description:
    'A JSON body: name, email and reason. Kept in the trust’s history (GET /trusts/{trustId}/actions, trustChanges). The next nightly run tells the new holder of the trust’s open items; an import keeps the holder unless it names another.',
  pathParams: { trustId: 'the trust id, e.g. RM3' },
  query: emptyQuery,
  body: holderBody,
  response,
  errors: [400, 403, 404, 409],
  access: 'admins',
  handle: changing('holder', holderBody),
};

export const trustCheckedRoute: Route = {
  path: '/trusts/{trustId}/checked',
  operationId: 'markTrustChecked',
  method: 'POST',
  summary: 'Mark a trust to check as checked, with a due date set by hand (admins)',
  description:
    'A JSON body: reason, and optionally dueBy (a date): the nightly run plans the trust’s next assessment for that date until CQC’s data gives one. Kept in the trust’s history.',
  pathParams: { trustId: 'the trust id, e.g. RM3' },
  query: emptyQuery,
  body: checkedBody,
  response,
  errors: [400, 403, 404, 409],
  access: 'admins',
  handle: changing('checked', checkedBody),
};
