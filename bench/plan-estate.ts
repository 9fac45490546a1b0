import { addDays, addMonths, type IsoDate } from '../domain/calendar.ts';
import { OPEN_FIELDS } from '../domain/item-state.ts';
import type { PlanItem } from '../domain/planning/work.ts';

/**
 * The sync benchmark's national picture as the plan reads it: ~220 NHS trusts in seven regions,
 * ~3,300 locations, acute trusts' core services rated per location, the others' at provider
 * level; each trust's well-led inspection and its last provider information request. Report
 * dates spread over the last five years, so some work is overdue, most falls due in the year.
 * `scale` multiplies the trusts (10: ~2,200 trusts, ~33,000 locations).
 */
const ESTATE = [
  ['acute', 120, 14, 4, false],
  ['specialist', 20, 6, 2, false],
  ['mental-health', 50, 22, 1, true],
  ['community', 20, 16, 1, true],
  ['ambulance', 10, 9, 1, true],
] as const;
const MONTHS = { Outstanding: 60, Good: 42, 'Requires improvement': 24, Inadequate: 12 } as const;
const RATINGS = ['Good', 'Requires improvement', 'Good', 'Outstanding', 'Inadequate', 'Good'] as const;
const REGIONS = [
  'London',
  'South East',
  'South West',
  'Midlands',
  'East of England',
  'North East and Yorkshire',
  'North West',
];
const OPEN = { trustName: null, locationName: null, service: null, ...OPEN_FIELDS };

export function nationalPicture(
  asOf: IsoDate,
  scale = 1,
): { items: PlanItem[]; trusts: number; locations: number } {
  const items: PlanItem[] = [];
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  let trusts = 0;
  let locations = 0;
  for (let copy = 0; copy < scale; copy++)
    for (const [sector, count, perTrust, rated, providerLevel] of ESTATE)
      for (let t = 0; t < count; t++) {
        const trustId = `R${sector.slice(0, 2).toUpperCase()}${copy}x${t}`;
        const region = REGIONS[trusts % REGIONS.length]!;
        trusts++;
        locations += perTrust;
        for (let l = 0; l < rated; l++) {
          const locationId = providerLevel ? null : `${trustId}L${l}`;
          for (let s = 0; s < 8; s++) {
            const rating = RATINGS[next() % RATINGS.length]!;
            const published = addDays(asOf, -(next() % 1800));
            const dueBy = addMonths(published, MONTHS[rating]);
            items.push({
              ...OPEN,
              itemId: `reinspection#${trustId}#${locationId}#S${s}`,
              kind: 'reinspection',
              trustId,
              region,
              locationId,
              reference: null,
              dueBy,
            });
          }
        }
        const wellLed = addDays(asOf, -(next() % 700));
        items.push({
          ...OPEN,
          itemId: `well-led#${trustId}`,
          kind: 'well-led',
          trustId,
          region,
          locationId: null,
          reference: null,
          dueBy: addMonths(wellLed, 12),
        });
        if (next() % 3 === 0) {
          const pir = addDays(asOf, -(next() % 150));
          const reference = `PIR-${trustId}`;
          items.push({
            ...OPEN,
            itemId: `planning-meeting#${trustId}#${reference}`,
            kind: 'planning-meeting',
            trustId,
            region,
            locationId: null,
            reference,
            dueBy: addDays(pir, 63),
          });
          items.push({
            ...OPEN,
            itemId: `pir-inspections#${trustId}#${reference}`,
            kind: 'pir-inspections',
            trustId,
            region,
            locationId: null,
            reference,
            dueBy: addMonths(pir, 6),
          });
        }
      }
  return { items, trusts, locations };
}
