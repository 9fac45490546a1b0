import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths.ts';

/**
 * The checked examples of the README and docs/: a `<!-- example -->` comment (optionally `ignore: key key`),
 * a ```sh block with one command, and the block after it with what that command prints.
 */
export interface ReadmeExample {
  /** Where it is: `README.md:42`, `docs/API.md:120`. */
  where: string;
  line: number;
  command: string;
  language: string;
  output: string;
  ignore: string[];
  /** The file, and the example's whole text in it: what `rewriteExample` replaces. */
  file: string;
  block: string;
}

const EXAMPLE = /<!-- example(?: ignore: ([^>]*?))? -->\n```sh\n([^\n]+)\n```\n\n```(\w*)\n([\s\S]*?)\n```/g;

/** The Markdown files whose examples are checked: the README and every page under docs/. */
export function documentationFiles(): string[] {
  const docs = readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => path.join(ROOT, 'docs', f));
  return [path.join(ROOT, 'README.md'), ...docs];
}

export function readmeExamples(files = documentationFiles()): ReadmeExample[] {
  return files.flatMap((file) => examplesIn(file));
}

function examplesIn(file: string): ReadmeExample[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(EXAMPLE)].map((m) => ({
    where: `${path.relative(ROOT, file)}:${text.slice(0, m.index).split('\n').length}`,
    line: text.slice(0, m.index).split('\n').length,
    command: m[2]!.replace(/\s+#.*$/, '').trim(),
    language: m[3]!,
    output: m[4]!,
    ignore: (m[1] ?? '').split(/\s+/).filter(Boolean),
    file,
    block: m[0],
  }));
}

/**
 * Writes what the command printed into the example in place (`UPDATE_EXAMPLES=1 npx vitest run
 * test/integration/readme.test.ts`), for a change that alters output on purpose; the diff is then
 * read like any other.
 */
export function rewriteExample(example: ReadmeExample, output: string): void {
  const text = readFileSync(example.file, 'utf8');
  const fence = `\`\`\`${example.language}\n`;
  const at = example.block.lastIndexOf(fence);
  const block = `${example.block.slice(0, at)}${fence}${output}\n\`\`\``;
  writeFileSync(
    example.file,
    text.replace(example.block, () => block),
  );
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
