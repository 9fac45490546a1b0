import { afterEach, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import { nightTrusts } from '../support/night.ts';
import { backend, load, testStack } from '../support/stack.ts';

/**
 * Stages move forward: an import after a nightly run (whose as-of lies ahead of the import's,
 * as after a catch-up or in a test) plans with the run's date, never writes a stage dated before
 * the one recorded, and writes nothing at all when no record changed.
 */
const TODAY = '2026-12-02';
const LATER = '2027-02-01';
const ITEM = 'reinspection#TB#TB1#Urgent and emergency services';
let stack: LocalStack;
afterEach(() => stack?.close());

const itemOf = async (trustId: string, itemId: string) =>
  (await stack.repos.trustRecords.read(trustId)).items.get(itemId)!;

describe(`an import after a later run (${backend()})`, () => {
  it('writes no backdated stage, and nothing at all when no record changed', async () => {
    stack = await testStack();
    const trusts = nightTrusts(TODAY);
    await load(stack, trusts, TODAY);
    expect((await itemOf('TB', ITEM)).stage).not.toBe('overdue');
    await stack.nightlyRun({ asOf: LATER });
    const after = await itemOf('TB', ITEM);
    expect(after.stage).toBe('overdue');

    const writes = stack.repos.table.usage.dataWrites;
    const again = await load(stack, trusts, TODAY);
    expect(again).toMatchObject({ created: 0, updated: 0, itemsRefreshed: 0 });
    expect(stack.repos.table.usage.dataWrites).toBe(writes);
    const item = await itemOf('TB', ITEM);
    expect(item).toEqual(after);
    expect(item.stageHistory.map((h) => h.on)).toEqual([...item.stageHistory.map((h) => h.on)].sort());
    expect(item.stageHistory.at(-1)).toEqual({ on: LATER, stage: 'overdue' });

    // A changed record is planned for the run's date too: its stage is the run's, dated no earlier.
    const renamed = trusts.map((t) => (t.trustId === 'TB' ? { ...t, name: 'Trust B (renamed)' } : t));
    await load(stack, renamed, TODAY);
    const changed = await itemOf('TB', ITEM);
    expect(changed).toMatchObject({
      trustName: 'Trust B (renamed)',
      stage: 'overdue',
      stageChangedOn: LATER,
    });
    expect(changed.stageHistory).toEqual(after.stageHistory);
  });
});
