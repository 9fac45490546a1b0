/**
 * Runs the benchmarks and writes their figures under bench/results/.
 * `npm run bench` runs them all; `npm run bench -- domain` runs one.
 * Each runs in a fresh Node process on one core (taskset where available), so one benchmark's
 * heap and JIT state do not colour the next.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BENCHES: Record<string, string> = { domain: 'domain.ts' };

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
  const cmd = hasTaskset ? 'taskset' : tsx;
  const args = hasTaskset
    ? ['-c', '0', tsx, path.join(HERE, BENCHES[name]!)]
    : [path.join(HERE, BENCHES[name]!)];
  const result = spawnSync(cmd, args, {
    stdio: 'inherit',
    env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=8192' },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
