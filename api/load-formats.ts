/**
 * A module bundled on its own beside the Lambda bundle (`name.mjs`), imported the first time it
 * is needed so cold starts do not pay for it; its TypeScript source when run from source.
 */
export function sideModule<T>(besideBundle: URL, source: URL): () => Promise<T> {
  let loaded: Promise<T> | null = null;
  return () => {
    loaded ??= (async () => {
      try {
        // A variable specifier: esbuild leaves this import to run time instead of inlining it.
        return (await import(besideBundle.href)) as T;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
        return (await import(source.href)) as T;
      }
    })();
    return loaded;
  };
}

/** The CSV and iCalendar writers: most requests are JSON. */
export const loadFormats = sideModule<typeof import('./formats.ts')>(
  new URL('./formats.mjs', import.meta.url),
  new URL('./formats.ts', import.meta.url),
);

/** The web pages (JSX): the JSON API never loads them. */
export const loadPages = sideModule<typeof import('./pages/index.tsx')>(
  new URL('./pages.mjs', import.meta.url),
  new URL('./pages/index.tsx', import.meta.url),
);

/** The planner (HiGHS and its WebAssembly): only a plan loads it. */
export const loadPlanner = sideModule<typeof import('./planner.ts')>(
  new URL('./planner.mjs', import.meta.url),
  new URL('./planner.ts', import.meta.url),
);
