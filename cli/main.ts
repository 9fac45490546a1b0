import { PolicyError } from '../domain/policy.ts';
import { InputError } from '../domain/sources/index.ts';
import { type CommandIo, DUE_USAGE, dueCommand } from './due.ts';
import { checkCliEnv } from './env.ts';
import { ConnectionError, EXIT, UsageError } from './errors.ts';
import { IMPORT_USAGE, importCommand } from './import.ts';
import { ITEM_USAGE, itemCommand } from './item.ts';
import { LOGIN_USAGE, LOGOUT_USAGE, loginCommand, logoutCommand } from './login.ts';
import { PLAN_USAGE, planCommand } from './plan.ts';
import { REMOVE_USAGE, removeCommand } from './remove.ts';
import { SCAN_USAGE, scanCommand } from './scan.ts';
import { START_USAGE, startCommand } from './start.ts';
import { SYNC_USAGE, syncCommand } from './sync.ts';
import { TOKEN_USAGE, tokenCommand, USERS_USAGE, usersCommand } from './users.ts';

const USAGE = `Usage: trust-scheduler <command> [options]      (or: npm run cli -- <command> …)

Commands:
  due      evaluate trust records (from a file or folder, or the table) and print the due work
  import   load trust records into the table
  item     show a due item and what people did with it, or act on it (ack, book, defer, waive, reopen)
  login    sign in to a deployed API through your browser (then token prints its access tokens)
  logout   sign out of it: the kept refresh token is revoked and deleted
  nightly  run the nightly job once against the local stack (also: scan)
  plan     propose which week each site visit takes, within the inspection teams' capacity
  remove   retire a trust or one of its locations: records gone, items closed, history kept
  start    start the embedded local stack and run the nightly job (npm start)
  sync     bring the table in line with the CQC public API (changes since the last sync, or --full)
  token    print an access token: a local stack's user (--user), or the API you signed in to
  users    add, list or remove the people who sign in (planner, holder, admin)

Run a command with --help for its options.

Exit codes: 0 done; 1 invalid input, policy or a failed run; 2 called wrongly (unknown
command or option, bad environment variable); 3 a service could not be reached (the local
stack or AWS); 4 completed with problems, each named; 5 the CQC API refused the key (sync).`;

type Command = { usage: string; run: (args: string[], io: CommandIo) => Promise<number> };

const COMMANDS: Record<string, Command> = {
  due: { usage: DUE_USAGE, run: dueCommand },
  import: { usage: IMPORT_USAGE, run: importCommand },
  item: { usage: ITEM_USAGE, run: itemCommand },
  login: { usage: LOGIN_USAGE, run: loginCommand },
  logout: { usage: LOGOUT_USAGE, run: logoutCommand },
  nightly: { usage: SCAN_USAGE, run: scanCommand },
  plan: { usage: PLAN_USAGE, run: planCommand },
  remove: { usage: REMOVE_USAGE, run: removeCommand },
  scan: { usage: SCAN_USAGE, run: scanCommand },
  start: { usage: START_USAGE, run: startCommand },
  sync: { usage: SYNC_USAGE, run: syncCommand },
  token: { usage: TOKEN_USAGE, run: tokenCommand },
  users: { usage: USERS_USAGE, run: usersCommand },
};

/** Runs the command line; returns the exit code. Exported so tests drive the real CLI in-process. */
export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`error: unknown command ${JSON.stringify(name)}\n\n${USAGE}`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(command.usage);
    return 0;
  }
  try {
    checkCliEnv();
    return await command.run(args, io);
  } catch (err) {
    if (err instanceof InputError) {
      io.stderr(`error: invalid input\n${err.message}`);
      return 1;
    }
    if (err instanceof PolicyError) {
      io.stderr(`error: invalid policy: ${err.message}`);
      return 1;
    }
    if (err instanceof ConnectionError) {
      io.stderr(`error: ${err.message}`);
      return EXIT.unreachable;
    }
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`error: ${(err as Error).message}\n\n${command.usage}`);
      return 2;
    }
    // Anything else: one clear line; the stack only when asked for.
    io.stderr(`error: ${(err as Error).message ?? String(err)}`);
    if (process.env.DEBUG) io.stderr(String((err as Error).stack));
    return 1;
  }
}

/** The process entry: `trust-scheduler …` (bin/trust-scheduler.js) and `npm run cli -- …`. */
export async function runCli(argv: string[] = process.argv.slice(2)): Promise<void> {
  // The SDK warns about Node 20 on every local command; Lambda runs Node 24.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.exitCode = await main(argv, {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
    now: () => new Date(),
  });
}

const isEntryPoint = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isEntryPoint) await runCli();
