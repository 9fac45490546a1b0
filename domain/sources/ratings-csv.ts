import { parse } from 'csv-parse/sync';
import { formatCivil, type IsoDate, isIsoDate } from '../calendar.ts';
import { parseRating } from '../ratings.ts';
import { type CoreService, recordDate, recordId, type TrustRecord } from '../records.ts';
import { NHS_TYPE, sectorOfCategory, unratedLocation } from './cqc-api.ts';
import { InputError, type Problem } from './errors.ts';
import { emptyInput, type ParsedInput } from './types.ts';

/**
 * CQC's monthly "Latest ratings" sheet saved as CSV: long format, one row per
 * (service / population group, domain). The header may sit below banner rows.
 */

const REQUIRED = [
  'Location ID',
  'Location Name',
  'Location Type',
  'Location Primary Inspection Category',
  'Service / Population Group',
  'Latest Rating',
  'Publication Date',
  'Provider ID',
] as const;

const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** `DD/MM/YYYY` or `YYYY-MM-DD` to an ISO date; null for anything else or an impossible date. */
export function parsePublicationDate(raw: string): IsoDate | null {
  const value = raw.trim();
  if (isIsoDate(value)) return value;
  const m = DMY.exec(value);
  if (!m) return null;
  const iso = formatCivil(Number(m[3]), Number(m[2]), Number(m[1]));
  return isIsoDate(iso) ? iso : null;
}

function blankToNull(value: string | undefined): string | null {
  const v = value?.trim() ?? '';
  return v === '' || v === '-' ? null : v;
}

export function looksLikeRatingsCsv(text: string): boolean {
  return /(^|\n)\uFEFF?"?Location ID"?,/.test(text.slice(0, 64 * 1024));
}

export function parseRatingsCsv(text: string, source: string): ParsedInput {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    // Sheets mix line endings (a banner line ending LF above CRLF rows): normalise, so row numbers are true.
    rows = parse(text.replace(/\r\n?/g, '\n'), {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as never;
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw InputError.one(source, line ? `line ${line}` : 'CSV', null, (err as Error).message);
  }

  const headerAt = rows.findIndex((r) => r.record[0]?.trim() === 'Location ID');
  if (headerAt < 0)
    throw InputError.one(source, 'header', null, 'no header row starting "Location ID" found');
  const header = rows[headerAt]!.record.map((h) => h.trim());
  const col = new Map(header.map((h, i) => [h, i]));
  const missing = REQUIRED.filter((name) => !col.has(name));
  // Older sheets say "Key Question" where newer ones say "Domain".
  const domainCol = col.get('Domain') ?? col.get('Key Question');
  if (domainCol === undefined) missing.push('Domain' as never);
  if (missing.length > 0) {
    throw InputError.one(
      source,
      `row ${rows[headerAt]!.info.lines}`,
      null,
      `missing column(s): ${missing.join(', ')}`,
    );
  }
  const get = (record: string[], name: string): string => record[col.get(name)!] ?? '';

  const out = emptyInput();
  const problems: Problem[] = [];
  const trusts = new Map<string, TrustRecord>();
  const locations = new Map<
    string,
    { trustId: string; name: string; services: number; overall: string | null }
  >();
  let nonNhsRows = 0;
  const firstRows = new Map<string, { cs: CoreService; where: string }>();

  for (let i = headerAt + 1; i < rows.length; i++) {
    const { record, info } = rows[i]!;
    const where = `row ${info.lines}`;
    // NHS trusts' locations, by type: an independent "Community health - NHS & Independent"
    // location is not one, and an ambulance trust's is, whatever the category says.
    if (get(record, 'Location Type').trim() !== NHS_TYPE) {
      nonNhsRows++;
      continue;
    }
    const locationId = get(record, 'Location ID').trim();
    const providerId = get(record, 'Provider ID').trim();
    const badIds = (
      [
        ['Location ID', locationId],
        ['Provider ID', providerId],
      ] as const
    ).flatMap(([field, value]) => {
      const checked = recordId.safeParse(value);
      return checked.success ? [] : [{ source, where, field, message: checked.error.issues[0]!.message }];
    });
    if (badIds.length > 0) {
      problems.push(...badIds);
      continue;
    }

    const domain = (record[domainCol!] ?? '').trim();
    if (domain !== 'Overall') continue; // key-question ratings of a service, not the service's own
    const service = get(record, 'Service / Population Group').trim();
    const rawRating = get(record, 'Latest Rating');
    const rating = parseRating(rawRating);
    if (!rating) {
      // One label the scheduler does not know leaves that one service unrated, named; the rest is read.
      out.skipped.push({
        source,
        reason: `${where}: ${service || 'Overall'} at ${locationId}: unknown rating label ${JSON.stringify(rawRating)}: left unrated, no due date`,
      });
      continue;
    }
    const rawDate = get(record, 'Publication Date');
    const date = parsePublicationDate(rawDate);
    const dateInRange = date === null ? null : recordDate.safeParse(date);
    if (dateInRange && !dateInRange.success) {
      problems.push({
        source,
        where,
        field: 'Publication Date',
        message: dateInRange.error.issues[0]!.message,
      });
      continue;
    }
    if (date === null && (rating.rated || rawDate.trim() !== '')) {
      problems.push({
        source,
        where,
        field: 'Publication Date',
        message: `${JSON.stringify(rawDate)} is not a date written DD/MM/YYYY or YYYY-MM-DD`,
      });
      continue;
    }

    const locationName = get(record, 'Location Name').trim() || locationId;
    let loc = locations.get(locationId);
    if (!loc) {
      loc = { trustId: providerId, name: locationName, services: 0, overall: null };
      locations.set(locationId, loc);
    }
    let trust = trusts.get(providerId);
    if (!trust) {
      trust = {
        trustId: providerId,
        name: blankToNull(get(record, 'Provider Name')),
        sector: sectorOfCategory(get(record, 'Location Primary Inspection Category')),
        region: blankToNull(get(record, 'Location Region')),
        relationshipHolder: null,
        coreServices: [],
        wellLedInspections: [],
        providerInformationRequests: [],
      };
      trusts.set(providerId, trust);
    }

    // "Overall" as the service is the location's own rating, not a core service.
    if (service === 'Overall' || service === '') {
      loc.overall = rawRating;
      continue;
    }
    const cs: CoreService = {
      locationId,
      locationName,
      service,
      rating: rating.rated ? rating.rating : rating.label,
      reportPublishedOn: date,
    };
    // A service listed twice: the same words are one service; different ones cannot both be right.
    const key = `${locationId}\u0000${service}`;
    const first = firstRows.get(key);
    if (first) {
      if (first.cs.rating !== cs.rating || first.cs.reportPublishedOn !== cs.reportPublishedOn)
        problems.push({
          source,
          where,
          field: 'Latest Rating',
          message: `${service} at ${locationId} is rated ${cs.rating} (published ${cs.reportPublishedOn ?? 'never'}) here but ${first.cs.rating} (published ${first.cs.reportPublishedOn ?? 'never'}) at ${first.where}`,
        });
      continue;
    }
    firstRows.set(key, { cs, where });
    trust.coreServices.push(cs);
    loc.services++;
  }
  if (problems.length > 0) throw new InputError(problems);

  for (const [locationId, loc] of locations) {
    if (loc.services > 0) continue;
    const overall = parseRating(loc.overall ?? 'No published rating');
    if (overall && !overall.rated) {
      out.unratedLocations.push(unratedLocation(loc.trustId, locationId, loc.name, overall.label));
    } else out.skipped.push({ source, reason: `location ${locationId} has no core-service ratings` });
  }
  if (nonNhsRows > 0) {
    out.skipped.push({ source, reason: `${nonNhsRows} rows of locations that are not NHS trust services` });
  }
  out.trusts = [...trusts.values()];
  return out;
}
