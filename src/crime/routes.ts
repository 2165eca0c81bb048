import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { rejectsPathOf } from '../core/csv/rejects.ts';
import { BeatwiseError, isBeatwiseError } from '../core/errors.ts';
import { allows, requireObject } from '../core/http/guard.ts';
import { route } from '../core/http/route.ts';
import type { RoutePlugin } from '../core/http/server.ts';
import { boundaryReaderThread, checkForceSlug, importBoundaries, LEVELS } from '../force/index.ts';
import { reassignInTransaction } from './reassign.ts';
import { checkUploadName } from './upload-checks.ts';
import { importUpload } from './upload-thread.ts';

/** Imports: what is loaded, upload of a crime CSV or boundary file, rejects files. */
export const crimeRoutes: RoutePlugin = (app, { store, rejectsDir }) => {
  route(
    app,
    {
      method: 'GET',
      url: '/api/imports',
      summary: 'Every import of the forces you may see: file, force, counts, rejects',
      tag: 'data',
      access: { resource: 'imports', action: 'read' },
    },
    async (_input, req) => {
      const rows = await store.db
        .selectFrom('imports')
        .innerJoin('forces', 'forces.id', 'imports.force_id')
        .select([
          'imports.id',
          'forces.slug as force',
          'imports.file',
          'imports.format',
          'imports.started_at as startedAt',
          'imports.finished_at as finishedAt',
          'imports.rows',
          'imports.loaded',
          'imports.duplicates',
          'imports.rejected',
          'imports.unlocated',
          'imports.outside',
          'imports.conflicts',
          'imports.bad_quote_lines as badQuoteLines',
          'imports.synthetic',
          'imports.rejects_token',
        ])
        .orderBy('imports.id', 'desc')
        .execute();
      return {
        imports: rows
          .filter((r) => allows(req, { resource: 'imports', action: 'read', force: r.force }))
          .map(({ rejects_token, ...r }) => ({
            ...r,
            file: basename(r.file),
            synthetic: r.synthetic === 1,
            rejectsUrl:
              rejects_token &&
              existsSync(rejectsPathOf(rejectsDir, r.file, rejects_token)) &&
              allows(req, { resource: 'rejects', action: 'read', force: r.force })
                ? rejectsUrlOf(rejects_token)
                : null,
          })),
      };
    },
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/imports/rejects/:token',
      summary:
        "The rejects CSV of an import (file, line, field, reason, row), by the import's unguessable token",
      access: { resource: 'rejects', action: 'read', perObject: true },
      tag: 'data',
      params: z.object({ token: z.string().regex(/^[0-9a-f]{32}$/, 'a rejects token is 32 hex digits') }),
      produces: 'text/csv',
    },
    async ({ params }, req, reply) => {
      const imp = await store.db
        .selectFrom('imports')
        .innerJoin('forces', 'forces.id', 'imports.force_id')
        .select(['imports.file', 'forces.slug as force'])
        .where('imports.rejects_token', '=', params.token)
        .executeTakeFirst();
      const path = imp && rejectsPathOf(rejectsDir, imp.file, params.token);
      if (!imp || !path || !existsSync(path))
        throw new BeatwiseError('import.rejects_not_found', 'no rejects file has this address');
      // Rejects of a force extract hold personal data: only that force's analysts and administrators.
      requireObject(req, { resource: 'rejects', action: 'read', force: imp.force }, 'this rejects file');
      reply.header('Content-Disposition', `attachment; filename="${basename(imp.file)}.rejects.csv"`);
      return reply.type('text/csv').send(createReadStream(path));
    },
  );

  route(
    app,
    {
      method: 'POST',
      url: '/api/imports',
      summary:
        'Upload a police.uk CSV (.csv, .csv.gz) or force extract, or a boundary file with a level field',
      tag: 'data',
      access: { resource: 'imports', action: 'create' },
    },
    async (_input, req) => {
      const part = await req.file();
      if (!part)
        throw new BeatwiseError(
          'upload.no_file',
          'send the file as multipart/form-data in a field named "file"',
        );
      checkUploadName(part.filename);
      const fields = Object.fromEntries(
        Object.entries(part.fields).map(([k, v]) => [k, v && 'value' in v ? String(v.value) : '']),
      );
      // The force is a form field, so the guard could not see it: a grant for one force imports
      // for that force only, and must name it.
      if (!allows(req, { resource: 'imports', action: 'create', force: fields.force || '\u0000any' }))
        throw new BeatwiseError(
          'access.forbidden',
          fields.force
            ? `not allowed: you may not import for force "${fields.force}"`
            : 'not allowed: name the force you import for in a "force" field',
          { field: 'force' },
        );
      const dir = mkdtempSync(join(tmpdir(), 'beatwise-upload-'));
      const name = basename(part.filename || 'upload.csv').replace(/[^\w.-]/g, '_');
      const path = join(dir, name);
      try {
        await pipeline(part.file, createWriteStream(path));
        if (part.file.truncated)
          throw new BeatwiseError('upload.too_large', 'the file is larger than 500 MB');
        if (/\.(geojson|json|kml|zip)(\.gz)?$/i.test(name)) {
          // 'force' is the whole-force area each force has: never a level of imported areas.
          const level = z.enum(LEVELS).exclude(['force']).safeParse(fields.level);
          if (!level.success)
            throw new BeatwiseError(
              'upload.level',
              `a boundary file needs a "level" field: one of ${LEVELS.filter((l) => l !== 'force').join(', ')}`,
              { field: 'level' },
            );
          const slug = fields.force;
          if (!slug)
            throw new BeatwiseError('upload.force', 'a boundary file needs a "force" field', {
              field: 'force',
            });
          // The force must exist: an upload never creates one.
          const r = await importBoundaries(store, {
            force: slug,
            level: level.data,
            files: [path],
            afterWrite: reassignInTransaction,
            // Read off the request thread, with a bounded heap: other users' requests go on being answered.
            read: boundaryReaderThread(),
          });
          const [b] = r.results;
          return {
            kind: 'boundaries',
            file: name,
            force: r.force.slug,
            level: b.level,
            features: b.features,
            crs: b.crs,
            placed: r.placed,
            warnings: b.warnings.map((w) => ({ ...w, file: name })),
          };
        }
        mkdirSync(rejectsDir, { recursive: true });
        if (fields.force) checkForceSlug(fields.force, { field: 'force' });
        // Imported on a worker thread with a bounded heap: other users' requests go on being answered.
        const r = await importUpload(store, path, {
          rejectsDir,
          force: fields.force || undefined,
          sourceName: name,
          latestMonth: fields.latestMonth || undefined,
          maxRepeats: fields.maxRepeats ? Number(fields.maxRepeats) : undefined,
        });
        const rejectsUrl = r.rejectsToken ? rejectsUrlOf(r.rejectsToken) : null;
        return {
          kind: 'crimes',
          id: r.importId,
          file: name,
          force: r.force,
          format: r.format,
          counts: r.counts,
          warnings: r.warnings ?? [],
          rejectsUrl,
        };
      } catch (e) {
        // Name the file as the user knows it, not by the server's temporary copy.
        if (isBeatwiseError(e) && e.where.file === path) e.where.file = name;
        throw e;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
};

/** Where an import's rejects are downloaded: by its token alone, never by its sequential id. */
function rejectsUrlOf(token: string): string {
  return `/api/imports/rejects/${token}`;
}
