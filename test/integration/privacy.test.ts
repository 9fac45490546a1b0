import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeDocumentClient } from '../../adapters/clients.ts';
import { makeLogger } from '../../adapters/observability.ts';
import type { LocalStack } from '../../local/stack.ts';
import { REJECTED } from '../support/fault-proxy.ts';
import { FALLBACK, nightTrusts } from '../support/night.ts';
import { load, testStack, throughFaultProxy } from '../support/stack.ts';

let stack: LocalStack;
afterEach(async () => {
  vi.restoreAllMocks();
  await stack?.close();
});

describe('logs', () => {
  it('carry run facts but never an email address, on success, permanent failure and skipped records alike', async () => {
    stack = await testStack({ fallbackRecipient: FALLBACK });
    await load(stack, nightTrusts('2026-11-23'), '2026-11-23');
    const client = makeDocumentClient({ region: 'eu-west-2', endpoint: stack.dynamo.endpoint });
    await client.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: {
          PK: 'TRUST#TZ',
          SK: 'PROFILE',
          type: 'trust',
          trustId: 'TZ',
          relationshipHolder: { name: 'Zed', email: 'not-an-email@' },
        },
      }),
    );

    const lines: string[] = [];
    const capture = (chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(capture as never);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture as never);
    process.env.LOG_LEVEL = 'DEBUG';
    try {
      let reject = true;
      const { proxy, wiring } = await throughFaultProxy(stack, () => (reject ? REJECTED : null), {
        fallbackRecipient: FALLBACK,
        logger: makeLogger('privacy-test'),
      });
      await wiring.nightlyRun({ asOf: '2026-11-23' }); // every send rejected permanently
      reject = false;
      await wiring.nightlyRun({ asOf: '2026-11-24' }); // delivered
      await proxy.close();
    } finally {
      delete process.env.LOG_LEVEL;
      vi.restoreAllMocks();
    }
    const logs = lines.join('');
    expect(logs).toContain('"message":"nightly run finished"');
    expect(logs).toContain('"message":"digest sent"');
    expect(logs).toContain('permanent failure');
    expect(logs).toContain('"record":"TRUST#TZ PROFILE"');
    expect(logs).not.toMatch(/@example\.org|not-an-email@/);
  });
});
