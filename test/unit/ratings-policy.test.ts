import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, loadPolicy, PolicyError } from '../../domain/policy.ts';
import { parseRating } from '../../domain/ratings.ts';

describe('rating parsing', () => {
  it.each([
    ['Outstanding', 'Outstanding'],
    ['GOOD', 'Good'],
    ['  good ', 'Good'],
    ['Requires improvement', 'Requires improvement'],
    ['Requires Improvement', 'Requires improvement'],
    ['Required improvement', 'Requires improvement'],
    ['requires   improvement', 'Requires improvement'],
    ['inadequate', 'Inadequate'],
  ])('%j is the rating %s', (raw, rating) => {
    expect(parseRating(raw)).toEqual({ rated: true, rating });
  });

  it.each([
    ['Not rated', 'Not rated'],
    ['Inspected but not rated', 'Inspected but not rated'],
    ['no published rating', 'No published rating'],
  ])('%j is kept as unrated (%s)', (raw, label) => {
    expect(parseRating(raw)).toEqual({ rated: false, label });
  });

  it.each(['Excellent', '', 'Good-ish', 'Insufficient evidence to rate'])('%j is not a rating', (raw) => {
    expect(parseRating(raw)).toBeNull();
  });
});

describe('policy', () => {
  it('defaults to the intervals and windows of CQC published approach', () => {
    const policy = loadPolicy();
    expect(policy.reinspectionMonths).toEqual({
      Inadequate: 12,
      'Requires improvement': 24,
      Good: 42,
      Outstanding: 60,
    });
    expect(policy.reportDeadlineMonths).toBe(3);
    expect(policy.planningMeetingDays).toBe(63);
    expect(policy.pirInspectionsMonths).toBe(6);
    expect(policy.windows.reinspection).toEqual({ dueSoonDays: 90, urgentDays: 30 });
    expect(policy.windows.report).toEqual({ dueSoonDays: 28, urgentDays: 7 });
    expect(policy.windows['well-led']).toEqual({ dueSoonDays: 60, urgentDays: 14 });
    expect(policy.windows['planning-meeting']).toEqual({ dueSoonDays: 14, urgentDays: 7 });
    expect(policy.windows['pir-inspections']).toEqual({ dueSoonDays: 14, urgentDays: 7 });
  });

  it('applies a deployment override and keeps the rest', () => {
    const policy = loadPolicy({ windows: { report: { dueSoonDays: 42 } }, reinspectionMonths: { Good: 36 } });
    expect(policy.windows.report).toEqual({ dueSoonDays: 42, urgentDays: 7 });
    expect(policy.reinspectionMonths.Good).toBe(36);
    expect(policy.reinspectionMonths.Outstanding).toBe(60);
    expect(DEFAULT_POLICY.reinspectionMonths.Good).toBe(42);
  });

  it.each([
    [{ reinspectionMonths: { Good: -1 } }, 'policy.reinspectionMonths.Good'],
    [{ windows: { report: { urgentDays: 40 } } }, 'policy.windows.report.urgentDays'],
    [{ planningMeetingDays: 'nine weeks' }, 'policy.planningMeetingDays'],
    [{ windows: { inspection: { dueSoonDays: 1, urgentDays: 1 } } }, 'policy.windows'],
    ['strict', 'policy'],
  ])('rejects an invalid override, naming the key (%j)', (overrides, key) => {
    expect(() => loadPolicy(overrides)).toThrow(PolicyError);
    expect(() => loadPolicy(overrides)).toThrow(key);
  });
});
