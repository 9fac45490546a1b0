import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/paths.ts';

/** The folders of source outside test/. */
const SOURCE_DIRS = [
  'domain',
  'adapters',
  'use-cases',
  'api',
  'functions',
  'infra',
  'local',
  'cli',
  'bench',
  'scripts',
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2])!);
}

describe('architecture: the domain is pure', () => {
  const domainFiles = sourceFiles(path.join(ROOT, 'domain'));
  const forbiddenDirs = ['adapters', 'use-cases', 'api', 'functions', 'infra', 'local', 'cli'].map((d) =>
    path.join(ROOT, d),
  );

  it('finds the domain files to check', () => {
    expect(domainFiles.length).toBeGreaterThan(5);
  });

  it.each(domainFiles.map((f) => [path.relative(ROOT, f), f]))(
    '%s imports no AWS SDK, adapters, use cases, API, functions, infra, local or cli',
    (_, file) => {
      for (const spec of importsOf(file)) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(
          /^@aws-sdk\/|^aws-sdk$|^aws-cdk-lib|^@aws-lambda-powertools|^@middy/,
        );
        if (spec.startsWith('.')) {
          const target = path.resolve(path.dirname(file), spec);
          for (const dir of forbiddenDirs)
            expect(target.startsWith(dir + path.sep), `${file} imports ${spec}`).toBe(false);
        }
        expect(spec, `${file} imports ${spec}`).not.toMatch(/^node:(fs|net|http|child_process)/);
      }
    },
  );

  it('the check catches a forbidden import', () => {
    const sample =
      "import { x } from '../functions/lib/store.ts';\nimport { DynamoDBClient } from '@aws-sdk/client-dynamodb';";
    const specs = [...sample.matchAll(IMPORT)].map((m) => m[1] ?? m[2]);
    expect(specs).toEqual(['../functions/lib/store.ts', '@aws-sdk/client-dynamodb']);
  });

  it('nothing in the domain reads the clock', () => {
    for (const file of domainFiles)
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/Date\.now\(\)|new Date\(\)/);
  });
});

/** Which folders each folder may import from (relative imports), as the Layout table in docs/ARCHITECTURE.md says. */
const MAY_IMPORT: Record<string, string[]> = {
  'use-cases': ['domain', 'use-cases'],
  adapters: ['domain', 'use-cases', 'adapters'],
  api: ['domain', 'use-cases', 'adapters', 'api', 'docs'],
  functions: ['domain', 'adapters', 'use-cases', 'api', 'functions'],
  infra: ['infra', 'domain', 'adapters'],
  local: ['domain', 'adapters', 'use-cases', 'api', 'local'],
  cli: ['domain', 'adapters', 'use-cases', 'local', 'cli'],
};

function relativeImportsOf(file: string): string[] {
  return importsOf(file)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => path.relative(ROOT, path.resolve(path.dirname(file), spec)).split(path.sep)[0]!);
}

describe('architecture: each folder imports only what the Layout allows', () => {
  for (const [dir, allowed] of Object.entries(MAY_IMPORT)) {
    it(`${dir}/ imports only ${allowed.join(', ')}`, () => {
      const files = sourceFiles(path.join(ROOT, dir));
      expect(files.length).toBeGreaterThan(0);
      for (const file of files)
        for (const target of relativeImportsOf(file))
          expect(allowed, `${path.relative(ROOT, file)} imports from ${target}/`).toContain(target);
    });
  }

  it('infra imports of adapters are the keys module only', () => {
    for (const file of sourceFiles(path.join(ROOT, 'infra')))
      for (const spec of importsOf(file).filter((s) => s.includes('adapters/')))
        expect(spec, path.relative(ROOT, file)).toMatch(/adapters\/dynamodb\/keys\.ts$/);
  });

  it('a function folder holds only its handler', () => {
    for (const name of readdirSync(path.join(ROOT, 'functions')))
      expect(readdirSync(path.join(ROOT, 'functions', name))).toEqual(['handler.ts']);
  });

  it('no source file outside test/ is much longer than 300 lines', () => {
    for (const dir of SOURCE_DIRS.filter((d) => d !== 'scripts'))
      for (const file of sourceFiles(path.join(ROOT, dir)))
        expect(readFileSync(file, 'utf8').split('\n').length, path.relative(ROOT, file)).toBeLessThanOrEqual(
          320,
        );
  });
});

/**
 * The groups of files that import one another round a loop (Tarjan's strongly connected
 * components of the relative-import graph, type imports and `import()` types included): each
 * such group, as paths, sorted. None should stand.
 */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(group.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

describe('architecture: no import cycles', () => {
  const graph = new Map(
    SOURCE_DIRS.flatMap((d) =>
      sourceFiles(path.join(ROOT, d)).map((file) => [
        path.relative(ROOT, file),
        importsOf(file)
          .filter((s) => s.startsWith('.'))
          .map((s) => path.relative(ROOT, path.resolve(path.dirname(file), s))),
      ]),
    ),
  );

  it('no source file imports, round a loop, a file that imports it (issue 26)', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(importCycles(graph)).toEqual([]);
  });

  it('the check finds a loop, however long, and a file importing itself', () => {
    const sample = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
    ]);
    expect(importCycles(sample)).toEqual([['a.ts', 'b.ts', 'c.ts'], ['e.ts']]);
  });
});
