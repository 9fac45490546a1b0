/**
 * Runs the benchmarks and writes their figures under bench/results/.
 * `npm run bench` runs them all; `npm run bench -- domain` runs one.
 * Each runs in a fresh Node process, so one benchmark's heap and JIT state do not colour the
 * next; the rules-engine one is pinned to one core (taskset where available).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BENCHES: Record<string, string> = {
  domain: 'domain.ts',
  nightly: 'nightly.ts',
  bundles: 'bundles.ts',
  api: 'api.ts',
  sync: 'sync.ts',
  plan: 'plan.ts',
};
/** Benchmarks measured on one core; the others start a database process that needs its own. */
const ONE_CORE = new Set(['domain']);

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length > 0 ? wanted : Object.keys(BENCHES);
const unknown = names.filter((n) => !BENCHES[n]);
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}

let hasTaskset = false;
try {
  execFileSync('taskset', ['-c', '0', 'true']);
  hasTaskset = true;
} catch {}

for (const name of names) {
  console.log(`\n== ${name}`);
  const tsx = path.resolve(HERE, '../node_modules/.bin/tsx');
  const pin = hasTaskset && ONE_CORE.has(name);
  const script = path.join(HERE, BENCHES[name]!);
  const env = {
    ...process.env,
    // --expose-gc: memory figures start from a collected heap.
    NODE_OPTIONS: '--max-old-space-size=8192 --expose-gc',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const result = pin
    ? spawnSync('taskset', ['-c', '0', tsx, script], { stdio: 'inherit', env })
    : spawnSync(tsx, [script], { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
