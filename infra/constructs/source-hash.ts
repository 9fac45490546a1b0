import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** What a function bundle is made of: the code its handler can import, and the locked packages. */
const BUNDLE_SOURCES = [
  'domain',
  'adapters',
  'use-cases',
  'api',
  'functions',
  'docs/openapi.json',
  'package-lock.json',
];

let cached: { root: string; hash: string } | null = null;

/**
 * A hash of everything that goes into the function bundles, used as their asset hash: synth then
 * skips bundling an asset already staged in the output folder (a second `cdk synth`, the tests),
 * and the hash still changes with any source file, the bundling options or a locked version.
 */
export function bundleSourceHash(root: string, options: unknown): string {
  if (!cached || cached.root !== root) {
    const hash = createHash('sha256');
    const add = (rel: string) => {
      const full = path.join(root, rel);
      const entries = readdirSync(full, { withFileTypes: true, recursive: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
        .sort();
      for (const file of entries)
        hash
          .update(file)
          .update('\0')
          .update(readFileSync(path.join(root, file)))
          .update('\0');
    };
    for (const source of BUNDLE_SOURCES) {
      if (source.includes('.'))
        hash
          .update(source)
          .update('\0')
          .update(readFileSync(path.join(root, source)));
      else add(source);
    }
    cached = { root, hash: hash.digest('hex') };
  }
  return createHash('sha256').update(cached.hash).update(JSON.stringify(options)).digest('hex');
}
