import { describe, expect, it } from 'vitest';
import type { ListedItem } from '../../domain/due-item.ts';
import { type ItemStatusFields, needsAction } from '../../domain/item-state.ts';
import { daysText, durationText, statusTag } from '../../domain/item-words.ts';
import { countsOf, groupByTrust } from '../../domain/queue.ts';

const OPEN_FIELDS: ItemStatusFields = {
  status: 'open',
  bookedFor: null,
  deferredUntil: null,
  waiverReason: null,
  acknowledgedBy: null,
};
const TODAY = '2026-12-16';

describe('an item in people’s words (issue 25)', () => {
  it('says durations past 60 days in years, months and days, counted by the calendar', () => {
    expect(durationText('2026-12-01', '2026-12-16')).toBe('15 days');
    expect(durationText('2026-10-17', '2026-12-16')).toBe('60 days');
    expect(durationText('2026-10-16', '2026-12-16')).toBe('2 months');
    expect(durationText('2020-03-04', '2026-12-16')).toBe('6 years, 9 months and 12 days');
    expect(durationText('2025-12-16', '2026-12-16')).toBe('1 year');
    expect(durationText('2025-11-30', '2026-02-28')).toBe('3 months');
    expect(daysText({ dueBy: '2020-03-04', daysRemaining: -2478 })).toBe(
      '6 years, 9 months and 12 days overdue',
    );
    expect(daysText({ dueBy: '2026-12-17', daysRemaining: 1 })).toBe('1 day left');
    expect(daysText({ dueBy: TODAY, daysRemaining: 0 })).toBe('due today');
  });

  it('tags an acted-on item by what people did, and says when a booking or deferral has run out', () => {
    const tag = (f: Partial<ItemStatusFields>) => statusTag({ ...OPEN_FIELDS, ...f }, TODAY);
    expect(tag({})).toBeNull();
    expect(tag({ acknowledgedBy: 'tom@example.org' })?.text).toBe('Acknowledged by tom@example.org');
    expect(tag({ status: 'booked', bookedFor: '2026-12-16' })?.text).toBe('Booked for 16 December 2026');
    expect(tag({ status: 'booked', bookedFor: '2026-12-15' })?.text).toBe(
      'Booking passed (15 December 2026)',
    );
    expect(tag({ status: 'deferred', deferredUntil: '2027-01-10' })?.text).toBe(
      'Deferred to 10 January 2027',
    );
    // The slip of issue 25: a deferral that ended on the 10th, read on the 16th.
    expect(tag({ status: 'deferred', deferredUntil: '2026-12-10' })?.text).toBe(
      'Deferral ended 10 December 2026',
    );
    expect(tag({ status: 'waived', waiverReason: 'inspected-report-awaited' })?.text).toBe(
      'Waived: inspected, report awaited',
    );
  });

  it('needs action: open and acknowledged items, and those whose booking or deferral ran out', () => {
    const needs = (f: Partial<ItemStatusFields>) => needsAction({ ...OPEN_FIELDS, ...f }, TODAY);
    expect(needs({})).toBe(true);
    expect(needs({ acknowledgedBy: 'tom@example.org' })).toBe(true);
    expect(needs({ status: 'booked', bookedFor: TODAY })).toBe(false);
    expect(needs({ status: 'booked', bookedFor: '2026-12-15' })).toBe(true);
    expect(needs({ status: 'deferred', deferredUntil: '2026-12-17' })).toBe(false);
    expect(needs({ status: 'deferred', deferredUntil: TODAY })).toBe(true);
    expect(needs({ status: 'waived', waiverReason: 'duplicate' })).toBe(false);
  });
});

describe('the queue, counted and folded by trust', () => {
  const item = (trustId: string, dueBy: string, extra: Partial<ListedItem> = {}): ListedItem => ({
    itemId: `well-led#${trustId}#${dueBy}`,
    kind: 'well-led',
    trustId,
    trustName: `Trust ${trustId}`,
    region: null,
    locationId: null,
    locationName: null,
    service: null,
    rating: null,
    reference: 'INS1',
    basisDate: '2024-01-01',
    dueBy,
    daysRemaining: 0,
    stage: dueBy < TODAY ? 'overdue' : 'due-soon',
    relationshipHolder: null,
    ...OPEN_FIELDS,
    ...extra,
  });

  it('counts every item by stage and status, most pressing stage first', () => {
    const items = [
      item('A', '2026-12-20'),
      item('B', '2026-11-01'),
      item('B', '2026-11-02', { status: 'booked', bookedFor: '2026-12-01' }),
      item('C', '2026-10-01'),
    ];
    expect(countsOf(items)).toEqual([
      { stage: 'overdue', status: 'open', count: 2 },
      { stage: 'overdue', status: 'booked', count: 1 },
      { stage: 'due-soon', status: 'open', count: 1 },
    ]);
  });

  it('folds items by trust, trusts in the order of their soonest item, items in the order given', () => {
    const groups = groupByTrust([
      item('A', '2026-12-20'),
      item('B', '2026-11-01'),
      item('A', '2026-12-21'),
      item('C', '2026-10-01'),
    ]);
    expect(groups.map((g) => [g.trustId, g.items.map((i) => i.dueBy)])).toEqual([
      ['C', ['2026-10-01']],
      ['B', ['2026-11-01']],
      ['A', ['2026-12-20', '2026-12-21']],
    ]);
  });
});
