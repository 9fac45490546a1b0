/** Writes docs/openapi.json from the routes' schemas: `npm run openapi`. A test keeps them equal. */
import { writeFileSync } from 'node:fs';
import { buildOpenApiDocument } from '../api/openapi.ts';
import { ROUTES } from '../api/routes/index.ts';

const file = new URL('../docs/openapi.json', import.meta.url);
writeFileSync(file, `${JSON.stringify(buildOpenApiDocument(ROUTES), null, 2)}\n`);
console.log(`written: docs/openapi.json (${ROUTES.length + 1} routes)`);
