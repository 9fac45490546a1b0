import * as z from '../domain/zod.ts';
import { errorSchema } from './errors.ts';
import type { Route } from './route.ts';

const ERROR_TEXT: Record<number, string> = {
  400: 'a parameter is wrong: the error names it',
  401: 'not signed in, or the access token was refused',
  403: 'signed in, but this is not for your role (or not your trust)',
  404: 'not found',
  405: 'method not allowed',
};

function jsonSchema(schema: z.ZodMiniType, io: 'input' | 'output') {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'openapi-3.0',
  }) as Record<string, unknown>;
  return rest;
}

/**
 * The OpenAPI document of the planner API, generated from the same zod schemas the routes
 * validate with. `npm run openapi` writes it to docs/openapi.json; a test keeps the two equal.
 */
export function buildOpenApiDocument(routes: readonly Route[]) {
  const paths: Record<string, unknown> = {};
  for (const route of routes) {
    const query = jsonSchema(route.query, 'input') as {
      properties?: Record<string, Record<string, unknown>>;
      required?: string[];
    };
    const parameters = [
      ...Object.entries(route.pathParams ?? {}).map(([name, description]) => ({
        name,
        in: 'path',
        required: true,
        description,
        schema: { type: 'string' },
      })),
      ...Object.entries(query.properties ?? {}).map(([name, schema]) => ({
        name,
        in: 'query',
        required: (query.required ?? []).includes(name) && !('default' in schema),
        schema,
      })),
    ];
    const content: Record<string, unknown> = {
      'application/json': { schema: jsonSchema(route.response(), 'output') },
    };
    for (const other of route.alsoAnswers ?? [])
      content[other.mediaType] = { schema: { type: 'string', description: other.description } };
    const responses: Record<string, unknown> = { '200': { description: 'OK', content } };
    const access = route.access ?? 'signed-in';
    const statuses = new Set([...route.errors, 401, ...(access === 'signed-in' ? [] : [403]), 405]);
    for (const status of [...statuses].sort((a, b) => a - b)) {
      responses[String(status)] = {
        description: ERROR_TEXT[status] ?? 'error',
        content: { 'application/json': { schema: jsonSchema(errorSchema, 'output') } },
      };
    }
    paths[route.path] = {
      [(route.method ?? 'GET').toLowerCase()]: {
        operationId: route.operationId,
        summary: route.summary,
        ...(route.body
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
              },
            }
          : {}),
        ...(route.description ? { description: route.description } : {}),
        ...(access === 'signed-in' ? {} : { 'x-access': access }),
        parameters,
        responses,
        security: [{ cognito: [] }],
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Trust scheduler planner API',
      version: '1',
      description:
        "Due inspection work for CQC's NHS trusts. Every route needs a signed-in user's Cognito access token (Authorization: Bearer); relationship holders see only the trusts they hold, planners everything, admins also the run records (x-access names a route's role).",
    },
    // Relative: the API answers on its own address (npm start: http://127.0.0.1:3000; in AWS the
    // App stack's ApiUrl output), wherever the document is served from.
    servers: [{ url: '/', description: "the planner API's own address" }],
    paths: {
      ...paths,
      '/openapi.json': {
        get: {
          operationId: 'getOpenApiDocument',
          summary: 'This document',
          responses: {
            '200': { description: 'OK' },
            '405': {
              description: ERROR_TEXT[405] ?? 'error',
              content: { 'application/json': { schema: jsonSchema(errorSchema, 'output') } },
            },
          },
          security: [],
        },
      },
    },
    components: {
      securitySchemes: {
        cognito: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'An Amazon Cognito access token of the scheduler user pool (locally: npx trust-scheduler token --user EMAIL)',
        },
      },
    },
  };
}
