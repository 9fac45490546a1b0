import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { itemIdOf } from '../../domain/due-item.ts';
import { evaluate } from '../../domain/evaluate.ts';
import { DEFAULT_POLICY } from '../../domain/policy.ts';
import { decodeInput } from '../../domain/sources/encoding.ts';
import { InputError, mergeInputs, parseDocument, parseHolders } from '../../domain/sources/index.ts';
import { parsePublicationDate } from '../../domain/sources/ratings-csv.ts';
import { CQC_FICTIONAL, CQC_LOCATIONS, RATINGS_CSV } from '../support/paths.ts';
import { canonicalRm3 } from '../support/records.ts';

const read = (file: string) => readFileSync(file, 'utf8');
const location = (id: string) => parseDocument(read(path.join(CQC_LOCATIONS, `${id}.json`)), `${id}.json`);

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

const RM317_SERVICES = [
  ["Medical care (including older people's care)", 'Requires improvement', '2022-12-22'],
  ['Services for children & young people', 'Requires improvement', '2018-03-01'],
  ['Critical care', 'Good', '2020-02-07'],
  ['End of life care', 'Outstanding', '2020-02-07'],
  ['Maternity', 'Requires improvement', '2022-12-22'],
  ['Outpatients and diagnostic imaging', 'Good', '2016-08-12'],
  ['Surgery', 'Requires improvement', '2022-12-22'],
  ['Urgent and emergency services', 'Requires improvement', '2022-12-22'],
];

describe('CQC API location JSON (real fixtures)', () => {
  it('RM317 gives its 8 core services under trust RM3, named from inspectionAreas, with their report dates', () => {
    const { trusts, skipped } = location('RM317');
    expect(skipped).toEqual([]);
    expect(trusts).toHaveLength(1);
    const [rm3] = trusts;
    expect(rm3).toMatchObject({
      trustId: 'RM3',
      region: 'North West',
      sector: 'acute',
      relationshipHolder: null,
    });
    expect(rm3!.coreServices.map((cs) => [cs.service, cs.rating, cs.reportPublishedOn])).toEqual(
      RM317_SERVICES,
    );
    expect(new Set(rm3!.coreServices.map((cs) => cs.locationId))).toEqual(new Set(['RM317']));
  });

  it('skips RW603 as deregistered, naming its successor', () => {
    const { trusts, skipped } = location('RW603');
    expect(trusts).toEqual([]);
    expect(skipped).toEqual([
      {
        source: 'RW603.json',
        reason: 'location RW603 is deregistered (2021-10-07); its ratings live on at its successor RM317',
      },
    ]);
  });

  it('skips RT2F3 (deregistered, inspected but not rated)', () => {
    expect(location('RT2F3').skipped[0]!.reason).toContain('RT2F3 is deregistered');
  });

  it('keeps a location with "No published rating" and no provider-level areas as an unrated location', () => {
    const doc = JSON.parse(read(path.join(CQC_LOCATIONS, 'RT203.json')));
    doc.providerInspectionAreas = [];
    expect(parseDocument(JSON.stringify(doc), 'RT203.json').unratedLocations).toEqual([
      {
        trustId: 'RT2',
        trustName: null,
        locationId: 'RT203',
        locationName: 'Oldham Mental Health Services',
        service: null,
        rating: 'No published rating',
      },
    ]);
  });

  it('lists a location as awaiting a report only where unpublishedReports says so', () => {
    const doc = JSON.parse(read(path.join(CQC_LOCATIONS, 'RM317.json')));
    // An inspection after the last report is not enough: CQC's own list of unpublished reports is.
    doc.lastInspection = { date: '2026-10-01' };
    expect(parseDocument(JSON.stringify(doc), 'x.json').awaitingReport).toEqual([]);
    doc.unpublishedReports = [{ firstVisitDate: '2026-10-01' }];
    expect(parseDocument(JSON.stringify(doc), 'x.json').awaitingReport).toEqual([
      {
        trustId: 'RM3',
        locationId: 'RM317',
        locationName: 'Royal Oldham Hospital',
        inspectedOn: '2026-10-01',
        lastReportPublishedOn: '2022-12-22',
      },
    ]);
  });

  it('names the JSON path and field of a bad date, and leaves out only the service with an unknown label', () => {
    const doc = JSON.parse(read(path.join(CQC_LOCATIONS, 'RM317.json')));
    doc.currentRatings.serviceRatings[2].rating = 'Excellent';
    doc.currentRatings.serviceRatings[4].reportDate = '22/12/2022';
    const err = errorOf(() => parseDocument(JSON.stringify(doc), 'RM317.json'));
    expect(err.message).toContain('RM317.json: currentRatings.serviceRatings[4]: reportDate:');
    // A label it does not know leaves that one service out, named; the other seven are read.
    doc.currentRatings.serviceRatings[4].reportDate = '2022-12-22';
    const parsed = parseDocument(JSON.stringify(doc), 'RM317.json');
    expect(parsed.trusts[0]!.coreServices).toHaveLength(7);
    expect(parsed.skipped).toEqual([
      {
        source: 'RM317.json',
        reason:
          'currentRatings.serviceRatings[2] (Critical care at Royal Oldham Hospital): unknown rating label "Excellent": left unrated, no due date',
      },
    ]);
  });
});

describe('ratings CSV (real fixture)', () => {
  it('finds the header below the banner and gives the same core services as the API JSON', () => {
    const csv = parseDocument(read(RATINGS_CSV), 'latest-ratings-oldham.csv');
    const json = location('RM317');
    const key = (t: typeof csv.trusts) =>
      t
        .flatMap((tr) =>
          tr.coreServices.map((cs) =>
            [tr.trustId, cs.locationId, cs.service, cs.rating, cs.reportPublishedOn].join('|'),
          ),
        )
        .sort();
    expect(key(csv.trusts)).toEqual(key(json.trusts));
    expect(csv.trusts[0]).toMatchObject({
      trustId: 'RM3',
      region: 'North West',
      sector: 'acute',
      name: null,
    });
  });

  const header =
    'Location ID,Location ODS Code,Location Name,Care Home?,Location Type,Location Primary Inspection Category,Location Street Address,Location Address Line 2,Location City,Location Post Code,Location Local Authority,Location Region,Location NHS Region,Location ONSPD CCG Code,Location ONSPD CCG,Location Commissioning CCG Code,Location Commissioning CCG Name,Service / Population Group,Domain,Latest Rating,Publication Date,Report Type,Inherited Rating (Y/N),URL,Provider ID,Provider Name,Brand ID,Brand Name';
  const row = (
    service: string,
    domain: string,
    rating: string,
    date: string,
    category = 'Acute hospital - NHS non-specialist',
  ) =>
    `RX101,RX101,Example General,N,${category.includes('NHS') ? 'NHS Healthcare Organisation' : 'Social Care Org'},${category},1 Road,,Town,AB1 2CD,Town,London,,,,,,${service},${domain},${rating},${date},CoreService,N,https://example.org,RX1,Example NHS Trust,-,-`;

  it('reads both date forms, takes only Overall rows, ignores non-NHS locations, accepts "Key Question"', () => {
    const text = [
      'Banner',
      header.replace(',Domain,', ',Key Question,'),
      row('Surgery', 'Overall', 'Good', '2024-01-15'),
      row('Surgery', 'Safe', 'Inadequate', '15/01/2024'),
      row('Maternity', 'Overall', 'requires improvement', '5/3/2023'),
      row('Overall', 'Overall', 'Good', '15/01/2024'),
      row('Care home', 'Overall', 'Good', '15/01/2024', 'Residential social care'),
    ].join('\n');
    const parsed = parseDocument(text, 'r.csv');
    expect(parsed.trusts).toHaveLength(1);
    expect(parsed.trusts[0]!.name).toBe('Example NHS Trust');
    expect(parsed.trusts[0]!.coreServices.map((c) => [c.service, c.rating, c.reportPublishedOn])).toEqual([
      ['Surgery', 'Good', '2024-01-15'],
      ['Maternity', 'Requires improvement', '2023-03-05'],
    ]);
    expect(parsed.skipped).toEqual([
      { source: 'r.csv', reason: '1 rows of locations that are not NHS trust services' },
    ]);
  });

  it('rejects a bad date naming file, row and column, and lists every bad row; leaves out only a row with an unknown label', () => {
    const text = [
      header,
      row('Surgery', 'Overall', 'Good', '2024/01/15'),
      row('Maternity', 'Overall', 'Good', '15/13/2024'),
    ].join('\n');
    const err = errorOf(() => parseDocument(text, 'r.csv'));
    expect(err.problems).toEqual([
      {
        source: 'r.csv',
        where: 'row 2',
        field: 'Publication Date',
        message: '"2024/01/15" is not a date written DD/MM/YYYY or YYYY-MM-DD',
      },
      {
        source: 'r.csv',
        where: 'row 3',
        field: 'Publication Date',
        message: '"15/13/2024" is not a date written DD/MM/YYYY or YYYY-MM-DD',
      },
    ]);
    const labels = parseDocument(
      [
        header,
        row('Surgery', 'Overall', 'Good', '2024-01-15'),
        row('Maternity', 'Overall', 'Great', '15/01/2024'),
      ].join('\n'),
      'r.csv',
    );
    expect(labels.trusts[0]!.coreServices.map((c) => c.service)).toEqual(['Surgery']);
    expect(labels.skipped).toEqual([
      {
        source: 'r.csv',
        reason: 'row 3: Maternity at RX101: unknown rating label "Great": left unrated, no due date',
      },
    ]);
  });

  it('names missing columns', () => {
    const err = errorOf(() => parseDocument('Location ID,Location Name\nRX1,A', 'r.csv'));
    expect(err.message).toMatch(
      /^r\.csv: row 1: missing column\(s\): Location Type, Location Primary Inspection Category, .*Domain$/,
    );
  });

  it.each([
    ['22/12/2022', '2022-12-22'],
    ['1/2/2020', '2020-02-01'],
    ['2022-12-22', '2022-12-22'],
    ['31/02/2022', null],
    ['2022/12/22', null],
    ['Dec 22 2022', null],
  ])('publication date %j is %j', (raw, iso) => {
    expect(parsePublicationDate(raw)).toBe(iso);
  });
});

describe('canonical JSON', () => {
  const valid = canonicalRm3({
    coreServices: [
      {
        locationId: 'RM317',
        locationName: 'Royal Oldham Hospital',
        service: 'Surgery',
        rating: 'Requires Improvement',
        reportPublishedOn: '2022-12-22',
      },
    ],
    providerInformationRequests: [
      { requestId: 'PIR-RM3-2026', issuedOn: '2026-06-01', planningMeetingOn: null },
    ],
  });

  it('parses the contract example, normalising rating variants', () => {
    const { trusts } = parseDocument(JSON.stringify(valid), 'trusts.json');
    expect(trusts[0]!.coreServices[0]!.rating).toBe('Requires improvement');
    expect(trusts[0]!.relationshipHolder).toEqual({ name: 'Sam Example', email: 'sam.example@example.org' });
  });

  it.each([
    [
      (d: any) => (d.trusts[0].coreServices[0].rating = 'Brilliant'),
      'trusts.json: trusts[0].coreServices[0]: rating: unknown rating "Brilliant"',
    ],
    [
      (d: any) => (d.trusts[0].coreServices[0].reportPublishedOn = '2023-02-29'),
      'trusts.json: trusts[0].coreServices[0]: reportPublishedOn: "2023-02-29" is not a calendar date',
    ],
    [
      (d: any) => delete d.trusts[0].coreServices[0].locationId,
      'trusts.json: trusts[0].coreServices[0]: locationId:',
    ],
    [
      (d: any) => (d.trusts[0].coreServices[0].reportPublishedOn = null),
      'trusts.json: trusts[0].coreServices[0]: reportPublishedOn: a rated core service needs',
    ],
    [(d: any) => (d.trusts[0].sector = 'hospital'), 'trusts.json: trusts[0]: sector:'],
    [
      (d: any) => (d.trusts[0].relationshipHolder.email = 'not-an-email'),
      'trusts.json: trusts[0].relationshipHolder: email: expected an email address',
    ],
    [
      (d: any) => d.trusts.push({ ...d.trusts[0] }),
      'trusts.json: trusts[1]: trustId: duplicate trustId "RM3" (first at trusts[0])',
    ],
    [(d: any) => (d.formatVersion = 2), 'trusts.json: formatVersion: formatVersion must be 1'],
    [
      (d: any) => d.trusts[0].coreServices.push({ ...d.trusts[0].coreServices[0], rating: 'Good' }),
      'trusts.json: trusts[0].coreServices[1]: service: duplicate core service "Surgery" at RM317 (first at coreServices[0])',
    ],
    [
      (d: any) => d.trusts[0].wellLedInspections.push({ ...d.trusts[0].wellLedInspections[0] }),
      'trusts.json: trusts[0].wellLedInspections[1]: inspectionId: duplicate inspectionId "WL-RM3-2026"',
    ],
  ])('rejects bad input, naming the file, path and field (%#)', (mutate, message) => {
    const doc = structuredClone(valid);
    mutate(doc);
    expect(errorOf(() => parseDocument(JSON.stringify(doc), 'trusts.json')).message).toContain(message);
  });

  it('rejects what is not JSON or not a records file', () => {
    expect(errorOf(() => parseDocument('{"formatVersion": 1,', 'a.json')).message).toMatch(
      /^a\.json: JSON: not valid JSON/,
    );
    expect(errorOf(() => parseDocument('{"hello": 1}', 'b.json')).message).toContain(
      'b.json: (top level): not a trust records file',
    );
    expect(errorOf(() => parseDocument('name,age\nx,1', 'c.csv')).message).toContain(
      'c.csv: (top level): not a trust records file',
    );
  });

  it('merges trusts from several inputs, keeping each core service once', () => {
    const a = parseDocument(JSON.stringify(valid), 'a.json');
    const merged = mergeInputs([a, a, location('RM317')]);
    expect(merged.trusts).toHaveLength(1);
    expect(merged.trusts[0]!.name).toBe('Northern Care Alliance NHS Foundation Trust');
    expect(merged.trusts[0]!.coreServices).toHaveLength(8); // Surgery appears in both: kept once
    expect(merged.trusts[0]!.wellLedInspections).toHaveLength(1); // the same inspection in a and a
  });
});

describe('holders CSV', () => {
  it('assigns holders by trust id', () => {
    const holders = parseHolders('trustId,name,email\nRM3,Sam Example,sam@example.org\n', 'h.csv');
    expect(holders.get('RM3')).toEqual({ name: 'Sam Example', email: 'sam@example.org' });
  });

  it('names the row and field of a bad or duplicated holder', () => {
    const err = errorOf(() =>
      parseHolders(
        'trustId,name,email\nRA1,Sam,sam-at-example\nRT2,,x@example.org\nRM3,A,a@example.org\nRM3,B,b@example.org\n',
        'h.csv',
      ),
    );
    expect(err.problems.map((p) => `${p.where} ${p.field}`)).toEqual([
      'row 2 email',
      'row 3 name',
      'row 5 trustId',
    ]);
  });
});

describe('validation at the edge (one set of limits for import, due and the nightly parse)', () => {
  const header =
    'Location ID,Location Name,Location Type,Location Primary Inspection Category,Location Region,Service / Population Group,Domain,Latest Rating,Publication Date,Provider ID,Provider Name';
  const row = (loc: string, service: string, rating: string, date: string, provider = 'RX1') =>
    `${loc},Example General,NHS Healthcare Organisation,Acute hospital - NHS non-specialist,London,${service},Overall,${rating},${date},${provider},Example NHS Trust`;
  const csv = (...rows: string[]) => [header, ...rows].join('\n');

  it('refuses ids holding "#" or spaces, naming file, row and column', () => {
    const err = errorOf(() =>
      parseDocument(
        csv(
          row('RX#1', 'Surgery', 'Good', '2024-01-15'),
          row('RX2', 'Surgery', 'Good', '2024-01-15', 'RX 1'),
        ),
        'r.csv',
      ),
    );
    expect(err.problems.map((p) => [p.where, p.field])).toEqual([
      ['row 2', 'Location ID'],
      ['row 3', 'Provider ID'],
    ]);
    expect(err.problems[0]!.message).toContain('may hold only letters, digits');
  });

  it('refuses years outside 2000–2099 (9999 would break the API cursor)', () => {
    const err = errorOf(() =>
      parseDocument(
        csv(row('RX1', 'Surgery', 'Good', '2024-01-15'), row('RX1', 'Maternity', 'Good', '31/12/9999')),
        'r.csv',
      ),
    );
    expect(err.problems).toEqual([
      {
        source: 'r.csv',
        where: 'row 3',
        field: 'Publication Date',
        message: '"9999-12-31" is outside the years 2000–2099',
      },
    ]);
  });

  it('keeps a row listed twice in the same words once; two different ratings for one service name both rows', () => {
    const same = parseDocument(
      csv(row('RX1', 'Surgery', 'Good', '2024-01-15'), row('RX1', 'Surgery', 'Good', '15/01/2024')),
      'r.csv',
    );
    expect(same.trusts[0]!.coreServices).toHaveLength(1);
    const err = errorOf(() =>
      parseDocument(
        csv(row('RX1', 'Surgery', 'Good', '2024-01-15'), row('RX1', 'Surgery', 'Inadequate', '2025-02-01')),
        'r.csv',
      ),
    );
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatchObject({ source: 'r.csv', where: 'row 3' });
    expect(err.problems[0]!.message).toBe(
      'Surgery at RX1 is rated Inadequate (published 2025-02-01) here but Good (published 2024-01-15) at row 2',
    );
  });

  it('two files disagreeing about one service are an error naming both files', () => {
    const doc = JSON.parse(read(path.join(CQC_LOCATIONS, 'RM317.json')));
    const changed = structuredClone(doc);
    const surgery = changed.currentRatings.serviceRatings.find((s: { name: string }) =>
      s.name.toLowerCase().startsWith('surg'),
    );
    surgery.rating = 'Inadequate';
    const err = errorOf(() =>
      mergeInputs([
        parseDocument(JSON.stringify(doc), 'a/RM317.json'),
        parseDocument(JSON.stringify(changed), 'b/RM317.json'),
      ]),
    );
    expect(err.problems).toHaveLength(1);
    expect(err.message).toContain('b/RM317.json: trust "RM3" location RM317: Surgery: rated Inadequate');
    expect(err.message).toContain('in a/RM317.json: which is right?');
  });

  it('holds canonical records to the same limits: ids, lengths, control characters', () => {
    const trust = {
      trustId: 'RM#3',
      name: 'N'.repeat(301),
      region: 'North\nWest',
      coreServices: [
        {
          locationId: 'L1',
          locationName: 'A',
          service: 'S'.repeat(151),
          rating: 'Good',
          reportPublishedOn: '1999-12-31',
        },
      ],
    };
    const err = errorOf(() => parseDocument(JSON.stringify({ formatVersion: 1, trusts: [trust] }), 't.json'));
    expect(err.problems.map((p) => `${p.where} ${p.field}: ${p.message}`)).toEqual([
      'trusts[0] trustId: may hold only letters, digits, ".", "-" and "_", starting with a letter or digit',
      'trusts[0] name: at most 300 characters',
      'trusts[0] region: must not hold control, format or invisible characters (tabs, line breaks, U+0085, U+2028, bidi overrides, zero-width spaces)',
      'trusts[0].coreServices[0] service: at most 150 characters',
      'trusts[0].coreServices[0] reportPublishedOn: "1999-12-31" is outside the years 2000–2099',
    ]);
  });

  it('refuses C1 controls and the Unicode line and paragraph separators in every text field; ordinary spaces pass', () => {
    const trust = {
      trustId: 'RM3',
      name: 'Royal\u2028Oldham',
      region: 'North\u0085West',
      relationshipHolder: { name: 'Ann\u2029Smith', email: 'ann@example.org' },
      coreServices: [
        {
          locationId: 'L1',
          locationName: 'A\u009bB',
          service: 'Maternity',
          rating: 'Good',
          reportPublishedOn: '2024-01-01',
        },
      ],
    };
    const err = errorOf(() => parseDocument(JSON.stringify({ formatVersion: 1, trusts: [trust] }), 't.json'));
    expect(err.problems.map((p) => `${p.where} ${p.field}`)).toEqual([
      'trusts[0] name',
      'trusts[0] region',
      'trusts[0].relationshipHolder name',
      'trusts[0].coreServices[0] locationName',
    ]);
    const fine = { ...trust, name: 'Royal Oldham', region: 'North West', relationshipHolder: null };
    fine.coreServices = [{ ...trust.coreServices[0]!, locationName: 'The Royal Oldham Hospital' }];
    expect(parseDocument(JSON.stringify({ formatVersion: 1, trusts: [fine] }), 't.json').trusts).toHaveLength(
      1,
    );
  });

  it('reads UTF-8 with or without a byte-order mark and Windows-1252; refuses UTF-16 and bytes neither allows', () => {
    const utf8 = new TextEncoder().encode('\uFEFFQueen’s Café');
    expect(decodeInput(utf8, 'a.csv')).toBe('Queen’s Café');
    const cp1252 = Uint8Array.from([
      ...Buffer.from('Queen', 'latin1'),
      0x92,
      ...Buffer.from('s Caf', 'latin1'),
      0xe9,
    ]);
    expect(decodeInput(cp1252, 'b.csv')).toBe('Queen’s Café');
    expect(errorOf(() => decodeInput(Uint8Array.from([0xff, 0xfe, 0x41, 0]), 'c.csv')).message).toBe(
      'c.csv: (file): is UTF-16: save it as UTF-8 (CSV UTF-8 in Excel) and try again',
    );
    expect(errorOf(() => decodeInput(Uint8Array.from([0x41, 0x81, 0xe9]), 'd.csv')).message).toBe(
      'd.csv: byte 1: is neither UTF-8 nor Windows-1252: save it as UTF-8 and try again',
    );
  });
});

describe('CQC provider documents: trusts rated at provider level', () => {
  const fictional = (name: string) => path.join(CQC_FICTIONAL, name);
  const provider = () => parseDocument(read(fictional('EXAMPLE-RZZ.json')), 'EXAMPLE-RZZ.json');

  it("makes a mental-health trust's provider-level service ratings its core services, names resolved", () => {
    const parsed = provider();
    expect(parsed.trusts).toHaveLength(1);
    const trust = parsed.trusts[0]!;
    expect(trust).toMatchObject({
      trustId: 'RZZ',
      name: 'Exampleshire Mental Health NHS Foundation Trust',
      sector: 'mental-health',
    });
    expect(trust.coreServices.map((c) => [c.locationId, c.service, c.rating, c.reportPublishedOn])).toEqual([
      [
        'RZZ',
        'Acute wards for adults of working age and psychiatric intensive care units',
        'Inadequate',
        '2025-03-14',
      ],
      ['RZZ', 'Mental health crisis services and health-based places of safety', 'Good', '2023-01-31'],
      [
        'RZZ',
        'Community-based mental health services for adults of working age',
        'Requires improvement',
        '2024-02-29',
      ],
      ['RZZ', 'Wards for older people with mental health problems', 'Outstanding', '2021-08-31'],
    ]);
    // Due like any other core service: 1, 3.5, 2 and 5 years from each report.
    const { items } = evaluate(parsed.trusts, '2026-11-23', DEFAULT_POLICY);
    expect(items.map((i) => [itemIdOf(i), i.dueBy, i.stage])).toEqual([
      [
        'reinspection#RZZ#RZZ#Acute wards for adults of working age and psychiatric intensive care units',
        '2026-03-14',
        'overdue',
      ],
      [
        'reinspection#RZZ#RZZ#Mental health crisis services and health-based places of safety',
        '2026-07-31',
        'overdue',
      ],
      [
        'reinspection#RZZ#RZZ#Community-based mental health services for adults of working age',
        '2026-02-28',
        'overdue',
      ],
      ['reinspection#RZZ#RZZ#Wards for older people with mental health problems', '2026-08-31', 'overdue'],
    ]);
  });

  it('isolates the one service with a label it does not know, naming label and source', () => {
    const { skipped } = provider();
    expect(skipped).toEqual([
      {
        source: 'EXAMPLE-RZZ.json',
        reason:
          'currentRatings.serviceRatings[4] (Specialist community mental health services for children and young people at Exampleshire Mental Health NHS Foundation Trust): unknown rating label "Insufficient evidence to rate": left unrated, no due date',
      },
    ]);
  });

  it('is awaiting a report only where unpublishedReports says so', () => {
    expect(provider().awaitingReport).toEqual([
      {
        trustId: 'RZZ',
        locationId: 'RZZ',
        locationName: 'Exampleshire Mental Health NHS Foundation Trust',
        inspectedOn: '2026-09-08',
        lastReportPublishedOn: expect.any(String),
      },
    ]);
    // RT203 (real): inspected 2017, no report since, and its areas rated at provider level:
    // neither unrated nor awaiting a report any more.
    const rt203 = location('RT203');
    expect(rt203.unratedLocations).toEqual([]);
    expect(rt203.awaitingReport).toEqual([]);
    expect(rt203.skipped[0]!.reason).toContain('rated at provider level: read /providers/RT2');
  });

  it('a location with no ratings of its own under a provider that has them is not unrated', () => {
    const merged = mergeInputs([
      parseDocument(read(fictional('EXAMPLE-RZZ01.json')), 'EXAMPLE-RZZ01.json'),
      provider(),
    ]);
    expect(merged.unratedLocations).toEqual([]);
    expect(merged.trusts[0]!.coreServices).toHaveLength(4);
  });

  it('a combined trust gets location-level and provider-level services, never the same service twice', () => {
    const doc = JSON.parse(read(fictional('EXAMPLE-RZZ.json')));
    doc.providerId = 'RM3';
    doc.currentRatings.serviceRatings.push({ name: 'surgery', rating: 'Good', reportDate: '2025-01-01' });
    doc.inspectionAreas.push({ inspectionAreaId: 'surgery', inspectionAreaName: 'Surgery' });
    const merged = mergeInputs([location('RM317'), parseDocument(JSON.stringify(doc), 'RM3.json')]);
    const services = merged.trusts[0]!.coreServices;
    expect(services.filter((c) => c.service === 'Surgery').map((c) => c.locationId)).toEqual(['RM317']);
    expect(services.filter((c) => c.locationId === 'RM3')).toHaveLength(4);
  });

  it('keeps only NHS trusts: by type in the API, by Location Type in the CSV (ambulance in, independent out)', () => {
    const doc = JSON.parse(read(fictional('EXAMPLE-RZZ.json')));
    const independent = parseDocument(
      JSON.stringify({ ...doc, type: 'Independent Healthcare Org' }),
      'x.json',
    );
    expect(independent.trusts).toEqual([]);
    expect(independent.skipped[0]!.reason).toBe(
      'provider RZZ is not an NHS trust (type "Independent Healthcare Org")',
    );

    const header =
      'Location ID,Location Name,Location Type,Location Primary Inspection Category,Location Region,Service / Population Group,Domain,Latest Rating,Publication Date,Provider ID,Provider Name';
    const csv = [
      header,
      'RX601,North West Ambulance HQ,NHS Healthcare Organisation,Ambulance service,North West,Emergency and urgent care,Overall,Good,2024-05-01,RX6,North West Ambulance Service NHS Trust',
      'IND01,Private Clinic,Independent Healthcare Org,Community health - NHS & Independent,London,Community health services for adults,Overall,Good,2024-05-01,IND,Private Clinic Ltd',
    ].join('\n');
    const parsed = parseDocument(csv, 'r.csv');
    expect(parsed.trusts.map((t) => [t.trustId, t.sector])).toEqual([['RX6', 'ambulance']]);
  });

  it('reads the Use of Resources assessment of a non-specialist acute trust, due a year after its report', () => {
    const doc = JSON.parse(read(fictional('EXAMPLE-RZZ.json')));
    doc.currentRatings.overall.useOfResources = { useOfResourcesRating: 'Good', reportDate: '2026-02-10' };
    const parsed = parseDocument(JSON.stringify(doc), 'RZZ.json');
    expect(parsed.trusts[0]!.useOfResources).toEqual([
      { assessmentId: 'UOR-2026-02-10', reportPublishedOn: '2026-02-10', rating: 'Good' },
    ]);
    const item = evaluate(parsed.trusts, '2026-11-23', DEFAULT_POLICY).items.find(
      (i) => i.kind === 'use-of-resources',
    );
    expect(item).toMatchObject({
      reference: 'UOR-2026-02-10',
      basisDate: '2026-02-10',
      dueBy: '2027-02-10',
      stage: 'scheduled',
    });
    // A trust without one (here, the mental-health trust as published) has no such item.
    expect(provider().trusts[0]!.useOfResources).toBeUndefined();
  });

  it('lists a trust rated only under the single assessment framework for a person to check', () => {
    const doc = JSON.parse(read(fictional('EXAMPLE-RZZ.json')));
    delete doc.currentRatings;
    doc.assessment = [
      { ratings: { asgRatings: [{ name: 'Mental health', rating: 'Good', assessmentDate: '2026-06-01' }] } },
    ];
    const parsed = parseDocument(JSON.stringify(doc), 'RZZ-saf.json');
    expect(parsed.trusts[0]!.coreServices).toEqual([]);
    expect(parsed.trusts[0]!.toCheck).toEqual({
      source: 'RZZ-saf.json',
      assessmentDate: '2026-06-01',
      reason: 'rated under the single assessment framework only: no due date is guessed',
    });
  });
});
