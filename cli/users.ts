import { parseArgs } from 'node:util';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { ROLES, type Role, UserPool } from '../adapters/cognito/users.ts';
import * as z from '../domain/zod.ts';
import { findLocalPool, LOCAL_PASSWORD, LOCAL_POOL_NAME, localPoolClient } from '../local/cognito.ts';
import type { CommandIo } from './due.ts';
import { ConnectionError, EXIT, UsageError } from './errors.ts';
import { savedAccessToken } from './login.ts';
import { localPorts } from './target.ts';

export const USERS_USAGE = `Usage: trust-scheduler users add --email E --role planner|holder|admin
       trust-scheduler users list [--format text|json]
       trust-scheduler users remove --email E
       (each with [--user-pool-id ID] for the deployed pool in AWS)

The people who sign in, and their role: planners see everything; holders see only the trusts
they hold (matched by their email); admins are planners who also see run records and manage
users. In AWS (--user-pool-id, with AWS credentials) \`add\` has Cognito email an invitation
with a temporary password; on the local stack (npm start) it sets the local password
(${LOCAL_PASSWORD}).

Environment: COGNITO_PORT (the local user pool; default 9229), AWS_REGION.`;

export const TOKEN_USAGE = `Usage: trust-scheduler token --user EMAIL [--password P]     (the local stack)
       trust-scheduler token                                   (a deployed API, after login)

Prints an access token, for
\`curl -H "Authorization: Bearer $(npx trust-scheduler token --user planner@example.org)" …\`.
With --user: a user of the local stack's user pool (npm start); the password defaults to the
local one every seeded user has (${LOCAL_PASSWORD}). Without: a fresh token for the API you
signed in to with \`trust-scheduler login --api URL\`.`;

interface PoolTarget {
  pool: UserPool;
  clientId: string | null;
  local: boolean;
}

/** The deployed pool (`--user-pool-id`), or the local stack's, found by name. */
export async function poolTarget(userPoolId: string | undefined, env = process.env): Promise<PoolTarget> {
  if (userPoolId) {
    const client = new CognitoIdentityProviderClient({ region: env.AWS_REGION ?? 'eu-west-2' });
    return { pool: new UserPool(client, userPoolId), clientId: null, local: false };
  }
  const endpoint = `http://127.0.0.1:${env.COGNITO_PORT || 9229}`;
  const client = localPoolClient(endpoint, 1);
  let found: Awaited<ReturnType<typeof findLocalPool>>;
  try {
    found = await findLocalPool(client);
  } catch (err) {
    throw new ConnectionError(
      `nothing answers at ${endpoint} (COGNITO_PORT, ${(err as Error).message}): start the local stack (npm start), set COGNITO_PORT to the port it printed, or give --user-pool-id for the deployed pool`,
    );
  }
  if (!found.userPoolId)
    throw new ConnectionError(
      `the local user pool at ${endpoint} has no pool "${LOCAL_POOL_NAME}": start it with npm start`,
    );
  return {
    pool: new UserPool(client, found.userPoolId, { globalSignOut: false }),
    clientId: found.clientId ?? null,
    local: true,
  };
}

/** The same email check as the records' and the configuration's (zod's). */
const emailSchema = z.email();

function email(raw: string | undefined, flag: string): string {
  if (!raw) throw new UsageError(`${flag} is required`);
  if (!emailSchema.safeParse(raw).success)
    throw new UsageError(`${flag} ${JSON.stringify(raw)}: expected an email address`);
  return raw.toLowerCase();
}

export async function usersCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      format: { type: 'string', default: 'text' },
      'user-pool-id': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [action, ...rest] = positionals;
  if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`);
  if (!action || !['add', 'list', 'remove'].includes(action))
    throw new UsageError(`expected add, list or remove${action ? `, not ${JSON.stringify(action)}` : ''}`);
  if (action === 'add') {
    const who = email(values.email, '--email');
    if (!ROLES.includes(values.role as Role))
      throw new UsageError(
        `--role ${JSON.stringify(values.role ?? '')}: expected one of ${ROLES.join(', ')}`,
      );
    const target = await poolTarget(values['user-pool-id']);
    await target.pool.add(who, values.role as Role, target.local ? LOCAL_PASSWORD : undefined);
    io.stdout(
      target.local
        ? `added ${who} as ${values.role} (local password ${LOCAL_PASSWORD})`
        : `added ${who} as ${values.role}: Cognito has emailed them an invitation`,
    );
    return EXIT.ok;
  }
  if (action === 'remove') {
    const who = email(values.email, '--email');
    const target = await poolTarget(values['user-pool-id']);
    try {
      await target.pool.remove(who);
    } catch (err) {
      if ((err as Error).name !== 'UserNotFoundException') throw err;
      io.stderr(`error: no user ${who} in the pool`);
      return EXIT.failed;
    }
    io.stdout(`removed ${who}`);
    return EXIT.ok;
  }
  if (!['text', 'json'].includes(values.format))
    throw new UsageError(`--format: ${JSON.stringify(values.format)} is not one of text, json`);
  const users = await (await poolTarget(values['user-pool-id'])).pool.list();
  io.stdout(
    values.format === 'json'
      ? JSON.stringify(users, null, 2)
      : users.map((u) => `${u.email}  ${u.role ?? '(no role)'}  ${u.status}`).join('\n') || '(no users)',
  );
  return EXIT.ok;
}

export async function tokenCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { user: { type: 'string' }, password: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  if (values.user === undefined) {
    const saved = await savedAccessToken();
    if (!saved)
      throw new UsageError(
        '--user EMAIL for the local stack, or sign in to a deployed API first: trust-scheduler login --api URL',
      );
    io.stdout(saved);
    return EXIT.ok;
  }
  const who = email(values.user, '--user');
  const target = await poolTarget(undefined);
  if (!target.clientId)
    throw new ConnectionError('the local user pool has no app client: start it with npm start');
  let token: string;
  try {
    token = await target.pool.accessToken(target.clientId, who, values.password ?? LOCAL_PASSWORD);
  } catch (err) {
    // Cognito says NotAuthorized for both; the local stand-in names the wrong part.
    const name = (err as Error).name;
    if (!['NotAuthorizedException', 'UserNotFoundException', 'InvalidPasswordException'].includes(name))
      throw err;
    io.stderr(`error: ${who} could not sign in: wrong user or password`);
    return EXIT.failed;
  }
  await assertStackTakes(token);
  io.stdout(token);
  return EXIT.ok;
}

/**
 * A token is for this stack only if its API takes it: a pool at COGNITO_PORT that belongs to
 * another stack (one left running on the default port) gives tokens this API refuses.
 */
async function assertStackTakes(token: string, env = process.env): Promise<void> {
  const api = `http://127.0.0.1:${localPorts(env).apiPort}`;
  let status: number;
  try {
    status = (await fetch(`${api}/health`, { headers: { authorization: `Bearer ${token}` } })).status;
  } catch {
    throw new ConnectionError(
      `nothing answers at ${api} (API_PORT): start the local stack (npm start), or set API_PORT and COGNITO_PORT to the ports it printed`,
    );
  }
  if (status === 401)
    throw new ConnectionError(
      `the API at ${api} (API_PORT) does not take tokens from the user pool at http://127.0.0.1:${localPorts(env).cognitoPort} (COGNITO_PORT): that pool is another stack's. Set COGNITO_PORT and API_PORT to the ports npm start printed`,
    );
}
