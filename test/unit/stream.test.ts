import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { makeDocumentClient } from '../../adapters/clients.ts';
import { Table } from '../../adapters/dynamodb/table.ts';
import { TrustRecordsRepository } from '../../adapters/dynamodb/trust-records.ts';

/**
 * The nightly read hands over each trust once its records are read. It relies on a Scan
 * returning a partition's records together, which DynamoDB, DynamoDB Local and dynalite all do
 * (the integration tests run on them); here, pages are made up to break that and test the guard.
 */
const ddbMock = mockClient(DynamoDBDocumentClient);
afterAll(() => ddbMock.restore());
beforeEach(() => ddbMock.reset());

const profile = (id: string) => ({ PK: `TRUST#${id}`, SK: 'PROFILE', type: 'trust', trustId: id });
const service = (id: string, n: number) => ({
  PK: `TRUST#${id}`,
  SK: `CS#L${n}#Surgery`,
  type: 'core-service',
  locationId: `L${n}`,
  locationName: 'A',
  service: 'Surgery',
  rating: 'Good',
  reportPublishedOn: '2024-01-01',
});

function repository() {
  return new TrustRecordsRepository(
    new Table(makeDocumentClient({ region: 'eu-west-2', endpoint: 'http://127.0.0.1:9' }), 't'),
  );
}

describe('streaming the table, trust by trust', () => {
  it('hands over each trust once, with its records from every page it spans', async () => {
    ddbMock
      .on(ScanCommand)
      .resolvesOnce({ Items: [profile('A'), service('A', 1)], LastEvaluatedKey: { PK: 'x' } })
      .resolvesOnce({ Items: [service('A', 2), { PK: 'RUN', SK: 'r' }, profile('B')] });
    const seen: [string, number][] = [];
    const read = await repository().stream({
      segments: 1,
      concurrency: 1,
      onTrust: async (t) => void seen.push([t.trustId, t.trust?.coreServices.length ?? -1]),
    });
    expect(seen).toEqual([
      ['A', 2],
      ['B', 0],
    ]);
    expect(read.recordsRead).toBe(5);
  });

  it('stops, rather than plan part of a trust, if a trust’s records come back apart', async () => {
    ddbMock.on(ScanCommand).resolvesOnce({ Items: [profile('A'), profile('B'), service('A', 1)] });
    await expect(
      repository().stream({ segments: 1, concurrency: 4, onTrust: async () => {} }),
    ).rejects.toThrow('the Scan returned records of TRUST#A apart from each other');
  });
});
