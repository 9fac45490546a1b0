/**
 * zod, through its tree-shakeable API (`zod/mini`), with English messages. The functions' bundles
 * load every schema module at cold start: the classic API alone added 92 KB to each.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
