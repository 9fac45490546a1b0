import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { foldLines } from 'ical-generator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun } from '../../cli/scan.ts';
import { LOCAL_PASSWORD } from '../../local/cognito.ts';
import { type Started, startLocal } from '../../local/start.ts';
import { runCli } from '../support/cli.ts';
import { ROOT } from '../support/paths.ts';
import {
  type ReadmeExample,
  readmeExamples,
  rewriteExample,
  shellWords,
  withoutKeys,
} from '../support/readme-examples.ts';

/**
 * Every example the README and docs/ mark is run and its output compared with what they quote:
 * CLI commands in-process, curl against the embedded stack with the demo data of 2026-11-23
 * (what `npm start -- --as-of 2026-11-23` loads on a fresh data folder).
 */
const AS_OF = '2026-11-23';
const examples = readmeExamples();
let started: Started;
let apiUrl: string;

beforeAll(async () => {
  started = await startLocal({
    asOf: AS_OF,
    dataDir: mkdtempSync(path.join(tmpdir(), 'readme-')),
    dynamoPort: 0,
    sesPort: 0,
    apiPort: 0,
    cqcApiPort: 0,
    tableName: 'trust-scheduler',
    print: () => {},
  });
  apiUrl = started.stack.api!.url;
});
afterAll(async () => {
  await started?.userPool.close();
  await started?.cqcApi.close();
  await started?.stack.close();
});

/** `$TOKEN` (the planner's, as docs/API.md sets it) or `$(npx trust-scheduler token --user X)`. */
const TOKEN = /\$TOKEN\b|\$\(npx trust-scheduler token --user (\S+)\)/;
async function withToken(value: string): Promise<string> {
  const m = TOKEN.exec(value);
  if (!m) return value;
  const email = m[1] ?? 'planner@example.org';
  return value.replace(
    m[0],
    await started.userPool.pool.accessToken(started.userPool.clientId, email, LOCAL_PASSWORD),
  );
}

async function run(example: ReadmeExample): Promise<string> {
  const words = shellWords(example.command);
  if (words[0] === 'npx' && words[1] === 'trust-scheduler') {
    const cwd = process.cwd();
    process.chdir(ROOT);
    try {
      const result = await runCli(words.slice(2));
      expect(result.code, result.stderr).toBe(0);
      return result.stdout;
    } finally {
      process.chdir(cwd);
    }
  }
  if (words[0] === 'curl') {
    const method = words.includes('-X') ? words[words.indexOf('-X') + 1]! : 'GET';
    const url = words.find((w) => w.startsWith('http://127.0.0.1:3000'))!;
    const headers: Record<string, string> = {};
    for (const [i, word] of words.entries()) {
      if (words[i - 1] !== '-H') continue;
      const [name, value] = word.split(/:\s*/, 2) as [string, string];
      headers[name] = await withToken(value);
    }
    const res = await fetch(url.replace('http://127.0.0.1:3000', apiUrl), { method, headers });
    // The pages' address as the docs give it (npm start's), whatever port this stack has; an
    // iCalendar's long lines are folded again after, as its writer folds them.
    const local = (text: string) => text.replaceAll(apiUrl, 'http://127.0.0.1:3000');
    const text = await res.text();
    return res.headers.get('content-type')?.startsWith('text/calendar')
      ? foldLines(local(text.replace(/\r\n[ \t]/g, '')))
      : local(text);
  }
  throw new Error(`${example.where}: no runner for ${example.command}`);
}

describe('the README and docs/', () => {
  it('mark examples to check, the README among them', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
    expect(examples.some((e) => e.where.startsWith('README.md:'))).toBe(true);
  });

  it('quotes the first night of npm start -- --as-of 2026-11-23 as it prints it', () => {
    const block = /<!-- npm-start-run -->\n```\n([\s\S]*?)\n```/.exec(
      readFileSync(path.join(ROOT, 'README.md'), 'utf8'),
    );
    expect(block, 'a <!-- npm-start-run --> block').not.toBeNull();
    expect(block![1]!.startsWith(describeRun(started.run))).toBe(true);
  });

  it.each(examples.map((e) => [`${e.where}: ${e.command}`, e] as const))('%s', async (_, example) => {
    const output = await run(example);
    if (process.env.UPDATE_EXAMPLES && example.ignore.length === 0)
      rewriteExample(
        example,
        example.language === 'json'
          ? JSON.stringify(JSON.parse(output), null, 2)
          : output.replace(/\r\n/g, '\n').trimEnd(),
      );
    if (example.language === 'json') {
      expect(withoutKeys(JSON.parse(output), example.ignore)).toEqual(
        withoutKeys(JSON.parse(example.output), example.ignore),
      );
    } else {
      // Text as a person reads it: CSV's CRLF as newlines, lines named in `ignore` (a time stamp) left out.
      const lines = (text: string) =>
        text
          .replace(/\r\n/g, '\n')
          .trimEnd()
          .split('\n')
          .filter((line) => !example.ignore.some((key) => line.startsWith(`${key}:`)));
      expect(lines(output)).toEqual(lines(example.output));
    }
  });
});
