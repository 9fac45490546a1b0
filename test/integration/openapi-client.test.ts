import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createConfig, lint } from '@redocly/openapi-core';
import createClient from 'openapi-fetch';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTrusts } from '../../local/demo.ts';
import type { LocalStack } from '../../local/stack.ts';
import type { paths } from '../support/openapi-paths.ts';
import { ROOT } from '../support/paths.ts';
import { backend, load, testStack, tokenFor } from '../support/stack.ts';

/**
 * The OpenAPI document as tools no one here wrote read it: Redocly's linter (its recommended
 * rules), and a client generated from it (openapi-typescript's types, openapi-fetch's calls)
 * that lists due work and acts on an item against the local stack.
 */
const DOCUMENT = path.join(ROOT, 'docs/openapi.json');
const today = new Date().toISOString().slice(0, 10);
let stack: LocalStack;

beforeAll(async () => {
  stack = await testStack({ apiPort: 0 });
  await load(stack, demoTrusts(today), today);
});
afterAll(() => stack?.close());

describe(`the OpenAPI document, read by others' tools (${backend()})`, () => {
  it("passes Redocly's recommended rules: no error, and no warning but the licence, which is the owner's to choose", async () => {
    const problems = await lint({ ref: DOCUMENT, config: await createConfig({ extends: ['recommended'] }) });
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message}`)).toEqual([
      'warn info-license: Info object should contain `license` field.',
    ]);
  });

  it('the generated client types are what openapi-typescript makes of the document now (npm run openapi)', async () => {
    const generated = astToString(await openapiTS(pathToFileURL(DOCUMENT)));
    expect(readFileSync(path.join(ROOT, 'test/support/openapi-paths.ts'), 'utf8')).toBe(generated);
  });

  it('a generated client lists due work and acts on an item, by the operations the document names', async () => {
    const token = await tokenFor(stack.userPool!, 'planner@example.org');
    const client = createClient<paths>({
      baseUrl: stack.api!.url,
      headers: { authorization: `Bearer ${token}` },
    });
    const listed = await client.GET('/due-work', { params: { query: { within: '3650', trustId: 'DEMO2' } } });
    expect(listed.response.status).toBe(200);
    // JSON unless CSV or iCalendar was asked for: the document says the route answers all three.
    if (typeof listed.data !== 'object') throw new Error('expected the JSON answer');
    const item = listed.data.items[0]!;
    expect(item.trustId).toBe('DEMO2');

    const acted = await client.POST('/items/{itemId}/actions', {
      params: { path: { itemId: item.itemId } },
      body: { action: 'acknowledge', expectedVersion: 0, note: 'Seen from a generated client' },
    });
    expect(acted.response.status).toBe(200);
    expect(acted.data!.record).toMatchObject({
      action: 'acknowledge',
      by: 'planner@example.org',
      version: 1,
    });

    const stale = await client.POST('/items/{itemId}/actions', {
      params: { path: { itemId: item.itemId } },
      body: { action: 'acknowledge', expectedVersion: 0 },
    });
    expect(stale.response.status).toBe(409);
    expect(stale.error!.error.field).toBe('version');
  });
});
