import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import pMap from 'p-map';
import { makeDocumentClient, makeDynamoDbClient } from '../adapters/clients.ts';
import { ensureTable } from '../adapters/dynamodb/create-table.ts';
import { recordsOfTrust } from '../adapters/dynamodb/records.ts';
import type { DigestDetail } from '../domain/digest.ts';
import { DEFAULT_POLICY } from '../domain/policy.ts';
import { startSesLocal } from '../local/servers.ts';
import { wireLocal } from '../local/wiring.ts';
import { generateTrusts } from './domain.ts';
import { median, startDynaliteProcess, writeResult } from './lib.ts';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000,300000').split(',').map(Number);
const SEGMENTS = Number(process.env.SCAN_SEGMENTS ?? 4);
const REPEATS = 5;
const ASOF = '2026-11-23';
const HOLDERS = 25;

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

/**
 * The job's peak memory while `fn` runs, sampled every 50 ms: heap in use, and the process's
 * resident set (dynalite runs in its own process, so this is the job's, as in a Lambda).
 */
async function peakMemory<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; heapMB: number; heapGrowthMB: number; rssMB: number }> {
  // The benchmark's own data (the generated trusts) is on the heap too: the job's share is the
  // growth over what was in use, after a collection, when it started.
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  let heap = 0;
  let rss = 0;
  const sample = () => {
    const m = process.memoryUsage();
    heap = Math.max(heap, m.heapUsed);
    rss = Math.max(rss, m.rss);
  };
  const timer = setInterval(sample, 50);
  try {
    const value = await fn();
    sample();
    return {
      value,
      heapMB: Math.round(heap / 2 ** 20),
      heapGrowthMB: Math.round((heap - before) / 2 ** 20),
      rssMB: Math.round(rss / 2 ** 20),
    };
  } finally {
    clearInterval(timer);
  }
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

    // The first night in two parts, as AWS runs it: the nightly job (one Lambda, the part that
    // must fit in 15 minutes), then the digests it published, each sent by its own send-digest.
    const published: DigestDetail[] = [];
    const job = wiring.makeNightlyRun({ bus: { publish: async (d) => void published.push(...d) } });
    const firstMemory = await peakMemory(() => timed(() => job({ asOf: ASOF })));
    const first = firstMemory.value;
    const delivery = await timed(() =>
      pMap(published, (detail) => wiring.sendDigest({ detail }), { concurrency: 8 }),
    );
    const emailsFirst = ((await (await fetch(`${ses.endpoint}/store`)).json()) as { emails: unknown[] })
      .emails.length;
    process.stderr.write(
      `  ${services}: first night: job ${(first.ms / 1000).toFixed(1)} s (+${firstMemory.heapGrowthMB} MB heap), ${first.value.dataWrites} writes; ${emailsFirst} digests sent in ${(delivery.ms / 1000).toFixed(1)} s\n`,
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
    let steadyHeapMB = 0;
    for (let i = 0; i < REPEATS; i++) {
      scans.push((await timed(bareScan)).ms);
      const { value: run, heapMB } = await peakMemory(() => timed(() => wiring.nightlyRun({ asOf: ASOF })));
      steadyHeapMB = Math.max(steadyHeapMB, heapMB);
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
        /** The nightly job alone: what must fit in one Lambda invocation. */
        ms: Math.round(first.ms),
        /** Then every digest it published, sent (claims, SES, marks): many send-digest invocations in AWS. */
        digestDeliveryMs: Math.round(delivery.ms),
        digestItems: first.value.digestItems,
        dataWrites: first.value.dataWrites,
        emails: emailsFirst,
        capacity: first.value.capacity,
        peakHeapMB: firstMemory.heapMB,
        /** What the job itself added to the heap at its peak. */
        jobHeapGrowthMB: firstMemory.heapGrowthMB,
        peakRssMB: firstMemory.rssMB,
      },
      steadyState: {
        medianMs: Math.round(median(runs)),
        runsMs: runs.map(Math.round),
        bareScanMedianMs: Math.round(median(scans)),
        bareScansMs: scans.map(Math.round),
        ratioToBareScan: +(median(runs) / median(scans)).toFixed(2),
        capacityPerRun: second!.capacity,
        peakHeapMB: steadyHeapMB,
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

const results: Awaited<ReturnType<typeof benchSize>>[] = [];
for (const size of SIZES) results.push(await benchSize(size));

/**
 * The first night at 1,000,000 core services, projected along the line through the two largest
 * sizes measured (time and memory grow linearly with the table: see the figures at each size).
 */
function projection(target: number) {
  const [a, b] = [...results].sort((x, y) => x.coreServices - y.coreServices).slice(-2);
  if (!a || !b || a.coreServices === b.coreServices) return null;
  const along = (fa: number, fb: number) =>
    Math.round(fb + ((fb - fa) / (b.coreServices - a.coreServices)) * (target - b.coreServices));
  return {
    coreServices: target,
    from: [a.coreServices, b.coreServices],
    firstNightMs: along(a.firstNight.ms, b.firstNight.ms),
    firstNightJobHeapGrowthMB: along(a.firstNight.jobHeapGrowthMB, b.firstNight.jobHeapGrowthMB),
    steadyStateMs: along(a.steadyState.medianMs, b.steadyState.medianMs),
    lambdaLimits: { timeoutMs: 900_000, memoryMB: 10_240 },
  };
}

const figures = {
  backend: 'dynalite (in memory, own process)',
  asOf: ASOF,
  targets: { ratioToBareScan: 1.2, secondRunWrites: 0, secondRunEmails: 0 },
  results,
  projection1M: projection(1_000_000),
};
console.log(JSON.stringify(figures, null, 2));
console.log(`written: ${writeResult('nightly', figures)}`);
