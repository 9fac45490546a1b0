import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths.ts';
import { freePort } from './ports.ts';

/**
 * Amazon's DynamoDB Local, from the jar inside the npm package amplify-dynamodb-simulator
 * (fetched once with `npm pack` into .local/, git-ignored). Needs Java.
 */
const VERSION = '2.9.30';
const DIR = path.join(ROOT, '.local/dynamodb-local');
const EMULATOR = path.join(DIR, 'package/emulator');

export function ensureJar(): string {
  const jar = path.join(EMULATOR, 'DynamoDBLocal.jar');
  if (existsSync(jar)) return jar;
  mkdirSync(DIR, { recursive: true });
  execFileSync('npm', ['pack', `amplify-dynamodb-simulator@${VERSION}`, '--silent'], {
    cwd: DIR,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  execFileSync('tar', ['xzf', `amplify-dynamodb-simulator-${VERSION}.tgz`, 'package/emulator'], { cwd: DIR });
  return jar;
}

export async function startDynamoDbLocal(): Promise<{ endpoint: string; stop: () => void }> {
  const jar = ensureJar();
  const port = await freePort();
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${path.join(EMULATOR, 'DynamoDBLocal_lib')}`,
      '-jar',
      jar,
      '-inMemory',
      '-port',
      String(port),
    ],
    {
      stdio: 'ignore',
    },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      const res = await fetch(endpoint, { method: 'POST' });
      if (res.status > 0) return { endpoint, stop: () => child.kill() };
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('DynamoDB Local did not start');
}
