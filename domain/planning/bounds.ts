import type { PlanModel } from './model.ts';

/**
 * A lower bound on the days late of any plan of the model, for when the search
 * has no time to bound them itself. A relaxation: every visit overdue in every week it may take
 * (all its items late already in week 0) competes for the weeks' room as if it could be split
 * by the team-day; every other visit takes no room and costs what it costs in its earliest week.
 * Split visits with costs linear in the week are placed best most-days-late-per-team-day first
 * into the earliest room (an exchange argument: costs a + s·week per team-day), the rest out.
 */
export function daysLateBound(model: PlanModel): number {
  const weeks = model.room.length;
  let bound = 0;
  const overdue: { slope: number; base: number; cost: number }[] = [];
  for (const v of model.visits) {
    const items = v.outLate;
    const lateEverywhere = v.from === 0 && v.late[0] === items;
    if (!lateEverywhere) {
      bound += v.lateness[0]!;
      continue;
    }
    // Late in every week: days late grow by 7 a week per item, from week 0's.
    overdue.push({ slope: (7 * items) / v.cost, base: v.lateness[0]! / v.cost, cost: v.cost });
  }
  overdue.sort((a, b) => b.slope - a.slope);
  let week = 0;
  let room = model.room[0] ?? 0;
  for (const v of overdue) {
    let left = v.cost;
    while (left > 0) {
      if (week >= weeks) {
        bound += left * (v.base + v.slope * weeks);
        break;
      }
      const take = Math.min(left, room);
      bound += take * (v.base + v.slope * week);
      left -= take;
      room -= take;
      if (room <= 0) {
        week++;
        room = model.room[week] ?? 0;
      }
    }
  }
  return Math.floor(bound + 1e-6);
}
