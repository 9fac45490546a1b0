import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, inject } from 'vitest';
import { DEFAULT_POLICY } from '../../domain/policy.ts';
import type { TrustRecord } from '../../domain/records.ts';
import type { Role } from '../../domain/roles.ts';
import { connectLocalUserPool, LOCAL_PASSWORD, type LocalUserPool } from '../../local/cognito.ts';
import { type LocalStack, type StackOptions, startStack } from '../../local/stack.ts';
import { type LocalWiringOptions, wireLocal } from '../../local/wiring.ts';
import { type Fault, startFaultProxy } from './fault-proxy.ts';
import './global-setup.ts';

export interface SentEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
}

/**
 * A fresh stack for one test: its own table, on dynalite (in memory) or, under
 * `npm run test:dynamodb-local`, on Amazon's DynamoDB Local; SES local with an empty store.
 */
export async function testStack(options: StackOptions = {}): Promise<LocalStack> {
  const endpoint = inject('dynamoDbEndpoint');
  const stack = await startStack({
    tableName: `t-${randomUUID()}`,
    busRetryDelayMs: 50,
    ...(options.apiPort !== undefined ? { userPool: await sharedUserPool() } : {}),
    ...options,
    dynamoDbEndpoint: endpoint ?? options.dynamoDbEndpoint,
  });
  await fetch(`${stack.ses.endpoint}/clear-store`, { method: 'POST' });
  return stack;
}

/**
 * A fresh stack for each test of the file, with the command line's environment pointed at it
 * (DYNAMODB_ENDPOINT, SES_ENDPOINT, TABLE_NAME) and restored after. Returns the current stack.
 */
export function cliStackPerTest(options: StackOptions = {}): () => LocalStack {
  let stack: LocalStack | undefined;
  const saved = { ...process.env };
  beforeEach(async () => {
    stack = await testStack(options);
    process.env.DYNAMODB_ENDPOINT = stack.dynamo.endpoint;
    process.env.SES_ENDPOINT = stack.ses.endpoint;
    process.env.TABLE_NAME = stack.tableName;
  });
  afterEach(async () => {
    process.env = { ...saved };
    await stack?.close();
  });
  return () => stack!;
}

let shared: Promise<LocalUserPool> | undefined;
/** The run's one local user pool (started by global-setup.ts). */
export function sharedUserPool(): Promise<LocalUserPool> {
  shared ??= connectLocalUserPool(inject('userPoolEndpoint'));
  return shared;
}

const tokens = new Map<string, Promise<string>>();
const ROLE_BY_NAME: Record<string, Role> = { planner: 'planner', admin: 'admin' };

/**
 * An access token of the stack's user pool for `email`, adding the user (with the local
 * password) if the pool does not have them: `planner@…` and `admin@…` in those roles, anyone
 * else a relationship holder unless `role` says otherwise.
 */
export async function tokenFor(pool: LocalUserPool, email: string, role?: Role): Promise<string> {
  const key = `${pool.endpoint}|${email.toLowerCase()}`;
  let token = tokens.get(key);
  if (!token) {
    token = (async () => {
      try {
        await pool.pool.add(email, role ?? ROLE_BY_NAME[email.split('@')[0]!] ?? 'holder', LOCAL_PASSWORD);
      } catch (err) {
        if ((err as Error).name !== 'UsernameExistsException') throw err;
      }
      return pool.pool.accessToken(pool.clientId, email, LOCAL_PASSWORD);
    })();
    token.catch(() => tokens.delete(key));
    tokens.set(key, token);
  }
  return token;
}

/**
 * A request to the stack's planner API as a signed-in user (`as`, planner@example.org unless
 * given; null: no token at all).
 */
export async function apiFetch(
  stack: LocalStack,
  path: string,
  init: RequestInit & { as?: string | null } = {},
): Promise<Response> {
  const { as = 'planner@example.org', ...rest } = init;
  const headers = new Headers(rest.headers);
  if (as !== null) headers.set('authorization', `Bearer ${await tokenFor(stack.userPool!, as)}`);
  return fetch(`${stack.api!.url}${path}`, { ...rest, headers });
}

/** Signs in to the stack's pages as `email` (the local password): the session cookie, `session=…`. */
export async function pageSession(stack: LocalStack, email: string): Promise<string> {
  const res = await fetch(`${stack.api!.url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.api!.url },
    body: new URLSearchParams({ email, password: LOCAL_PASSWORD, next: '/' }).toString(),
  });
  const cookie = res.headers.get('set-cookie');
  if (res.status !== 303 || !cookie) throw new Error(`${email} could not sign in (HTTP ${res.status})`);
  return cookie.split(';')[0]!;
}

export async function sentEmails(stack: LocalStack): Promise<SentEmail[]> {
  const res = await fetch(`${stack.ses.endpoint}/store`);
  return ((await res.json()) as { emails: SentEmail[] }).emails;
}

export async function load(stack: LocalStack, trusts: TrustRecord[], asOf: string) {
  return stack.importTrusts(trusts, { asOf, policy: DEFAULT_POLICY });
}

export function backend(): string {
  return inject('dynamoDbEndpoint') ? 'Amazon DynamoDB Local' : 'dynalite';
}

/**
 * The stack's handlers wired to SES through a fault-injecting proxy (`decide` per send), on the
 * stack's own table. Close the proxy when done.
 */
export async function throughFaultProxy(
  stack: LocalStack,
  decide: (call: number) => Fault,
  options: Partial<LocalWiringOptions> = {},
) {
  const proxy = await startFaultProxy(stack.ses.endpoint, decide);
  const wiring = wireLocal({
    dynamoDbEndpoint: stack.dynamo.endpoint,
    sesEndpoint: proxy.endpoint,
    tableName: stack.tableName,
    busRetryDelayMs: 50,
    ...options,
  });
  return { proxy, wiring };
}
