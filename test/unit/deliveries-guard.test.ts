import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveriesRepository } from '../../adapters/dynamodb/deliveries.ts';
import { Table } from '../../adapters/dynamodb/table.ts';

/**
 * send-digest writes to trust partitions only to record what it told, and IAM cannot say
 * "update, never create": so every one of its writes to a due item or a trust to check says it
 * in its condition. (Behaviour against the real local table: test/integration/delivery.test.ts.)
 */
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-2' }));
const mock = mockClient(doc);
afterEach(() => mock.reset());

describe('send-digest never creates a record in a trust partition', () => {
  it('every claim and settle carries attribute_exists(PK)', async () => {
    mock.on(UpdateCommand).resolves({});
    const deliveries = new DeliveriesRepository(new Table(doc, 't'));
    const entry = {
      stage: 'overdue',
      digest: 'd1',
      status: 'claimed',
      on: '2026-12-02',
      at: '2026-12-02T00:00:00Z',
    } as const;
    await deliveries.claimItem('TA', 'reinspection#TA#TA1#Surgery', 'a@example.org', entry, '2026-12-01');
    await deliveries.settleItem('TA', 'reinspection#TA#TA1#Surgery', 'a@example.org', 'd1', {
      status: 'sent',
      at: '2026-12-02T00:00:01Z',
    });
    const check = {
      assessment: 'x',
      digest: 'd1',
      status: 'claimed',
      on: '2026-12-02',
      at: '2026-12-02T00:00:00Z',
    } as const;
    await deliveries.claimToCheck('TA', 'a@example.org', check, '2026-12-01');
    await deliveries.settleToCheck('TA', 'a@example.org', 'd1', {
      status: 'sent',
      at: '2026-12-02T00:00:01Z',
    });
    const writes = mock.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(writes).toHaveLength(4);
    for (const w of writes) {
      expect(String(w.Key?.PK)).toMatch(/^TRUST#/);
      expect(w.ConditionExpression).toMatch(/^attribute_exists\(PK\) AND /);
    }
  });
});
