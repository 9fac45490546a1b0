import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { startStack } from '../../local/stack.ts';
import { runCli } from '../support/cli.ts';
import { ROOT } from '../support/paths.ts';
import { freePort } from '../support/ports.ts';
import { sharedUserPool, tokenFor } from '../support/stack.ts';

/** `npm start` as a user runs it: a real process, its output, the SES web page, Ctrl-C, a restart. */
async function startProcess(env: Record<string, string>, args: string[]) {
  const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['cli/main.ts', 'start', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 45_000;
  while (!out.includes('Serving.') && Date.now() < deadline && child.exitCode === null)
    await new Promise((r) => setTimeout(r, 100));
  return { child, exited, output: () => out, errors: () => err };
}

describe('npm start', () => {
  it('starts the stack, loads demo data, runs the first night, shows the emails, and keeps the data across a restart', async () => {
    const env = {
      DYNAMODB_PORT: String(await freePort()),
      SES_PORT: String(await freePort()),
      API_PORT: String(await freePort()),
      CQC_API_PORT: String(await freePort()),
      COGNITO_PORT: String(await freePort()),
      LOCAL_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'start-')),
    };
    const first = await startProcess(env, ['--as-of', '2026-11-23']);
    expect(first.errors()).toBe('');
    const out = first.output();
    expect(out).toContain('Loaded demo data: 3 fictional trusts');
    // Every trust comes through the sync from the stand-in: the demo's, DEMO6 (served by the
    // stand-in alone, rated only under the single assessment framework) and the real Oldham ones
    // (RW6 is deregistered).
    expect(out).toContain(`CQC API stand-in http://127.0.0.1:${env.CQC_API_PORT}/public/v1`);
    expect(out).toContain(
      'Synced (full): 7 providers, 14 documents, 11 records created, 0 updated, 0 retired, 0 problems',
    );
    expect(out).toContain('Nightly run manual:2026-11-23 (as of 2026-11-23): succeeded');
    expect(out).toContain('digests published 3 (17 items, 1 to check)');
    const sesUrl = `http://127.0.0.1:${env.SES_PORT}`;
    expect(out).toContain(`Emails sent (SES local web page):  ${sesUrl}/   (3 so far`);

    const page = await fetch(`${sesUrl}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const store = (await (await fetch(`${sesUrl}/store`)).json()) as {
      emails: { destination: { to: string[] }; subject: string }[];
    };
    expect(store.emails.map((e) => e.destination.to[0]).sort()).toEqual([
      'inspection-planning@example.org',
      'priya.shah@example.org',
      'tom.okafor@example.org',
    ]);
    expect(store.emails.find((e) => e.destination.to[0] === 'priya.shah@example.org')!.subject).toBe(
      '1 overdue, 1 urgent, 2 due soon — Riverside Teaching Hospitals',
    );
    // DEMO6 reaches the fallback recipient as a trust to check by hand, with no guessed due date.
    const fallback = store.emails.find((e) => e.destination.to[0] === 'inspection-planning@example.org')!;
    expect(fallback.subject).toContain('1 to check');

    // The planner API serves the same data.
    const apiUrl = `http://127.0.0.1:${env.API_PORT}`;
    expect(out).toContain(`Planner API:                       ${apiUrl}/due-work`);
    expect(out).toContain(`Web pages (sign in):               ${apiUrl}/   (as any user below)`);
    expect((await fetch(`${apiUrl}/due-work?asOf=2026-11-23`)).status).toBe(401);

    // The people who can sign in, and a token for one of them from the CLI.
    expect(out).toContain(
      `User pool (cognito-local):         http://127.0.0.1:${env.COGNITO_PORT}  (password Local-Password-1`,
    );
    for (const line of [
      'planner@example.org',
      'admin@example.org',
      'priya.shah@example.org',
      'tom.okafor@example.org',
    ])
      expect(out).toMatch(new RegExp(`^    ${line.replace('.', '\\.')} +(planner|admin|holder)$`, 'm'));
    // Every command it prints for a second terminal carries the ports it was given, and no
    // address of the default ports: followed as printed, nothing talks to another stack.
    const printed = out.slice(out.indexOf('A token for curl:'));
    const commands = printed.split('\n').filter((l) => /npx trust-scheduler|npm run cli/.test(l));
    expect(commands.length).toBeGreaterThanOrEqual(6);
    for (const line of commands)
      for (const name of ['DYNAMODB_PORT', 'SES_PORT', 'API_PORT', 'CQC_API_PORT', 'COGNITO_PORT'])
        expect(line, line).toContain(`${name}=${env[name as keyof typeof env]}`);
    expect(out).not.toMatch(/127\.0\.0\.1:(3000|8000|8005|8010|9229)\b/);
    const tokenLine = /A token for curl: +((?:[A-Z_]+=\S+ )+)npx trust-scheduler token/.exec(out)![1]!;
    const given = Object.fromEntries(
      tokenLine
        .trim()
        .split(' ')
        .map((kv) => kv.split('=') as [string, string]),
    );
    const saved = { ...process.env };
    Object.assign(process.env, given);
    try {
      const token = await runCli(['token', '--user', 'priya.shah@example.org']);
      expect(token.code, token.stderr).toBe(0);
      const claims = JSON.parse(Buffer.from(token.stdout.split('.')[1]!, 'base64url').toString());
      expect(claims).toMatchObject({ username: 'priya.shah@example.org', 'cognito:groups': ['holders'] });
      // The planner API serves the same data to a signed-in planner.
      const planner = (await runCli(['token', '--user', 'planner@example.org'])).stdout.trim();
      const signedIn = { headers: { authorization: `Bearer ${planner}` } };
      const due = (await (await fetch(`${apiUrl}/due-work?asOf=2026-11-23`, signedIn)).json()) as {
        items: { trustId: string }[];
      };
      expect(due.items.length).toBeGreaterThan(10);
      expect(new Set(due.items.map((i) => i.trustId))).toEqual(new Set(['DEMO1', 'DEMO2', 'DEMO3', 'RM3']));
      const toCheck = (await (await fetch(`${apiUrl}/to-check`, signedIn)).json()) as {
        toCheck: { trustId: string }[];
      };
      expect(toCheck.toCheck.map((c) => c.trustId)).toEqual(['DEMO6']);

      const wrong = await runCli(['token', '--user', 'priya.shah@example.org', '--password', 'not-it']);
      expect(wrong).toMatchObject({ code: 1, stdout: '' });
      expect(wrong.stderr).toBe('error: priya.shah@example.org could not sign in: wrong user or password');
      const users = await runCli(['users', 'list']);
      expect(users.stdout).toContain('planner@example.org  planner  CONFIRMED');
      // A pool that is not this stack's (the suite's shared one) gives tokens this API refuses:
      // token says so, naming the variables, rather than print one.
      await tokenFor(await sharedUserPool(), 'planner@example.org'); // there, with the local password
      process.env.COGNITO_PORT = new URL(inject('userPoolEndpoint')).port;
      const foreign = await runCli(['token', '--user', 'planner@example.org']);
      expect(foreign).toMatchObject({ code: 3, stdout: '' });
      expect(foreign.stderr).toContain(`does not take tokens from the user pool at`);
      expect(foreign.stderr).toContain('COGNITO_PORT and API_PORT');
      process.env.COGNITO_PORT = env.COGNITO_PORT;
      process.env.API_PORT = String(await freePort());
      const noApi = await runCli(['token', '--user', 'planner@example.org']);
      expect(noApi.stderr).toContain(
        `nothing answers at http://127.0.0.1:${process.env.API_PORT} (API_PORT)`,
      );
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }

    // A second stack on the same data folder is refused, naming the folder and the variable.
    const clash = await startStack({ dataDir: env.LOCAL_DATA_DIR }).then(
      (s) => s.close().then(() => null),
      (err: Error) => err.message,
    );
    expect(clash).toContain(`the data folder ${env.LOCAL_DATA_DIR} is in use by another local stack`);
    expect(clash).toContain('set LOCAL_DATA_DIR to another folder');

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('Stopped.');

    // Restarted on the same data: no demo load, and the same night sends nothing twice.
    const second = await startProcess(env, ['--as-of', '2026-11-23', '--once']);
    expect(await second.exited).toBe(0);
    expect(second.output()).not.toContain('Loaded demo data');
    expect(second.output()).toContain('digests published 0');
    // --once lists no address it has stopped serving.
    expect(second.output()).not.toContain('Where to look');
    expect(second.output()).toContain('Stopped (--once)');

    // --reset starts the demo afresh: the data folder and its user pool go, the demo loads again.
    const fresh = await startProcess(env, ['--as-of', '2026-11-23', '--once', '--reset']);
    expect(await fresh.exited).toBe(0);
    expect(fresh.output()).toContain('Reset: deleted');
    expect(fresh.output()).toContain('Loaded demo data: 3 fictional trusts');
    expect(fresh.output()).toContain('digests published 3');
  });

  it('says which port is busy and how to choose another', async () => {
    const busy = await freePort();
    const blocker = (await import('node:net')).createServer().listen(busy, '127.0.0.1');
    try {
      const run = await startProcess(
        {
          DYNAMODB_PORT: String(busy),
          SES_PORT: String(await freePort()),
          API_PORT: String(await freePort()),
          COGNITO_PORT: String(await freePort()),
          LOCAL_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'start-')),
        },
        ['--once'],
      );
      expect(await run.exited).not.toBe(0);
      expect(run.errors().trim()).toBe(
        `error: DynamoDB (dynalite): port ${busy} is in use. Stop whatever uses it, or set DYNAMODB_PORT to another port.`,
      );
    } finally {
      blocker.close();
    }
  });
});
