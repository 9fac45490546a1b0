import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { runCli } from '../support/cli.ts';
import { CQC_LOCATIONS, RATINGS_CSV, ROOT } from '../support/paths.ts';

describe('due command', () => {
  it('prints one JSON document with items, unrated, awaiting reports and skipped files', async () => {
    const { code, stdout, stderr } = await runCli([
      'due',
      '--input',
      CQC_LOCATIONS,
      '--as-of',
      '2026-11-23',
      '--format',
      'json',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(Object.keys(doc)).toEqual([
      'asOf',
      'items',
      'actedOn',
      'unrated',
      'awaitingReport',
      'toCheck',
      'skipped',
    ]);
    expect(doc.asOf).toBe('2026-11-23');
    // All 8 RM317 services are past their maximum interval on 2026-11-23.
    expect(doc.items).toHaveLength(8);
    expect(doc.items[0]).toMatchObject({
      kind: 'reinspection',
      trustId: 'RM3',
      trustName: null,
      locationId: 'RM317',
      locationName: 'Royal Oldham Hospital',
      service: 'Outpatients and diagnostic imaging',
      rating: 'Good',
      basisDate: '2016-08-12',
      dueBy: '2020-02-12',
      daysRemaining: -2476,
      stage: 'overdue',
      relationshipHolder: null,
      // Records read from files carry nothing people did: every item is open.
      itemId: 'reinspection#RM3#RM317#Outpatients and diagnostic imaging',
      status: 'open',
    });
    expect(doc.actedOn).toEqual({ booked: 0, deferred: 0, waived: 0 });
    const dues = doc.items.map((i: { dueBy: string }) => i.dueBy);
    expect(dues).toEqual([...dues].sort());
    // RT203's areas are rated at provider level: not unrated, and no report is awaited (CQC lists none).
    expect(doc.unrated).toEqual([]);
    expect(doc.awaitingReport).toEqual([]);
    expect(doc.toCheck).toEqual([]);
    expect(doc.skipped.map((s: { source: string }) => path.basename(s.source)).sort()).toEqual([
      'RT203.json',
      'RT2F3.json',
      'RW603.json',
    ]);
  });

  it('as of an earlier date, keeps only alert stages by default; --all adds scheduled items; --within narrows', async () => {
    const json = async (...extra: string[]) =>
      JSON.parse((await runCli(['due', '--input', CQC_LOCATIONS, '--format', 'json', ...extra])).stdout);
    // On 2024-11-01: the four RI services of 2022-12-22 are due 2024-12-22 (51 days: due-soon).
    const alerts = await json('--as-of', '2024-11-01');
    expect(alerts.items.map((i: { stage: string }) => i.stage)).toEqual([
      'overdue',
      'overdue',
      'overdue',
      'due-soon',
      'due-soon',
      'due-soon',
      'due-soon',
    ]);
    expect((await json('--as-of', '2024-11-01', '--all')).items).toHaveLength(8);
    expect((await json('--as-of', '2024-11-01', '--within', '30')).items).toHaveLength(3);
    expect((await json('--as-of', '2024-11-01', '--within', '51')).items).toHaveLength(7);
  });

  it('assigns relationship holders from --holders', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'holders-'));
    const holders = path.join(dir, 'holders.csv');
    writeFileSync(holders, 'trustId,name,email\nRM3,Sam Example,sam.example@example.org\n');
    const doc = JSON.parse(
      (
        await runCli([
          'due',
          '--input',
          RATINGS_CSV,
          '--as-of',
          '2026-11-23',
          '--format',
          'json',
          '--holders',
          holders,
        ])
      ).stdout,
    );
    expect(
      doc.items.every(
        (i: { relationshipHolder: unknown }) =>
          JSON.stringify(i.relationshipHolder) === '{"name":"Sam Example","email":"sam.example@example.org"}',
      ),
    ).toBe(true);
  });

  it('prints CSV with a header row and the same rows as JSON', async () => {
    const args = ['due', '--input', RATINGS_CSV, '--as-of', '2026-11-23'];
    const csv: Record<string, string>[] = parse((await runCli([...args, '--format', 'csv'])).stdout, {
      columns: true,
    });
    const json = JSON.parse((await runCli([...args, '--format', 'json'])).stdout);
    expect(csv).toHaveLength(json.items.length);
    expect(csv.map((r: Record<string, string>) => [r.dueBy, r.service, r.daysRemaining, r.stage])).toEqual(
      json.items.map((i: Record<string, unknown>) => [i.dueBy, i.service, String(i.daysRemaining), i.stage]),
    );
  });

  it('prints an aligned table for people', async () => {
    const { stdout } = await runCli([
      'due',
      '--input',
      CQC_LOCATIONS,
      '--as-of',
      '2026-11-23',
      '--format',
      'table',
    ]);
    const lines = stdout.split('\n');
    // In the pages' words: dates in words, the status as its tag reads, the stage and kind labelled.
    expect(lines[0]).toBe('Due work as of 23 November 2026: 8 items');
    expect(lines[2]).toMatch(
      /^Due by\s+Days\s+Status\s+Stage\s+Kind\s+Trust\s+Location\s+Service\s+Rating\s+Holder$/,
    );
    const stageAt = lines[2]!.indexOf('Stage');
    expect(lines.slice(4, 12).every((l) => l.slice(stageAt).startsWith('Overdue'))).toBe(true);
    expect(lines[4]).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4}\s+-\d+\s+Open\s+Overdue\s+Re-inspection\s/);
    expect(stdout).toContain('RM317 Royal Oldham Hospital');
    expect(stdout).toContain('Skipped:');
  });

  it('a folder with one bad file still evaluates the good ones and lists the bad one; --strict fails', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mixed-'));
    copyFileSync(path.join(CQC_LOCATIONS, 'RM317.json'), path.join(dir, 'RM317.json'));
    writeFileSync(path.join(dir, 'broken.json'), '{"formatVersion": 1, "trusts": [{"trustId": "X"');
    const ok = await runCli(['due', '--input', dir, '--as-of', '2026-11-23', '--format', 'json']);
    expect(ok.code).toBe(0);
    const doc = JSON.parse(ok.stdout);
    expect(doc.items).toHaveLength(8);
    expect(doc.skipped).toHaveLength(1);
    expect(doc.skipped[0].source).toMatch(/broken\.json$/);
    expect(doc.skipped[0].reason).toMatch(/broken\.json: JSON: not valid JSON/);

    const strict = await runCli(['due', '--input', dir, '--as-of', '2026-11-23', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toMatch(/broken\.json: JSON: not valid JSON/);
  });

  it('fails on a bad single file, naming file, row and field, and prints nothing on stdout', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bad-'));
    const file = path.join(dir, 'ratings.csv');
    writeFileSync(
      file,
      '\uFEFFBanner\n' +
        (await import('node:fs'))
          .readFileSync(RATINGS_CSV, 'utf8')
          .split('\n')
          .slice(2, 5)
          .join('\n')
          .replace('22/12/2022', '2022.12.22'),
    );
    const { code, stdout, stderr } = await runCli(['due', '--input', file]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('ratings.csv: row 4: Publication Date: "2022.12.22" is not a date');
  });

  it.each([
    [['due', '--input', 'x', '--table', 't'], '--input and --table cannot be used together'],
    [['due', '--input', 'x', '--as-of', '2026-02-30'], '--as-of: "2026-02-30" is not a date'],
    [['due', '--input', 'x', '--format', 'xml'], '--format: "xml" is not one of json, csv, table'],
    [['due', '--input', 'x', '--within', '-3'], '--within'],
    [['due', '--input', 'x', '--within', '3', '--all'], 'cannot be used together'],
    [['due', '--input', 'x', '--colour'], "Unknown option '--colour'"],
    [['frobnicate'], 'unknown command "frobnicate"'],
  ])('usage errors exit 2 with a message (%j)', async (argv, message) => {
    const { code, stderr } = await runCli(argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('reports a missing input path', async () => {
    const { code, stderr } = await runCli(['due', '--input', 'no/such/place.json']);
    expect(code).toBe(1);
    expect(stderr).toContain('no/such/place.json: (file): no such file or folder');
  });

  it('defaults as-of to today in Europe/London', async () => {
    const late = await runCli(
      ['due', '--input', CQC_LOCATIONS, '--format', 'json'],
      new Date('2026-07-14T23:30:00Z'),
    );
    expect(JSON.parse(late.stdout).asOf).toBe('2026-07-15');
  });

  it('runs as a real process through the trust-scheduler bin (exit code and streams)', async () => {
    const run = promisify(execFile);
    const bin = path.join(ROOT, 'bin/trust-scheduler.js');
    const [ok, bad] = await Promise.allSettled([
      run(
        process.execPath,
        [bin, 'due', '--input', CQC_LOCATIONS, '--as-of', '2026-11-23', '--format', 'json'],
        {
          cwd: ROOT,
        },
      ),
      run(process.execPath, [bin, 'due', '--input', 'nowhere'], { cwd: ROOT }),
    ]);
    expect(ok.status === 'fulfilled' && JSON.parse(ok.value.stdout).items).toHaveLength(8);
    expect(bad).toMatchObject({ status: 'rejected', reason: { code: 1 } });
  });
});

describe('help', () => {
  const commands = ['due', 'import', 'nightly', 'scan', 'start'];

  it.each(commands)('%s --help lists every option the command accepts', async (command) => {
    const file = command === 'nightly' ? 'scan' : command;
    const source = readFileSync(path.join(ROOT, 'cli', `${file}.ts`), 'utf8');
    const options = source.slice(source.indexOf('options: {'), source.indexOf('strict: true'));
    const names = [...options.matchAll(/'?([a-z][a-z-]*)'?: \{ type:/g)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(0);
    const out: string[] = [];
    const code = await main([command, '--help'], {
      stdout: (t) => out.push(t),
      stderr: (t) => out.push(t),
      now: () => new Date(),
    });
    expect(code).toBe(0);
    for (const name of names) expect(out.join('\n'), `--${name}`).toContain(`--${name}`);
  });

  it('the overview lists the commands and the exit codes', async () => {
    const out: string[] = [];
    expect(
      await main(['--help'], {
        stdout: (t) => out.push(t),
        stderr: (t) => out.push(t),
        now: () => new Date(),
      }),
    ).toBe(0);
    for (const command of commands) expect(out.join('\n')).toContain(command);
    expect(out.join('\n')).toContain('3 a service could not be reached');
  });
});
