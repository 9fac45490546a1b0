import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import pMap from 'p-map';
import { makeDocumentClient, makeDynamoDbClient } from '../adapters/clients.ts';
import { ensureTable } from '../adapters/dynamodb/create-table.ts';
import { recordsOfTrust } from '../adapters/dynamodb/records.ts';
import { DEFAULT_POLICY } from '../domain/policy.ts';
import { startSesLocal } from '../local/servers.ts';
import { wireLocal } from '../local/wiring.ts';
import { generateTrusts } from './domain.ts';
import { median, startDynaliteProcess, writeResult } from './lib.ts';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const SEGMENTS = Number(process.env.SCAN_SEGMENTS ?? 4);
const REPEATS = 5;
const ASOF = '2026-11-23';
const HOLDERS = 25;

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

async function benchSize(services: number) {
  const dynamo = await startDynaliteProcess();
  const ses = await startSesLocal({ port: 0 });
  await fetch(`${ses.endpoint}/clear-store`, { method: 'POST' });
  try {
    const tableName = `bench-${services}`;
    const wiring = wireLocal({
      dynamoDbEndpoint: dynamo.endpoint,
      sesEndpoint: ses.endpoint,
      tableName,
      segments: SEGMENTS,
      policy: DEFAULT_POLICY,
    });
    await ensureTable(makeDynamoDbClient({ region: 'eu-west-2', endpoint: dynamo.endpoint }), tableName);

    // Load: generated trusts of 50 services, spread over HOLDERS relationship holders.
    const trusts = generateTrusts(services).map((t, i) => ({
      ...t,
      relationshipHolder: { name: `Holder ${i % HOLDERS}`, email: `holder${i % HOLDERS}@example.org` },
    }));
    const load = await timed(() =>
      pMap(trusts, (t) => wiring.repos.table.batchWrite(recordsOfTrust(t)), { concurrency: 8 }),
    );
    process.stderr.write(
      `  ${services}: loaded ${trusts.length} trusts in ${(load.ms / 1000).toFixed(1)} s\n`,
    );

    const first = await timed(() => wiring.nightlyRun({ asOf: ASOF }));
    const emailsFirst = ((await (await fetch(`${ses.endpoint}/store`)).json()) as { emails: unknown[] })
      .emails.length;
    process.stderr.write(
      `  ${services}: first night ${(first.ms / 1000).toFixed(1)} s, ${first.value.dataWrites} writes, ${emailsFirst} emails\n`,
    );

    // Steady state: the same night again, interleaved with bare scans of the same table.
    const client = makeDocumentClient({ region: 'eu-west-2', endpoint: dynamo.endpoint });
    const bareScan = () =>
      Promise.all(
        Array.from({ length: SEGMENTS }, async (_, segment) => {
          let start: Record<string, unknown> | undefined;
          let n = 0;
          do {
            const page = await client.send(
              new ScanCommand({
                TableName: tableName,
                Segment: segment,
                TotalSegments: SEGMENTS,
                ExclusiveStartKey: start,
              }),
            );
            n += page.Items?.length ?? 0;
            start = page.LastEvaluatedKey;
          } while (start);
          return n;
        }),
      );
    const scans: number[] = [];
    const runs: number[] = [];
    let second: Awaited<ReturnType<typeof wiring.nightlyRun>> | null = null;
    for (let i = 0; i < REPEATS; i++) {
      scans.push((await timed(bareScan)).ms);
      const run = await timed(() => wiring.nightlyRun({ asOf: ASOF }));
      runs.push(run.ms);
      second ??= run.value;
    }
    const emailsAfter = ((await (await fetch(`${ses.endpoint}/store`)).json()) as { emails: unknown[] })
      .emails.length;
    const result = {
      coreServices: services,
      trusts: trusts.length,
      tableRecords: second!.recordsRead,
      scanSegments: SEGMENTS,
      firstNight: {
        ms: Math.round(first.ms),
        dataWrites: first.value.dataWrites,
        emails: emailsFirst,
        capacity: first.value.capacity,
      },
      steadyState: {
        medianMs: Math.round(median(runs)),
        runsMs: runs.map(Math.round),
        bareScanMedianMs: Math.round(median(scans)),
        bareScansMs: scans.map(Math.round),
        ratioToBareScan: +(median(runs) / median(scans)).toFixed(2),
        capacityPerRun: second!.capacity,
      },
      secondRun: {
        dataWrites: second!.dataWrites,
        emails: emailsAfter - emailsFirst,
        digestsPublished: second!.digestsPublished,
      },
    };
    process.stderr.write(
      `  ${services}: steady ${result.steadyState.medianMs} ms vs bare scan ${result.steadyState.bareScanMedianMs} ms (×${result.steadyState.ratioToBareScan})\n`,
    );
    return result;
  } finally {
    await ses.close();
    dynamo.stop();
  }
}

const results = [];
for (const size of SIZES) results.push(await benchSize(size));
const figures = {
  backend: 'dynalite (in memory, own process)',
  asOf: ASOF,
  targets: { ratioToBareScan: 1.5, secondRunWrites: 0, secondRunEmails: 0 },
  results,
};
console.log(JSON.stringify(figures, null, 2));
console.log(`written: ${writeResult('nightly', figures)}`);
