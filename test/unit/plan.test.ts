import { describe, expect, it } from 'vitest';
import { bankHolidaysInEngland } from '../../adapters/bank-holidays.ts';
import { highsPlanSolver } from '../../adapters/highs/plan-solver.ts';
import { OPEN_FIELDS } from '../../domain/item-state.ts';
import { makePlan, NO_ROOM, type Plan } from '../../domain/planning/plan.ts';
import { loadPlanningSettings } from '../../domain/planning/settings.ts';
import type { PlanItem } from '../../domain/planning/work.ts';

/** Hand-worked plans: each case's answer worked out on paper, then asked of the planner with HiGHS. */

const OPEN = { trustName: null, locationName: null, service: null, ...OPEN_FIELDS };
let n = 0;
function core(location: string, dueBy: string, extra: Partial<PlanItem> = {}): PlanItem {
  const trustId = extra.trustId ?? 'T1';
  return {
    ...OPEN,
    itemId: `reinspection#${trustId}#${location}#S${++n}`,
    kind: 'reinspection',
    trustId,
    region: 'London',
    locationId: location,
    reference: null,
    dueBy,
    ...extra,
  };
}
function trustLevel(kind: PlanItem['kind'], dueBy: string, extra: Partial<PlanItem> = {}): PlanItem {
  const trustId = extra.trustId ?? 'T1';
  const reference = kind === 'well-led' ? null : 'PIR1';
  return {
    ...OPEN,
    itemId: `${kind}#${trustId}${reference ? `#${reference}` : ''}`,
    kind,
    trustId,
    region: 'London',
    locationId: null,
    reference,
    dueBy,
    ...extra,
  };
}
async function plan(
  items: PlanItem[],
  asOf: string,
  settings: Record<string, unknown> = {},
  region: string | null = null,
): Promise<Plan> {
  const s = loadPlanningSettings(settings);
  return makePlan(
    items,
    { asOf, settings: s, region, bankHolidays: bankHolidaysInEngland(asOf, '2029-12-31') },
    highsPlanSolver,
  );
}
const visitOf = (p: Plan, itemId: string) => p.visits.find((v) => v.itemIds.includes(itemId));

describe('a plan of site visits', () => {
  it("meets every due date when capacity allows: nothing late, no shortfall, a location's services in one visit", async () => {
    const a = core('L1', '2027-02-10');
    const b = core('L1', '2027-03-01');
    const w = trustLevel('well-led', '2027-04-30');
    const p = await plan([a, b, w], '2027-01-06');
    expect(p.firstWeek).toBe('2027-01-04');
    expect(p.late).toEqual([]);
    expect(p.shortfall).toEqual({ teamDays: 0, byWeek: null });
    expect(p.solver).toMatchObject({ name: 'HiGHS', optimal: true, lateBound: 0 });
    expect(visitOf(p, a.itemId)).toMatchObject({
      kind: 'reinspection',
      locationId: 'L1',
      days: 2,
      itemIds: [a.itemId, b.itemId],
      fixed: false,
      late: false,
    });
    expect(visitOf(p, w.itemId)).toMatchObject({ kind: 'well-led', days: 3, locationId: null });
    for (const v of p.visits) expect(v.week <= '2027-02-10').toBe(true);
  });

  it('when capacity cannot meet every date: the fewest late, the least lateness, and the shortfall named', async () => {
    // Week 0 (4 January 2027) has room for two of three services due that week; the third goes to
    // week 1 beside the fourth. Least lateness: the one due last (6 January) is the one late, by 5 days.
    const items = [
      core('L1', '2027-01-04'),
      core('L2', '2027-01-05'),
      core('L3', '2027-01-06'),
      core('L4', '2027-01-12'),
    ];
    const p = await plan(items, '2027-01-04', { capacity: 2, weeks: 2 });
    expect(p.late).toEqual([
      {
        itemId: items[2]!.itemId,
        what: 'Core service at L3',
        dueBy: '2027-01-06',
        week: '2027-01-11',
        daysLate: 5,
      },
    ]);
    expect(p.notPlanned).toEqual([]);
    // Due by the end of week 0: 3 team-days against 2; by week 1: 4 against 4.
    expect(p.shortfall).toEqual({ teamDays: 1, byWeek: '2027-01-04' });
    expect(p.solver).toMatchObject({ optimal: true, lateBound: 1, daysLateGap: 0 });
    expect(p.weeks.map((w) => [w.capacity, w.planned])).toEqual([
      [2, 2],
      [2, 2],
    ]);
  });

  it('leaves out what no week has room for, and says so', async () => {
    const items = [core('L1', '2027-01-05'), core('L2', '2027-01-05'), core('L3', '2027-01-05')];
    const p = await plan(items, '2027-01-04', { capacity: 1, weeks: 2 });
    expect(p.visits).toHaveLength(2);
    expect(p.notPlanned).toEqual([
      { itemId: expect.any(String), what: expect.stringMatching(/^Core service at L[123]$/), why: NO_ROOM },
    ]);
    expect(p.solver.lateBound).toBe(2);
    expect(p.late).toHaveLength(1);
  });

  it('keeps a booked item fixed in its booked week, using its capacity', async () => {
    const booked = core('L1', '2027-03-01', { status: 'booked', bookedFor: '2027-01-13' });
    const other = core('L2', '2027-01-15');
    const p = await plan([booked, other], '2027-01-04', { capacity: 1, weeks: 4 });
    expect(visitOf(p, booked.itemId)).toMatchObject({
      week: '2027-01-11',
      fixed: true,
      id: `booked/${booked.itemId}`,
    });
    // Week 1 is full with the booking: the other goes to week 0.
    expect(visitOf(p, other.itemId)).toMatchObject({ week: '2027-01-04', fixed: false });
    expect(p.weeks[1]).toMatchObject({ capacity: 1, planned: 1 });
  });

  it('plans a deferred item no earlier than the week its deferral ends; a deferral past the due date leaves it late', async () => {
    const deferred = core('L1', '2027-03-01', { status: 'deferred', deferredUntil: '2027-02-17' });
    const past = core('L2', '2027-01-20', { status: 'deferred', deferredUntil: '2027-02-03' });
    const p = await plan([deferred, past], '2027-01-04', { weeks: 12 });
    expect(visitOf(p, deferred.itemId)!.week >= '2027-02-15').toBe(true);
    expect(visitOf(p, deferred.itemId)!.late).toBe(false);
    expect(visitOf(p, past.itemId)!.week).toBe('2027-02-01');
    expect(p.late).toEqual([
      {
        itemId: past.itemId,
        what: 'Core service at L2',
        dueBy: '2027-01-20',
        week: '2027-02-01',
        daysLate: 12,
      },
    ]);
  });

  it('leaves a waived item out, and lists work that is not a site visit under notPlanned with why', async () => {
    const waived = core('L1', '2027-02-01', { status: 'waived', waiverReason: 'inspected-report-awaited' });
    const report = {
      ...trustLevel('well-led', '2027-02-01'),
      itemId: 'report#T1#INS1',
      kind: 'report' as const,
    };
    const p = await plan([waived, report], '2027-01-04');
    expect(p.visits).toEqual([]);
    expect(p.notPlanned).toEqual([
      {
        itemId: 'report#T1#INS1',
        what: 'Report publication, T1',
        why: 'Report publication is not a site visit',
      },
    ]);
  });

  it("groups a location's services due within twelve weeks (84 days, inclusive) of the earliest; the next starts a new visit", async () => {
    const first = core('L1', '2027-02-01');
    const within = core('L1', '2027-04-26'); // 84 days after
    const beyond = core('L1', '2027-04-27'); // 85 days after
    const p = await plan([first, within, beyond], '2027-01-04');
    expect(visitOf(p, first.itemId)!.itemIds).toEqual([first.itemId, within.itemId]);
    expect(visitOf(p, beyond.itemId)!.itemIds).toEqual([beyond.itemId]);
    expect(visitOf(p, first.itemId)!.id).toBe('T1/L1/1');
    expect(visitOf(p, beyond.itemId)!.id).toBe('T1/L1/2');
  });

  it("places a trust's well-led inspection no earlier than its core-service visits due before it", async () => {
    // The core service may not be visited before week 3 (its deferral); the well-led would go
    // first on its own (the earliest weeks), but must follow.
    const c = core('L1', '2027-02-20', { status: 'deferred', deferredUntil: '2027-01-27' });
    const w = trustLevel('well-led', '2027-03-01');
    const otherTrust = trustLevel('well-led', '2027-03-01', { trustId: 'T2' });
    const p = await plan([c, w, otherTrust], '2027-01-04');
    expect(visitOf(p, c.itemId)!.week).toBe('2027-01-25');
    expect(visitOf(p, w.itemId)!.week >= '2027-01-25').toBe(true);
    expect(visitOf(p, otherTrust.itemId)!.week).toBe('2027-01-04');
  });

  it("places PIR inspections no earlier than the week of the planning meeting's due date", async () => {
    const meeting = trustLevel('planning-meeting', '2027-02-10');
    const inspections = trustLevel('pir-inspections', '2027-06-01');
    const p = await plan([meeting, inspections], '2027-01-04');
    expect(visitOf(p, inspections.itemId)).toMatchObject({
      kind: 'pir-inspections',
      week: '2027-02-08',
      days: 3,
    });
    expect(p.notPlanned).toEqual([
      {
        itemId: meeting.itemId,
        what: 'Regulatory planning meeting, T1',
        why: 'Regulatory planning meeting is not a site visit',
      },
    ]);
  });

  it("reduces a bank-holiday week's capacity: capacity × working days ÷ 5, rounded down", async () => {
    const p = await plan([], '2027-05-03', { capacity: 10, weeks: 35 });
    expect(p.weeks[0]).toMatchObject({ week: '2027-05-03', capacity: 8, bankHolidays: ['2027-05-03'] });
    expect(p.weeks[1]).toMatchObject({ week: '2027-05-10', capacity: 10, bankHolidays: [] });
    const christmas = p.weeks.find((w) => w.week === '2027-12-27');
    expect(christmas).toMatchObject({ capacity: 6, bankHolidays: ['2027-12-27', '2027-12-28'] });
  });

  it('splits a visit over weeks only when it takes more than any week holds, and says so', async () => {
    const items = Array.from({ length: 12 }, () => core('L1', '2027-03-01'));
    const p = await plan(items, '2027-01-04', { capacity: 10 });
    const parts = p.visits.filter((v) => v.locationId === 'L1').sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(parts.map((v) => [v.id, v.days, v.part])).toEqual([
      ['T1/L1/1-part-1', 10, { n: 1, of: 2 }],
      ['T1/L1/1-part-2', 2, { n: 2, of: 2 }],
    ]);
    expect(p.late).toEqual([]);
  });

  it("plans one region's trusts with that region's capacity", async () => {
    const london = core('L1', '2027-01-05');
    const north = core('N1', '2027-01-05', { trustId: 'T9', region: 'North West' });
    const p = await plan(
      [london, north],
      '2027-01-04',
      { capacity: 10, regions: { 'North West': 4 } },
      'North West',
    );
    expect(p.visits.flatMap((v) => v.itemIds)).toEqual([north.itemId]);
    expect(p.weeks[0]!.capacity).toBe(4);
  });

  it('gives the same plan for the same input', async () => {
    const items = Array.from({ length: 30 }, (_, i) =>
      core(`L${i % 7}`, `2027-0${1 + (i % 6)}-1${i % 10}`, { trustId: `T${i % 3}` }),
    );
    const strip = (p: Plan) => ({ ...p, solver: { ...p.solver, seconds: 0 } });
    expect(strip(await plan(items, '2027-01-04', { capacity: 3 }))).toEqual(
      strip(await plan(items, '2027-01-04', { capacity: 3 })),
    );
  });
});

describe('the planning settings', () => {
  it('are checked, a bad one named by its key; the deployment variable says which variable', async () => {
    expect(() => loadPlanningSettings({ capacity: -1 })).toThrow('planning.capacity: Too small');
    expect(() => loadPlanningSettings({ regions: { London: 2.5 } })).toThrow('planning.regions.London');
    expect(() => loadPlanningSettings({ colour: 'blue' })).toThrow('planning: Unrecognized key: "colour"');
    const { loadConfig } = await import('../../adapters/config.ts');
    expect(() => loadConfig({ TABLE_NAME: 'trust-scheduler', PLANNING_JSON: '{"weeks":0}' })).toThrow(
      'environment variable PLANNING_JSON: planning.weeks: Too small',
    );
    expect(
      loadConfig({ TABLE_NAME: 'trust-scheduler', PLANNING_JSON: '{"regions":{"London":7}}' }).planning,
    ).toMatchObject({
      capacity: 10,
      regions: { London: 7 },
    });
  });
});
