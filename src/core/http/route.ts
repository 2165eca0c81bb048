import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { BeatwiseError } from '../errors.ts';
import type { DataCounter } from './cache-key.ts';
import type { RouteAccess } from './guard.ts';

/** What the OpenAPI document says about one route. */
export interface RouteDoc {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  summary: string;
  tag: string;
  query?: z.ZodObject;
  params?: z.ZodObject;
  /** Content type of a success response (default JSON). */
  produces?: string;
  /** Largest request body parsed, bytes (default the server's, 1 MiB: limits.ts). */
  bodyLimit?: number;
  /** The policy rule this route is checked against (src/access/policy.ts): required. */
  access: RouteAccess;
  /** Never answer from the response cache (the answer depends on something no data counter follows). */
  noCache?: boolean;
  /**
   * The data counters the answer depends on (cache-key.ts; default crimes, areas, harm weights): the
   * response cache keeps it while they stand still, and drops it when one of them moves.
   */
  counters?: readonly DataCounter[];
}

/** Routes registered so far, for /api/openapi.json. */
export const routeDocs: RouteDoc[] = [];

/**
 * Registers a route whose path parameters and query string are checked with zod: a bad value is a
 * 400 naming the field, and the handler gets typed, parsed input.
 */
export function route<Q extends z.ZodObject, P extends z.ZodObject>(
  app: FastifyInstance,
  doc: RouteDoc & { query?: Q; params?: P },
  handler: (
    input: { query: z.infer<Q>; params: z.infer<P> },
    req: FastifyRequest,
    reply: FastifyReply,
  ) => Promise<unknown>,
): void {
  routeDocs.push(doc);
  app.route({
    method: doc.method,
    url: doc.url,
    // The response cache keys on the query parameters only (cache-key.ts); a route may take a larger body.
    config: {
      access: doc.access,
      queryKeys: Object.keys(doc.query?.shape ?? {}),
      noCache: doc.noCache,
      counters: doc.counters,
    },
    ...(doc.bodyLimit ? { bodyLimit: doc.bodyLimit } : {}),
    handler: async (req, reply) => {
      const query = parse(doc.query, req.query, 'query') as z.infer<Q>;
      const params = parse(doc.params, req.params, 'path') as z.infer<P>;
      return handler({ query, params }, req, reply);
    },
  });
}

function parse(schema: z.ZodObject | undefined, value: unknown, where: string): unknown {
  if (!schema) return {};
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue.path.join('.') || where;
  throw new BeatwiseError(
    'http.bad_request',
    `${where} parameter "${field}": ${issue.message}`,
    { field },
    {
      issues: r.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
    },
  );
}

export const monthParam = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM')
  .optional();

/** The OpenAPI 3.1 document for every registered route. */
export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const d of routeDocs) {
    const url = d.url.replace(/:([a-zA-Z]+)/g, '{$1}');
    const parameters: Record<string, unknown>[] = [];
    for (const [where, schema] of [
      ['path', d.params],
      ['query', d.query],
    ] as const) {
      if (!schema) continue;
      const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
        properties?: Record<string, Record<string, unknown>>;
        required?: string[];
      };
      for (const [name, s] of Object.entries(json.properties ?? {})) {
        parameters.push({
          name,
          in: where,
          required: where === 'path' || (json.required ?? []).includes(name),
          schema: s,
        });
      }
    }
    paths[url] ??= {};
    paths[url][d.method.toLowerCase()] = {
      summary: d.summary,
      tags: [d.tag],
      'x-beatwise-access': d.access,
      parameters,
      responses: {
        200: { description: 'OK', content: { [d.produces ?? 'application/json']: {} } },
        400: { description: 'Bad request: {error: {code, message, details}}' },
        401: { description: 'Sign in needed' },
        403: { description: 'Not allowed for your roles' },
        404: { description: 'Not found: {error: {code, message}}' },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Beatwise API',
      version,
      description: 'Neighbourhood policing: crime harm, hotspots, workforce.',
    },
    paths,
  };
}
