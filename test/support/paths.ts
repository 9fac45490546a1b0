import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(ROOT, 'test/fixtures');
export const CQC_LOCATIONS = path.join(FIXTURES, 'cqc-api/locations');
export const RATINGS_CSV = path.join(FIXTURES, 'cqc-ratings/latest-ratings-oldham.csv');
/** Fictional provider-level documents (see test/fixtures/README.md). */
export const CQC_FICTIONAL = path.join(FIXTURES, 'cqc-api/fictional');
