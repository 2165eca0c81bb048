/**
 * A base map from one local PMTiles file (BEATWISE_PMTILES): the server answers HTTP Range
 * requests for that file from its own origin, so the web app's maps read it through the `pmtiles`
 * protocol with no tile server, no internet and no change to the Content-Security-Policy. The file
 * is named only by the setting: nothing in a request can choose another path.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { BeatwiseError } from '../errors.ts';
import { route } from './route.ts';
import type { RoutePlugin } from './server.ts';

/** Where the web app reads the base map from (same origin). */
export const PMTILES_URL = '/api/tiles/base.pmtiles';

/** The base-map file the setting names, or null when there is none. */
export function pmtilesPath(env: NodeJS.ProcessEnv = process.env): string | null {
  return env.BEATWISE_PMTILES || null;
}

/** A byte range to send, inclusive, or why there is none. */
export type RangeAnswer = { start: number; end: number } | 'whole' | 'unsatisfiable';

/**
 * Reads a Range header for a file of `size` bytes: one range `bytes=a-b`, `bytes=a-` or `bytes=-n`
 * (the last n bytes). No header is the whole file; anything else (other units, several ranges, a
 * start past the end, b < a) is unsatisfiable (416), never the whole file by accident.
 */
export function parseRange(header: string | undefined, size: number): RangeAnswer {
  if (header === undefined) return 'whole';
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'unsatisfiable';
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (!Number.isSafeInteger(start) || start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/** A strong entity tag from the file's size and modification time: a replaced file gets a new one. */
export function fileTag(size: number, mtimeMs: number): string {
  return `"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
}

/** GET (and HEAD) /api/tiles/base.pmtiles: the setting's file, by byte ranges. */
export function pmtilesRoutes(path: () => string | null = pmtilesPath): RoutePlugin {
  return (app) =>
    route(
      app,
      {
        method: 'GET',
        url: PMTILES_URL,
        access: { resource: 'meta', action: 'read' },
        summary: 'The base map (BEATWISE_PMTILES), by HTTP Range requests (206)',
        tag: 'meta',
        produces: 'application/vnd.pmtiles',
        noCache: true,
      },
      async (_input, req, reply) => {
        const file = path();
        if (!file)
          throw new BeatwiseError(
            'tiles.not_found',
            'no base map: set BEATWISE_PMTILES to a .pmtiles file (see docs/base-map.md)',
          );
        const s = await stat(file).catch(() => null);
        if (!s?.isFile())
          throw new BeatwiseError(
            'tiles.file_not_found',
            'the base map file that BEATWISE_PMTILES names cannot be read: check the setting (see docs/base-map.md)',
          );
        const etag = fileTag(s.size, s.mtimeMs);
        reply
          .header('accept-ranges', 'bytes')
          .header('etag', etag)
          .header('cache-control', 'no-cache')
          .type('application/vnd.pmtiles');
        const ifRange = req.headers['if-range'];
        const rangeHeader = ifRange && ifRange !== etag ? undefined : req.headers.range;
        const r = parseRange(rangeHeader, s.size);
        if (r === 'unsatisfiable')
          return reply
            .code(416)
            .header('content-range', `bytes */${s.size}`)
            .type('application/json')
            .send({
              error: {
                code: 'tiles.range',
                message: `range "${rangeHeader}" is not one satisfiable byte range of this ${s.size}-byte file`,
                details: {},
              },
            });
        if (r === 'whole') {
          const inm = req.headers['if-none-match'];
          if (inm?.split(',').some((t) => t.trim() === etag)) return reply.code(304).send();
          reply.header('content-length', s.size);
          return reply.send(createReadStream(file));
        }
        reply
          .code(206)
          .header('content-range', `bytes ${r.start}-${r.end}/${s.size}`)
          .header('content-length', r.end - r.start + 1);
        return reply.send(createReadStream(file, { start: r.start, end: r.end }));
      },
    );
}
