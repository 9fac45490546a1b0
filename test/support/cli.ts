import { main } from '../../cli/main.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real command line in-process, capturing what it prints. */
export async function runCli(argv: string[], now = new Date('2026-11-23T12:00:00Z')): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), now: () => now });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
