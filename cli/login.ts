import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { homedir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LOGIN_PORT, loginCallbackUrl } from '../domain/sign-in.ts';
import * as z from '../domain/zod.ts';
import type { CommandIo } from './due.ts';
import { ConnectionError, EXIT, UsageError } from './errors.ts';

/**
 * Signing in to a deployed API from the command line, as `gh auth login` and `az login` do: the
 * authorization code with PKCE through the user's own browser (so the managed login's password
 * and MFA apply) and a loopback redirect; the refresh token is kept in the user's config folder
 * (mode 0600), `token` then prints a fresh access token, `logout` revokes it.
 */

export const LOGIN_USAGE = `Usage: trust-scheduler login --api URL [--port ${LOGIN_PORT}] [--no-browser]

Signs you in to a deployed planner API (its ApiUrl output) through your browser: the API's
managed login (password and authenticator code), back to ${loginCallbackUrl(LOGIN_PORT)}.
Keeps a refresh token in ${'$XDG_CONFIG_HOME'}/trust-scheduler (or ~/.config/trust-scheduler), readable by you
alone; \`trust-scheduler token\` then prints a fresh access token for the API, and
\`trust-scheduler logout\` revokes it. --no-browser prints the address to open instead.`;

export const LOGOUT_USAGE = `Usage: trust-scheduler logout

Revokes the refresh token \`login\` kept (Cognito's revocation endpoint) and deletes it.`;

const savedSchema = z.object({
  api: z.string(),
  domainUrl: z.string(),
  clientId: z.string(),
  refreshToken: z.string(),
  email: z.string(),
});
export type SavedLogin = z.infer<typeof savedSchema>;

const configDir = (env = process.env) =>
  path.join(env.XDG_CONFIG_HOME || path.join(homedir(), '.config'), 'trust-scheduler');
export const credentialsFile = (env = process.env) => path.join(configDir(env), 'credentials.json');

/** The saved login, or null when there is none (or it no longer reads). */
export function savedLogin(env = process.env): SavedLogin | null {
  try {
    const parsed = savedSchema.safeParse(JSON.parse(readFileSync(credentialsFile(env), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function save(login: SavedLogin, env = process.env): void {
  mkdirSync(configDir(env), { recursive: true, mode: 0o700 });
  writeFileSync(credentialsFile(env), `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  chmodSync(credentialsFile(env), 0o600);
}

const b64 = (b: Buffer) => b.toString('base64url');
const emailOf = (accessToken: string): string => {
  try {
    const claims = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return String(claims.username ?? claims.email ?? 'you');
  } catch {
    return 'you';
  }
};

/** Cognito's token endpoint: a code (with its verifier) or a refresh token, for tokens. */
async function tokens(login: Pick<SavedLogin, 'domainUrl' | 'clientId'>, grant: Record<string, string>) {
  let res: Response;
  try {
    res = await fetch(new URL('/oauth2/token', login.domainUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: login.clientId, ...grant }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    throw new ConnectionError(
      `cannot reach the sign-in service at ${login.domainUrl}: ${(err as Error).message}`,
    );
  }
  const body = (await res.json().catch(() => ({}))) as {
    access_token?: string;
    refresh_token?: string;
    error?: string;
  };
  return { ok: res.ok && !!body.access_token, ...body, status: res.status };
}

/** Opens the address in the user's browser (xdg-open, open or start); false when none would. */
function openBrowser(url: string): boolean {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
    return true;
  } catch {
    return false;
  }
}

/** The sign-in the API says to use: its managed login's address and app client. */
async function discover(api: string): Promise<{ domainUrl: string; clientId: string }> {
  let res: Response;
  try {
    res = await fetch(new URL('/auth/cli', api), { signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    throw new ConnectionError(
      `nothing answers at ${api}: ${(err as Error).message}. Give the API's ApiUrl output`,
    );
  }
  const body = (await res.json().catch(() => null)) as { domainUrl?: string; clientId?: string } | null;
  if (!res.ok || !body?.domainUrl || !body.clientId)
    throw new UsageError(
      `--api ${api}: it has no managed login to sign in with (HTTP ${res.status}); the local stack signs in with \`trust-scheduler token --user EMAIL\``,
    );
  return { domainUrl: body.domainUrl, clientId: body.clientId };
}

export async function loginCommand(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      api: { type: 'string' },
      port: { type: 'string', default: String(LOGIN_PORT) },
      'no-browser': { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.api || !URL.canParse(values.api))
    throw new UsageError('--api: give the API address (its ApiUrl output)');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError('--port: expected a port number');
  const api = values.api.replace(/\/+$/, '');
  const found = await discover(api);
  const state = b64(randomBytes(24));
  const verifier = b64(randomBytes(48));
  const redirectUri = loginCallbackUrl(port);
  const authorize = new URL('/oauth2/authorize', found.domainUrl);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: found.clientId,
    redirect_uri: redirectUri,
    scope: 'openid email',
    state,
    code_challenge: b64(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  }).toString();

  // The loopback server: the one callback with this state, then it closes.
  const code = await new Promise<string>((resolve, reject) => {
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', redirectUri);
      if (url.pathname !== '/callback') return void res.writeHead(404).end();
      const finish = (status: number, text: string, outcome: () => void) => {
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
        server.close();
        outcome();
      };
      if (url.searchParams.get('state') !== state)
        return finish(400, 'This sign-in was not started here: run trust-scheduler login again.', () =>
          reject(new UsageError('the sign-in came back with another state: run trust-scheduler login again')),
        );
      const error = url.searchParams.get('error');
      const got = url.searchParams.get('code');
      if (error || !got)
        return finish(400, `Sign-in was not completed (${error ?? 'no code'}).`, () =>
          reject(new UsageError(`sign-in was not completed (${error ?? 'no code'})`)),
        );
      finish(200, 'Signed in to the CQC trust scheduler: you can close this tab.', () => resolve(got));
    });
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new ConnectionError(
          err.code === 'EADDRINUSE'
            ? `port ${port} is in use: stop what uses it (the app client allows ${loginCallbackUrl(LOGIN_PORT)})`
            : err.message,
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => {
      const opened = !values['no-browser'] && openBrowser(authorize.href);
      io.stderr(
        `${opened ? 'Your browser is opening the sign-in page; if it does not, open' : 'Open'} this address to sign in:\n  ${authorize.href}`,
      );
    });
  });

  const got = await tokens(found, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
  });
  if (!got.ok || !got.refresh_token)
    throw new UsageError(
      `the sign-in service refused the code (HTTP ${got.status}): run trust-scheduler login again`,
    );
  const email = emailOf(got.access_token!);
  save({ api, ...found, refreshToken: got.refresh_token, email });
  io.stdout(
    `Signed in to ${api} as ${email}. \`trust-scheduler token\` prints an access token; \`logout\` signs out.`,
  );
  return EXIT.ok;
}

/** A fresh access token for the saved login (the refresh token's life, 12 hours); null: none saved. */
export async function savedAccessToken(env = process.env): Promise<string | null> {
  const login = savedLogin(env);
  if (!login) return null;
  const got = await tokens(login, { grant_type: 'refresh_token', refresh_token: login.refreshToken });
  if (!got.ok)
    throw new UsageError(
      `your sign-in to ${login.api} has ended (HTTP ${got.status}${got.error ? `, ${got.error}` : ''}): run trust-scheduler login --api ${login.api}`,
    );
  return got.access_token!;
}

export async function logoutCommand(args: string[], io: CommandIo): Promise<number> {
  parseArgs({ args, options: {}, strict: true });
  const login = savedLogin();
  if (!login) {
    io.stdout('Not signed in: nothing to do.');
    return EXIT.ok;
  }
  let res: Response;
  try {
    res = await fetch(new URL('/oauth2/revoke', login.domainUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: login.refreshToken, client_id: login.clientId }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    throw new ConnectionError(
      `cannot reach ${login.domainUrl} to revoke the sign-in (${(err as Error).message}); it is kept: try again`,
    );
  }
  if (!res.ok)
    throw new ConnectionError(
      `the sign-in service did not revoke the sign-in (HTTP ${res.status}); it is kept: try again`,
    );
  rmSync(credentialsFile(), { force: true });
  io.stdout(`Signed out of ${login.api}: the refresh token is revoked and deleted.`);
  return EXIT.ok;
}
