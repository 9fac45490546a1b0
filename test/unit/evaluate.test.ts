import { describe, expect, it } from 'vitest';
import { addDays } from '../../domain/calendar.ts';
import { type DueItem, itemIdOf } from '../../domain/due-item.ts';
import { evaluate, selectItems, sortItems, stageFor } from '../../domain/evaluate.ts';
import { DEFAULT_POLICY, DUE_KINDS, loadPolicy } from '../../domain/policy.ts';
import { coreService, trust } from '../support/records.ts';

const policy = DEFAULT_POLICY;

function only(items: DueItem[], kind: DueItem['kind']): DueItem {
  const found = items.filter((i) => i.kind === kind);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('due dates, from the contract rules table', () => {
  it.each([
    ['Inadequate', '2025-06-30', '2026-06-30'],
    ['Requires improvement', '2022-12-22', '2024-12-22'],
    ['Good', '2022-08-31', '2026-02-28'],
    ['Outstanding', '2020-02-29', '2025-02-28'],
  ] as const)(
    'a core service rated %s, report published %s, is due for re-inspection by %s',
    (rating, published, due) => {
      const { items } = evaluate(
        [trust({ coreServices: [coreService({ rating, reportPublishedOn: published })] })],
        '2026-11-23',
        policy,
      );
      const item = only(items, 'reinspection');
      expect(item).toMatchObject({
        rating,
        basisDate: published,
        dueBy: due,
        service: 'Surgery',
        locationId: 'RX101',
      });
    },
  );

  it('a well-led inspection without a published report raises a report item due 3 months after it started', () => {
    const t = trust({
      wellLedInspections: [{ inspectionId: 'WL-1', startedOn: '2026-09-15', reportPublishedOn: null }],
    });
    const report = only(evaluate([t], '2026-11-23', policy).items, 'report');
    expect(report).toMatchObject({
      reference: 'WL-1',
      basisDate: '2026-09-15',
      dueBy: '2026-12-15',
      daysRemaining: 22,
    });
    expect(report).toMatchObject({ stage: 'due-soon', service: null, locationId: null, rating: null });
  });

  it('the report item closes when the report is published', () => {
    const t = trust({
      wellLedInspections: [
        { inspectionId: 'WL-1', startedOn: '2026-09-15', reportPublishedOn: '2026-11-20' },
      ],
    });
    expect(evaluate([t], '2026-11-23', policy).items.filter((i) => i.kind === 'report')).toEqual([]);
  });

  it('the next well-led inspection is due 12 months after the latest one started', () => {
    const t = trust({
      wellLedInspections: [
        { inspectionId: 'WL-2024', startedOn: '2024-10-01', reportPublishedOn: '2024-12-20' },
        { inspectionId: 'WL-2025', startedOn: '2025-11-30', reportPublishedOn: '2026-02-10' },
      ],
    });
    expect(only(evaluate([t], '2026-11-23', policy).items, 'well-led')).toMatchObject({
      reference: 'WL-2025',
      basisDate: '2025-11-30',
      dueBy: '2026-11-30',
      daysRemaining: 7,
      stage: 'urgent',
    });
  });

  it('a PIR starts the planning-meeting (63 days) and inspections (6 months) clocks', () => {
    const t = trust({
      providerInformationRequests: [{ requestId: 'PIR-1', issuedOn: '2026-06-01', planningMeetingOn: null }],
    });
    const { items } = evaluate([t], '2026-11-23', policy);
    expect(only(items, 'planning-meeting')).toMatchObject({
      dueBy: '2026-08-03',
      stage: 'overdue',
      daysRemaining: -112,
    });
    expect(only(items, 'pir-inspections')).toMatchObject({
      dueBy: '2026-12-01',
      daysRemaining: 8,
      stage: 'due-soon',
      reference: 'PIR-1',
    });
  });

  it('PIR items close when the planning meeting is held and when a well-led inspection starts on or after the PIR', () => {
    const pir = { requestId: 'PIR-1', issuedOn: '2026-06-01', planningMeetingOn: '2026-07-20' };
    const before = trust({
      providerInformationRequests: [pir],
      wellLedInspections: [
        { inspectionId: 'WL-old', startedOn: '2026-05-31', reportPublishedOn: '2026-08-01' },
      ],
    });
    expect(
      evaluate([before], '2026-11-23', policy)
        .items.map((i) => i.kind)
        .sort(),
    ).toEqual(['annual-pir', 'pir-inspections', 'well-led']);
    const sameDay = trust({
      providerInformationRequests: [pir],
      wellLedInspections: [
        { inspectionId: 'WL-new', startedOn: '2026-06-01', reportPublishedOn: '2026-08-01' },
      ],
    });
    // The yearly PIR stays: it follows from the last PIR, whatever was done after it.
    expect(
      evaluate([sameDay], '2026-11-23', policy)
        .items.map((i) => i.kind)
        .sort(),
    ).toEqual(['annual-pir', 'well-led']);
  });

  it('unrated core services have no due date but are counted', () => {
    const t = trust({
      coreServices: [
        coreService({ service: 'Maternity', rating: 'Not rated', reportPublishedOn: null }),
        coreService({
          service: 'Surgery',
          rating: 'Inspected but not rated',
          reportPublishedOn: '2024-01-01',
        }),
        coreService({ service: 'Critical care', rating: 'Good' }),
      ],
    });
    const { items, unrated } = evaluate([t], '2026-11-23', policy);
    expect(items.map((i) => i.service)).toEqual(['Critical care']);
    expect(unrated.map((u) => [u.service, u.rating])).toEqual([
      ['Maternity', 'Not rated'],
      ['Surgery', 'Inspected but not rated'],
    ]);
  });

  it('carries the relationship holder, or null when the trust has none', () => {
    const cs = [coreService()];
    const withHolder = evaluate([trust({ coreServices: cs })], '2026-11-23', policy).items[0]!;
    expect(withHolder.relationshipHolder).toEqual({ name: 'Sam Example', email: 'sam.example@example.org' });
    const without = evaluate([trust({ coreServices: cs, relationshipHolder: null })], '2026-11-23', policy)
      .items[0]!;
    expect(without.relationshipHolder).toBeNull();
  });

  it('uses a deployment policy override', () => {
    const t = trust({ coreServices: [coreService({ rating: 'Good', reportPublishedOn: '2024-01-15' })] });
    const custom = loadPolicy({ reinspectionMonths: { Good: 36 } });
    expect(evaluate([t], '2026-11-23', custom).items[0]!.dueBy).toBe('2027-01-15');
  });
});

describe('alert stages, at every edge', () => {
  const dueBy = '2027-03-15';
  // For each kind, a record whose single item of that kind is due on `dueBy`.
  const recordFor = {
    reinspection: trust({
      coreServices: [coreService({ rating: 'Inadequate', reportPublishedOn: '2026-03-15' })],
    }),
    report: trust({
      wellLedInspections: [{ inspectionId: 'WL', startedOn: '2026-12-15', reportPublishedOn: null }],
    }),
    'well-led': trust({
      wellLedInspections: [{ inspectionId: 'WL', startedOn: '2026-03-15', reportPublishedOn: '2026-05-01' }],
    }),
    'planning-meeting': trust({
      providerInformationRequests: [
        { requestId: 'P', issuedOn: addDays(dueBy, -63), planningMeetingOn: null },
      ],
    }),
    'pir-inspections': trust({
      providerInformationRequests: [
        { requestId: 'P', issuedOn: '2026-09-15', planningMeetingOn: '2026-10-01' },
      ],
    }),
    // The next yearly PIR: 12 months after the last one issued, whichever order they are listed in.
    'annual-pir': trust({
      providerInformationRequests: [
        { requestId: 'P-2026', issuedOn: '2026-03-15', planningMeetingOn: '2026-04-01' },
        { requestId: 'P-2025', issuedOn: '2025-03-10', planningMeetingOn: '2025-04-01' },
      ],
      wellLedInspections: [{ inspectionId: 'WL', startedOn: '2026-06-01', reportPublishedOn: '2026-08-01' }],
    }),
    // The next Use of Resources assessment: 12 months after the last one's report.
    'use-of-resources': trust({
      useOfResources: [
        { assessmentId: 'UOR-2025', reportPublishedOn: '2025-03-01', rating: 'Good' },
        { assessmentId: 'UOR-2026', reportPublishedOn: '2026-03-15', rating: 'Requires improvement' },
      ],
    }),
  } as const;

  for (const kind of DUE_KINDS) {
    const { dueSoonDays, urgentDays } = policy.windows[kind];
    it.each([
      [dueSoonDays + 1, 'scheduled'],
      [dueSoonDays, 'due-soon'],
      [urgentDays + 1, 'due-soon'],
      [urgentDays, 'urgent'],
      [0, 'urgent'], // the due date itself is still on time
      [-1, 'overdue'], // the day after it is overdue
    ] as const)(`${kind}: %i days remaining is %s`, (days, stage) => {
      const asOf = addDays(dueBy, -days);
      const item = only(evaluate([recordFor[kind]], asOf, policy).items, kind);
      expect(item.dueBy).toBe(dueBy);
      expect(item.daysRemaining).toBe(days);
      expect(item.stage).toBe(stage);
      expect(stageFor(kind, days, policy)).toBe(stage);
    });
  }
});

describe('selecting and sorting', () => {
  const t = trust({
    coreServices: [
      coreService({ service: 'Surgery', rating: 'Inadequate', reportPublishedOn: '2025-12-01' }), // due 2026-12-01: 8 days, urgent
      coreService({ service: 'Maternity', rating: 'Good', reportPublishedOn: '2023-06-01' }), // due 2026-12-01 too
      coreService({ service: 'Critical care', rating: 'Good', reportPublishedOn: '2025-01-01' }), // 2028: scheduled
      coreService({
        service: 'Urgent and emergency services',
        rating: 'Inadequate',
        reportPublishedOn: '2025-01-01',
      }), // overdue
      coreService({
        service: 'Outpatients',
        rating: 'Requires improvement',
        reportPublishedOn: '2025-01-20',
      }), // 2027-01-20: 58 days
    ],
  });
  const { items } = evaluate([t], '2026-11-23', policy);

  it('by default keeps the alert stages only', () => {
    expect(
      selectItems(items, { mode: 'alerts' })
        .map((i) => i.stage)
        .sort(),
    ).toEqual(['due-soon', 'overdue', 'urgent', 'urgent']);
  });

  it('within N days keeps items due on or before as-of + N, overdue included', () => {
    const within = selectItems(items, { mode: 'within', days: 8 });
    expect(within.map((i) => i.service).sort()).toEqual([
      'Maternity',
      'Surgery',
      'Urgent and emergency services',
    ]);
    expect(selectItems(items, { mode: 'within', days: 7 })).toHaveLength(1);
    expect(selectItems(items, { mode: 'all' })).toHaveLength(5);
  });

  it('sorts by due date, then trust, location and service', () => {
    const other = trust({
      trustId: 'RA1',
      coreServices: [coreService({ rating: 'Inadequate', reportPublishedOn: '2025-12-01' })],
    });
    const sorted = sortItems(evaluate([t, other], '2026-11-23', policy).items);
    expect(sorted.map((i) => `${i.dueBy} ${i.trustId} ${i.service}`)).toEqual([
      '2026-01-01 RX1 Urgent and emergency services',
      '2026-12-01 RA1 Surgery',
      '2026-12-01 RX1 Maternity',
      '2026-12-01 RX1 Surgery',
      '2027-01-20 RX1 Outpatients',
      '2028-07-01 RX1 Critical care',
    ]);
  });

  it('gives each obligation a stable id that does not depend on the date or the rating', () => {
    const later = evaluate([t], '2027-05-01', policy).items;
    expect(later.map(itemIdOf)).toEqual(items.map(itemIdOf));
    expect(new Set(items.map(itemIdOf)).size).toBe(items.length);
    expect(itemIdOf(items[0]!)).toBe('reinspection#RX1#RX101#Surgery');
  });
});
