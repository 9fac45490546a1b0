import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CqcApiStandIn } from '../../local/cqc-api-stand-in.ts';
import type { LocalStack } from '../../local/stack.ts';
import { runCli } from '../support/cli.ts';
import { clientFor, standIn } from '../support/cqc-stand-in.ts';
import { REJECTED } from '../support/fault-proxy.ts';
import { CQC_FICTIONAL } from '../support/paths.ts';
import {
  apiFetch,
  backend,
  cliStackPerTest,
  type SentEmail,
  sentEmails,
  throughFaultProxy,
} from '../support/stack.ts';

/**
 * A trust rated only under the single assessment framework: no due date is guessed. It is
 * listed for a person to check by `due`, `GET /to-check` and the fallback recipient's digest,
 * once per assessment, until a later document rates its services.
 */
let stack: LocalStack;
let api: CqcApiStandIn;
const FALLBACK = 'inspection.team@example.org';

/** The fictional RZZ as CQC might publish it after a single assessment: no service ratings. */
const RATED: Record<string, unknown> = JSON.parse(
  readFileSync(path.join(CQC_FICTIONAL, 'EXAMPLE-RZZ.json'), 'utf8'),
);
function assessedOnly(assessmentDate: string): Record<string, unknown> {
  const { currentRatings: _gone, ...doc } = RATED;
  return {
    ...doc,
    assessment: [
      {
        assessmentPlanId: 'AP-EXAMPLE',
        assessmentPlanStatus: 'Assessed',
        ratings: {
          asgRatings: [
            { name: 'Mental health', rating: 'Good', assessmentDate: `${assessmentDate}T00:00:00` },
          ],
        },
      },
    ],
  };
}

const current = cliStackPerTest({ apiPort: 0, fallbackRecipient: FALLBACK });
beforeEach(async () => {
  stack = current();
  api = await standIn();
});
afterEach(() => api.close());

const sync = (asOf: string) => stack.syncFrom(clientFor(api.baseUrl), { asOf, mode: 'incremental' });

async function toCheck() {
  const res = await apiFetch(stack, `/to-check`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { toCheck: Record<string, unknown>[] }).toCheck;
}

/** The emails that told someone of a trust to check. */
async function toldToCheck(): Promise<SentEmail[]> {
  return (await sentEmails(stack)).filter((e) => e.body.text?.includes('To check by hand'));
}

describe(`trusts to check by hand (${backend()})`, () => {
  it('listed by the sync, /to-check and due; told to the fallback recipient once per assessment; gone once rated', async () => {
    api.put('provider', assessedOnly('2026-06-01'));
    const first = await sync('2026-11-23');
    const expected = {
      trustId: 'RZZ',
      trustName: 'Exampleshire Mental Health NHS Foundation Trust',
      source: '/providers/RZZ',
      assessmentDate: '2026-06-01',
      reason: 'rated under the single assessment framework only: no due date is guessed',
    };
    expect(first.toCheck).toEqual([expected]);
    expect(await toCheck()).toEqual([expected]);
    // No due date is guessed: the trust has no re-inspection item.
    const items = (await (await apiFetch(stack, `/due-work?within=3650&trustId=RZZ`)).json()) as {
      items: { kind: string }[];
    };
    expect(items.items.filter((i) => i.kind === 'reinspection')).toEqual([]);
    // The trust's own view says so.
    const trust = (await (await apiFetch(stack, `/trusts/RZZ`)).json()) as {
      trust: { toCheck: unknown };
    };
    expect(trust.trust.toCheck).toEqual({
      source: expected.source,
      assessmentDate: expected.assessmentDate,
      reason: expected.reason,
    });
    // `due` over the table lists it too.
    const due = await runCli(['due', '--format', 'json']);
    expect(JSON.parse(due.stdout).toCheck).toEqual([expected]);

    const night = await stack.nightlyRun({ asOf: '2026-11-23' });
    expect(night.digestToCheck).toBe(1);
    const [told, ...more] = await toldToCheck();
    expect(more).toEqual([]);
    expect(told!.destination.to).toEqual([FALLBACK]);
    expect(told!.subject).toContain('1 to check');
    expect(told!.body.text).toContain('Check Exampleshire Mental Health NHS Foundation Trust (RZZ)');
    expect(told!.body.text).toContain('Assessed 1 June 2026');
    expect(told!.body.text).toContain('Source: /providers/RZZ');
    // Nobody but the fallback recipient is told of it.
    for (const e of await sentEmails(stack))
      if (e.destination.to[0] !== FALLBACK) expect(e.body.text).not.toContain('To check by hand');

    // The next nights, and a second run of the same night: not told again.
    expect((await stack.nightlyRun({ asOf: '2026-11-23' })).digestToCheck).toBe(0);
    await sync('2026-11-24');
    expect((await stack.nightlyRun({ asOf: '2026-11-24' })).digestToCheck).toBe(0);
    expect(await toldToCheck()).toHaveLength(1);

    // A newer assessment is told again, once.
    api.put('provider', assessedOnly('2026-10-01'));
    await sync('2026-11-25');
    expect((await toCheck())[0]).toMatchObject({ assessmentDate: '2026-10-01' });
    await stack.nightlyRun({ asOf: '2026-11-25' });
    const again = await toldToCheck();
    expect(again).toHaveLength(2);
    expect(again.map((e) => e.body.text).join('\n')).toContain('Assessed 1 October 2026');

    // Rated by core service again: due dates come back, and nothing is left to check.
    api.put('provider', RATED);
    const rated = await sync('2026-11-26');
    expect(rated.toCheck).toEqual([]);
    expect(await toCheck()).toEqual([]);
    expect(JSON.parse((await runCli(['due', '--format', 'json'])).stdout).toCheck).toEqual([]);
    expect((await stack.nightlyRun({ asOf: '2026-11-26' })).digestToCheck).toBe(0);
    expect(await toldToCheck()).toHaveLength(2);
    const back = (await (await apiFetch(stack, `/due-work?within=3650&trustId=RZZ`)).json()) as {
      items: { kind: string }[];
    };
    expect(back.items.some((i) => i.kind === 'reinspection')).toBe(true);
  });

  it('a location document never clears what its provider left to check; retiring the trust does', async () => {
    api.put('provider', assessedOnly('2026-06-01'));
    await sync('2026-11-23');
    // The trust's location read on its own (a file of it): the trust's to-check stays.
    const location = await runCli(['import', path.join(CQC_FICTIONAL, 'EXAMPLE-RZZ01.json')]);
    expect(location.code).toBe(0);
    expect(location.stdout).toContain('1 trust(s)');
    expect((await toCheck()).map((c) => c.trustId)).toEqual(['RZZ']);

    expect((await runCli(['remove', '--trust', 'RZZ', '--reason', 'test'])).code).toBe(0);
    expect(await toCheck()).toEqual([]);
    expect((await stack.nightlyRun({ asOf: '2026-11-24' })).digestToCheck).toBe(0);
  });

  it('two runs of one night at once tell it once; a digest SES rejects for good leaves it for the next night', async () => {
    api.put('provider', assessedOnly('2026-06-01'));
    await sync('2026-11-23');
    let failing = true;
    const { proxy, wiring: viaProxy } = await throughFaultProxy(stack, () => (failing ? REJECTED : null), {
      fallbackRecipient: FALLBACK,
    });
    try {
      const rejected = await viaProxy.nightlyRun({ asOf: '2026-11-23' });
      expect(rejected.digestToCheck).toBe(1);
      expect(await toldToCheck()).toEqual([]);

      failing = false;
      const runs = await Promise.all([
        viaProxy.nightlyRun({ scheduledTime: '2026-11-24T02:30:00.000Z' }),
        viaProxy.nightlyRun({ asOf: '2026-11-24' }),
      ]);
      expect(runs.map((r) => r.digestToCheck)).toEqual([1, 1]);
      expect(await toldToCheck()).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });
});
