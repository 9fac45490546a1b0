import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, inject } from 'vitest';
import { DEFAULT_POLICY } from '../../domain/policy.ts';
import type { TrustRecord } from '../../domain/records.ts';
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
