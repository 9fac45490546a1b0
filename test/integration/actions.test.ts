import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionsRepository } from '../../adapters/dynamodb/actions.ts';
import { actionSk, actionsPk } from '../../adapters/dynamodb/keys.ts';
import { ActionRefused, type ActionRequest, actionRecordSchema } from '../../domain/actions.ts';
import { OPEN } from '../../domain/item-state.ts';
import * as z from '../../domain/zod.ts';
import { demoTrusts } from '../../local/demo.ts';
import type { LocalStack } from '../../local/stack.ts';
import { backend, load, testStack } from '../support/stack.ts';

/**
 * What people do with a due item, kept on the real local store (dynalite, or DynamoDB Local):
 * each action's record and the item's state, one of two simultaneous actions refused, a writer
 * that stopped halfway rolled forward, and the records kept when the trust is retired.
 */
const ASOF = '2026-11-23';
let stack: LocalStack;
let actions: ActionsRepository;
let items: { trustId: string; itemId: string; dueBy: string; basisDate: string }[];
const PRIYA = { email: 'priya.shah@example.org', role: 'holder' as const };

beforeAll(async () => {
  stack = await testStack();
  await load(stack, demoTrusts(ASOF), ASOF);
  await stack.nightlyRun({ asOf: ASOF });
  actions = new ActionsRepository(stack.repos.table);
  const trust = await stack.repos.trustRecords.read('DEMO1');
  items = [...trust.items.values()].map(({ trustId, itemId, dueBy, basisDate }) => ({
    trustId,
    itemId,
    dueBy,
    basisDate,
  }));
});
afterAll(() => stack?.close());

const request = (over: Partial<ActionRequest> & Pick<ActionRequest, 'action'>): ActionRequest => ({
  user: PRIYA,
  expectedVersion: 0,
  at: '2026-11-23T10:00:00.000Z',
  today: ASOF,
  ...over,
});

describe(`acting on items, kept on the store (${backend()})`, () => {
  it("an action sets the item's state and keeps its record: who, when, what", async () => {
    const item = items[0]!;
    await actions.act(
      item,
      request({ action: 'book', on: '2026-12-20', reason: 'The first free date', note: 'Team booked' }),
    );
    expect(await actions.state(item.trustId, item.itemId)).toMatchObject({
      status: 'booked',
      bookedFor: '2026-12-20',
      version: 1,
    });
    await actions.act(item, request({ action: 'acknowledge', expectedVersion: 1 }));
    expect((await actions.history(item.trustId, item.itemId)).actions).toMatchObject([
      { version: 1, action: 'book', from: 'open', to: 'booked', by: PRIYA.email, note: 'Team booked' },
      { version: 2, action: 'acknowledge', from: 'booked', to: 'booked', by: PRIYA.email },
    ]);
    // Each record is what the API documents (the OpenAPI document's schema), field for field.
    for (const record of (await actions.history(item.trustId, item.itemId)).actions)
      expect(z.strictObject(actionRecordSchema().shape).safeParse(record).success).toBe(true);
  });

  it('two people acting on one item at once: one applies, the other is told it changed under them', async () => {
    const item = items[1]!;
    const outcomes = await Promise.allSettled([
      actions.act(item, request({ action: 'book', on: '2026-12-20', reason: 'The first free date' })),
      actions.act(item, request({ action: 'defer', until: '2027-01-05', reason: 'Trust asked' })),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ActionRefused);
    expect(refused.reason).toMatchObject({ status: 409 });
    const history = (await actions.history(item.trustId, item.itemId)).actions;
    expect(history).toHaveLength(1);
    expect((await actions.state(item.trustId, item.itemId))?.status).toBe(history[0]!.to);
  });

  it('a writer that stopped after the record: the next reader applies it; nothing is lost or applied twice', async () => {
    const item = items[2]!;
    // The record of version 1, as a writer leaves it when it stops before the item's update.
    const state = {
      ...OPEN,
      status: 'deferred' as const,
      version: 1,
      basisDate: item.basisDate,
      deferredUntil: '2027-02-01',
    };
    await stack.repos.table.client.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: {
          PK: actionsPk(item.trustId),
          SK: actionSk(item.itemId, 1),
          type: 'action',
          itemId: item.itemId,
          version: 1,
          action: 'defer',
          from: 'open',
          to: 'deferred',
          by: PRIYA.email,
          role: 'holder',
          at: '2026-11-23T09:00:00.000Z',
          reason: 'Trust asked',
          note: null,
          on: '2027-02-01',
          waiverReason: null,
          basisDate: item.basisDate,
          state,
        },
      }),
    );
    expect(await actions.state(item.trustId, item.itemId)).toEqual(state);
    // Acting on what one saw before (version 0) is refused; on version 1 it applies.
    await expect(actions.act(item, request({ action: 'acknowledge' }))).rejects.toMatchObject({
      status: 409,
    });
    // The refused writer left the record of version 1 as it was: a record is never replaced.
    expect((await actions.history(item.trustId, item.itemId)).actions).toMatchObject([
      { version: 1, action: 'defer', by: PRIYA.email, reason: 'Trust asked', on: '2027-02-01' },
    ]);
    await actions.act(item, request({ action: 'reopen', reason: 'Trust replied', expectedVersion: 1 }));
    expect((await actions.history(item.trustId, item.itemId)).actions.map((r) => r.action)).toEqual([
      'defer',
      'reopen',
    ]);
  });

  it("an item that does not exist is a 404; retiring the trust keeps its items' records", async () => {
    await expect(
      actions.act(
        { ...items[0]!, itemId: 'reinspection#DEMO1#NOPE#Surgery' },
        request({ action: 'acknowledge' }),
      ),
    ).rejects.toMatchObject({
      status: 404,
      message: 'no open item with id "reinspection#DEMO1#NOPE#Surgery"',
    });
    await stack.repos.trustRecords.retire(
      { trustId: 'DEMO1' },
      { dryRun: false, reason: 'test', on: ASOF, at: '2026-11-23T12:00:00.000Z' },
    );
    expect((await actions.history('DEMO1', items[0]!.itemId)).actions).toHaveLength(2);
  });
});
