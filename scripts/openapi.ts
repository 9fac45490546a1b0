/**
 * Writes docs/openapi.json from the routes' schemas, and the TypeScript types a client generator
 * (openapi-typescript) makes of it (test/support/openapi-paths.ts, which the generated-client test
 * calls the API with): `npm run openapi`. Tests keep both equal to what the routes make.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildOpenApiDocument } from '../api/openapi.ts';
import { ROUTES } from '../api/routes/index.ts';

const file = new URL('../docs/openapi.json', import.meta.url);
writeFileSync(file, `${JSON.stringify(buildOpenApiDocument(ROUTES), null, 2)}\n`);
console.log(`written: docs/openapi.json (${ROUTES.length + 1} routes)`);
const types = new URL('../test/support/openapi-paths.ts', import.meta.url);
writeFileSync(types, astToString(await openapiTS(file)));
console.log('written: test/support/openapi-paths.ts');
// In the repository's format (short arrays on one line), so `npm run lint` passes as written.
execFileSync('npx', ['biome', 'format', '--write', 'docs/openapi.json'], { stdio: 'ignore' });
