import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/paths.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
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
  const forbiddenDirs = ['functions', 'infra', 'local', 'cli'].map((d) => path.join(ROOT, d));

  it('finds the domain files to check', () => {
    expect(domainFiles.length).toBeGreaterThan(5);
  });

  it.each(domainFiles.map((f) => [path.relative(ROOT, f), f]))(
    '%s imports no AWS SDK, functions, infra, local or cli',
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
