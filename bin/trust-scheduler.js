#!/usr/bin/env node
// The command line as an executable: `npx trust-scheduler due --format json | jq`.
// The sources are TypeScript, run through tsx's loader; nothing is printed before the command's own output.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../cli/main.ts');
await runCli();
