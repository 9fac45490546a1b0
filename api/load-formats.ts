type Formats = typeof import('./formats.ts');

/** The separately bundled `formats.mjs` beside the Lambda bundle; the TypeScript source otherwise. */
const BESIDE_BUNDLE = './formats.mjs';
const SOURCE = './formats.ts';

let formats: Promise<Formats> | null = null;

export function loadFormats(): Promise<Formats> {
  formats ??= (async () => {
    try {
      // A variable specifier: esbuild leaves this import to run time instead of inlining it.
      return (await import(new URL(BESIDE_BUNDLE, import.meta.url).href)) as Formats;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
      return (await import(new URL(SOURCE, import.meta.url).href)) as Formats;
    }
  })();
  return formats;
}
