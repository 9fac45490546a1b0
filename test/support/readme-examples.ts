import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths.ts';

/**
 * The README's checked examples: a `<!-- example -->` comment (optionally `ignore: key key`),
 * a ```sh block with one command, and the block after it with what that command prints.
 */
export interface ReadmeExample {
  line: number;
  command: string;
  language: string;
  output: string;
  ignore: string[];
}

const EXAMPLE = /<!-- example(?: ignore: ([^>]*?))? -->\n```sh\n([^\n]+)\n```\n\n```(\w*)\n([\s\S]*?)\n```/g;

export function readmeExamples(file = path.join(ROOT, 'README.md')): ReadmeExample[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(EXAMPLE)].map((m) => ({
    line: text.slice(0, m.index).split('\n').length,
    command: m[2]!.replace(/\s+#.*$/, '').trim(),
    language: m[3]!,
    output: m[4]!,
    ignore: (m[1] ?? '').split(/\s+/).filter(Boolean),
  }));
}

/** Splits a shell command line into words (single and double quotes, no expansions). */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  for (const m of command.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) words.push(m[1] ?? m[2] ?? m[3]!);
  return words;
}

/** A JSON value without the keys named (at any depth): for fields that are times of day. */
export function withoutKeys(value: unknown, keys: readonly string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutKeys(v, keys));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !keys.includes(k))
        .map(([k, v]) => [k, withoutKeys(v, keys)]),
    );
  return value;
}
