import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { BeatwiseError, isBeatwiseError } from '../core/errors.ts';
import { allows, requireObject } from '../core/http/guard.ts';
import { route } from '../core/http/route.ts';
import type { RoutePlugin } from '../core/http/server.ts';
import { ensureForce, findForce, importBoundaryFile, LEVELS } from '../force/index.ts';
import { importCrimeFile } from './import.ts';
import { reassignCrimes } from './reassign.ts';

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
          'imports.synthetic',
        ])
        .orderBy('imports.id', 'desc')
        .execute();
      return {
        imports: rows
          .filter((r) => allows(req, { resource: 'imports', action: 'read', force: r.force }))
          .map((r) => ({
            ...r,
            file: basename(r.file),
            synthetic: r.synthetic === 1,
            rejectsUrl:
              r.rejected > 0 &&
              existsSync(rejectsPath(r.file)) &&
              allows(req, { resource: 'rejects', action: 'read', force: r.force })
                ? `/api/imports/${r.id}/rejects`
                : null,
          })),
      };
    },
  );

  route(
    app,
    {
      method: 'GET',
      url: '/api/imports/:id/rejects',
      access: { resource: 'rejects', action: 'read', perObject: true },
      summary: 'The rejects CSV of an import: file, line, field, reason, row',
      tag: 'data',
      params: z.object({ id: z.coerce.number().int().positive() }),
      produces: 'text/csv',
    },
    async ({ params }, req, reply) => {
      const imp = await store.db
        .selectFrom('imports')
        .innerJoin('forces', 'forces.id', 'imports.force_id')
        .select(['imports.file', 'forces.slug as force'])
        .where('imports.id', '=', params.id)
        .executeTakeFirst();
      if (!imp) throw new BeatwiseError('import.unknown', `no import ${params.id}`);
      // Rejects of a force extract hold personal data: only that force's analysts and administrators.
      requireObject(req, { resource: 'rejects', action: 'read', force: imp.force }, `import ${params.id}`);
      const path = rejectsPath(imp.file);
      if (!existsSync(path))
        throw new BeatwiseError('import.no_rejects', `import ${params.id} has no rejects file`);
      reply.header('Content-Disposition', `attachment; filename="${basename(path)}"`);
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
          const level = z.enum(LEVELS).safeParse(fields.level);
          if (!level.success)
            throw new BeatwiseError(
              'upload.level',
              'a boundary file needs a "level" field (lsoa, msoa, ward, …)',
              { field: 'level' },
            );
          const slug = fields.force;
          if (!slug)
            throw new BeatwiseError('upload.force', 'a boundary file needs a "force" field', {
              field: 'force',
            });
          const force = (await findForce(store.db, slug)) ?? (await ensureForce(store.db, slug, slug));
          const r = await importBoundaryFile(store, force.id, level.data, path);
          const placed = await reassignCrimes(store, force.id);
          return {
            kind: 'boundaries',
            file: name,
            force: slug,
            level: r.level,
            features: r.features,
            crs: r.crs,
            placed,
          };
        }
        mkdirSync(rejectsDir, { recursive: true });
        const r = await importCrimeFile(store, path, {
          rejectsDir,
          force: fields.force || undefined,
          sourceName: name,
        });
        const imp = await store.db
          .selectFrom('imports')
          .select('id')
          .where('file', '=', name)
          .orderBy('id', 'desc')
          .executeTakeFirstOrThrow();
        const rejectsUrl = r.counts.rejected > 0 ? `/api/imports/${imp.id}/rejects` : null;
        return {
          kind: 'crimes',
          id: imp.id,
          file: name,
          force: r.force,
          format: r.format,
          counts: r.counts,
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

  function rejectsPath(file: string): string {
    return join(rejectsDir, `${basename(file)}.csv`);
  }
};
