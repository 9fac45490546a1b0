import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { decodeInput } from '../../domain/sources/encoding.ts';
import {
  applyHolders,
  emptyInput,
  InputError,
  mergeInputs,
  type ParsedInput,
  parseDocument,
  parseHolders,
} from '../../domain/sources/index.ts';

export interface ReadOptions {
  /** In a folder, a bad file fails the whole read instead of being listed under `skipped`. */
  strict?: boolean;
  holdersPath?: string | undefined;
  /** Called after each file of a folder, for progress on long reads. */
  onFile?: (done: number, total: number, file: string) => void;
}

const INPUT_EXTENSIONS = new Set(['.json', '.csv']);

function displayName(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

async function readText(file: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw InputError.one(displayName(file), '(file)', null, `cannot read: ${(err as Error).message}`);
  }
  return decodeInput(bytes, displayName(file));
}

/**
 * Reads trust records from a file (canonical JSON, CQC API location JSON, ratings CSV) or a
 * folder of such files, and assigns relationship holders from a holders CSV if one is given.
 */
export async function readInput(inputPath: string, options: ReadOptions = {}): Promise<ParsedInput> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(inputPath);
  } catch {
    throw InputError.one(displayName(inputPath), '(file)', null, 'no such file or folder');
  }

  let input: ParsedInput;
  if (info.isDirectory()) {
    const files = (await readdir(inputPath))
      .filter((name) => INPUT_EXTENSIONS.has(path.extname(name).toLowerCase()))
      .sort()
      .map((name) => path.join(inputPath, name));
    if (files.length === 0) {
      throw InputError.one(displayName(inputPath), '(folder)', null, 'holds no .json or .csv files');
    }
    const parts: ParsedInput[] = [];
    for (const [i, file] of files.entries()) {
      const source = displayName(file);
      try {
        parts.push(parseDocument(await readText(file), source));
      } catch (err) {
        if (options.strict || !(err instanceof InputError)) throw err;
        parts.push({ ...emptyInput(), skipped: [{ source, reason: err.message }] });
      }
      options.onFile?.(i + 1, files.length, source);
    }
    input = mergeInputs(parts);
  } else {
    input = mergeInputs([parseDocument(await readText(inputPath), displayName(inputPath))]);
  }

  if (options.holdersPath) {
    const holders = parseHolders(await readText(options.holdersPath), displayName(options.holdersPath));
    input = { ...input, trusts: applyHolders(input.trusts, holders) };
  }
  return input;
}
