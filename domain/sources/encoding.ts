import iconv from 'iconv-lite';
import { InputError } from './errors.ts';

/**
 * The text of an input file. CQC's downloads come as UTF-8 (often with a byte-order mark) or, when
 * saved from Excel, Windows-1252: valid UTF-8 is read as UTF-8, anything else as Windows-1252 if
 * it is that. UTF-16 and bytes neither encoding allows are refused by name, never mangled.
 */
export function decodeInput(bytes: Uint8Array, source: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    throw InputError.one(
      source,
      '(file)',
      null,
      'is UTF-16: save it as UTF-8 (CSV UTF-8 in Excel) and try again',
    );
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    // Not UTF-8. Windows-1252 leaves five bytes undefined: one of those means it is neither.
    const undefinedAt = bytes.findIndex(
      (b) => b === 0x81 || b === 0x8d || b === 0x8f || b === 0x90 || b === 0x9d,
    );
    if (undefinedAt >= 0)
      throw InputError.one(
        source,
        `byte ${undefinedAt}`,
        null,
        'is neither UTF-8 nor Windows-1252: save it as UTF-8 and try again',
      );
    // iconv-lite, as Node's own TextDecoder reads this label as Latin-1 (0x92 is not ’ there).
    return iconv.decode(Buffer.from(bytes), 'windows-1252');
  }
}
