import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { GROUPS, type Role, UserPool } from '../adapters/cognito/users.ts';
import { assertPortFree, freeTcpPort } from './servers.ts';

/**
 * A Cognito user pool on this machine: cognito-local (the user-pool API with its JWKS and
 * USER_PASSWORD_AUTH; no managed login) in its own Node process, its data under `dataDir`
 * (kept across restarts) or a temporary folder. Its signing key ships in the npm package, so its
 * tokens are trusted by the local stack only, never elsewhere.
 */
export interface LocalUserPool {
  endpoint: string;
  userPoolId: string;
  clientId: string;
  /** The `iss` of its tokens, and where its JWKS is: `${issuer}/.well-known/jwks.json`. */
  issuer: string;
  pool: UserPool;
  client: CognitoIdentityProviderClient;
  close(): Promise<void>;
}

export const LOCAL_POOL_NAME = 'trust-scheduler';
const CLIENT_NAME = 'trust-scheduler-web';
/** The password every seeded local user has (printed by npm start): the local stack only. */
export const LOCAL_PASSWORD = 'Local-Password-1';

/** A client of the local user pool at `endpoint` (the stand-in takes any credentials). */
export function localPoolClient(endpoint: string, maxAttempts?: number): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    region: 'local',
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    ...(maxAttempts ? { maxAttempts } : {}),
  });
}

/** The scheduler's pool and app client on a local user pool, found by name; absent ones are undefined. */
export async function findLocalPool(
  client: CognitoIdentityProviderClient,
): Promise<{ userPoolId: string | undefined; clientId: string | undefined }> {
  const pools = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  const userPoolId = pools.UserPools?.find((p) => p.Name === LOCAL_POOL_NAME)?.Id;
  if (!userPoolId) return { userPoolId, clientId: undefined };
  const clients = await client.send(
    new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }),
  );
  return {
    userPoolId,
    clientId: clients.UserPoolClients?.find((c) => c.ClientName === CLIENT_NAME)?.ClientId,
  };
}

export async function startLocalUserPool(
  options: { port?: number; dataDir?: string } = {},
): Promise<LocalUserPool> {
  if (options.port)
    await assertPortFree(options.port, '127.0.0.1', 'The user pool (cognito-local)', 'COGNITO_PORT');
  const port = options.port || (await freeTcpPort());
  const dir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'cognito-'));
  mkdirSync(path.join(dir, '.cognito'), { recursive: true });
  const endpoint = `http://127.0.0.1:${port}`;
  writeFileSync(
    path.join(dir, '.cognito', 'config.json'),
    // No username attributes (the stand-in's default is email-as-alias): the username is the email.
    JSON.stringify(
      { TokenConfig: { IssuerDomain: endpoint }, UserPoolDefaults: { UsernameAttributes: [] } },
      null,
      2,
    ),
  );
  const start = path.join(
    path.dirname(createRequire(import.meta.url).resolve('cognito-local/package.json')),
    'lib/bin/start.js',
  );
  const child: ChildProcess = spawn(process.execPath, [start], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DEBUG: '' },
    stdio: 'ignore',
  });
  const client = localPoolClient(endpoint);
  const close = async () => {
    client.destroy();
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    }
  };
  try {
    const found = await untilUp(() => findLocalPool(client), child);
    const userPoolId =
      found.userPoolId ??
      (
        await client.send(
          // The username is the email itself (as in the deployed pool), so an access token names
          // its user's email in `username`: what a holder's trusts are matched by.
          new CreateUserPoolCommand({
            PoolName: LOCAL_POOL_NAME,
            UsernameConfiguration: { CaseSensitive: false },
          }),
        )
      ).UserPool!.Id!;
    let clientId = found.clientId;
    if (!clientId) {
      clientId = (
        await client.send(
          new CreateUserPoolClientCommand({
            UserPoolId: userPoolId,
            ClientName: CLIENT_NAME,
            ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          }),
        )
      ).UserPoolClient!.ClientId!;
      for (const group of GROUPS)
        await client.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: group }));
    }
    return poolAt(endpoint, client, userPoolId, clientId, close);
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * The scheduler's pool on a local user pool already running at `endpoint` (one the test run
 * shares, or npm start's): closing it closes only the client.
 */
export async function connectLocalUserPool(endpoint: string): Promise<LocalUserPool> {
  const client = localPoolClient(endpoint);
  const { userPoolId, clientId } = await findLocalPool(client);
  if (!userPoolId || !clientId) throw new Error(`no pool "${LOCAL_POOL_NAME}" at ${endpoint}`);
  return poolAt(endpoint, client, userPoolId, clientId, async () => client.destroy());
}

function poolAt(
  endpoint: string,
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  clientId: string,
  close: () => Promise<void>,
): LocalUserPool {
  return {
    endpoint,
    userPoolId,
    clientId,
    issuer: `${endpoint}/${userPoolId}`,
    pool: new UserPool(client, userPoolId, { globalSignOut: false }),
    client,
    close,
  };
}

/** Adds each user not yet in the pool, with the local password: npm start's seeding. */
export async function seedUsers(pool: UserPool, users: readonly { email: string; role: Role }[]) {
  const present = new Set((await pool.list()).map((u) => u.email));
  for (const u of users)
    if (!present.has(u.email.toLowerCase())) await pool.add(u.email, u.role, LOCAL_PASSWORD);
}

async function untilUp<T>(call: () => Promise<T>, child: ChildProcess): Promise<T> {
  let last: unknown;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`cognito-local exited (code ${child.exitCode})`);
    try {
      return await call();
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`cognito-local did not answer in 10 s: ${(last as Error)?.message}`);
}
