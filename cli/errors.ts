/** A mistake in how a command was called: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A service the command needs (the local stack, AWS) could not be reached: exit code 3. */
export class ConnectionError extends Error {
  override name = 'ConnectionError';
}

/** The exit codes every command uses (the README and docs/CLI.md list them). */
export const EXIT = { ok: 0, failed: 1, usage: 2, unreachable: 3, problems: 4, refused: 5 } as const;
