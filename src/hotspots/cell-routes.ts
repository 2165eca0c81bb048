/**
 * One cell of the hotspot grid over HTTP: where it is (its locations with their crimes, its LSOA,
 * ward and team), for the page's "click a cell" panel.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { BeatwiseError } from '../core/errors.ts';
import { route } from '../core/http/route.ts';
import type { Store } from '../core/store/store.ts';
import { cellIndexOf, loadPlaceCounts, nameCells } from './cell-places.ts';
import { prepare } from './lab.ts';
import { DEFAULT_CELL_M, summaryOf } from './summary.ts';

/** The cell size a request means: its own, none for H3, else the micro-place default (150 m). */
export function cellOrDefault(q: { cell?: number; h3?: number }): number | undefined {
  return q.cell ?? (q.h3 === undefined ? DEFAULT_CELL_M : undefined);
}

export function cellPlaceRoutes(app: FastifyInstance, store: Store, selection: z.ZodRawShape): void {
  route(
    app,
    {
      method: 'GET',
      url: '/api/forces/:force/hotspots/cell',
      // Places and counts of one cell: exact where the data is a force extract.
      access: { resource: 'hotspot-detail', action: 'read' },
      summary: "One cell's locations ('On or near …') with their crimes, and its LSOA, ward and team",
      tag: 'hotspots',
      params: z.object({ force: z.string().min(1) }),
      query: z.object({ ...selection, id: z.string().min(1).describe('the cell_id of the grid') }),
    },
    async ({ params: p, query: q }) => {
      const sel = q as {
        id: string;
        cell?: number;
        h3?: number;
        area?: string;
        from?: string;
        to?: string;
        types?: string;
      };
      const ctx = await prepare(store, { ...sel, force: p.force, cell: cellOrDefault(sel) });
      const k = cellIndexOf(ctx.grid, sel.id);
      if (k < 0)
        throw new BeatwiseError(
          'hotspots.unknown_cell',
          `no cell "${sel.id}" in this grid: choose a cell from the map`,
          {
            field: 'id',
          },
        );
      const names = nameCells(ctx.grid, await loadPlaceCounts(store.db, ctx.area, ctx.selection));
      const n = names.get(k);
      return {
        cell_id: sel.id,
        count: ctx.count[k],
        harm: ctx.harm[k],
        place: n?.place ?? null,
        lsoa: n?.lsoa ?? null,
        ward: n?.ward ?? null,
        team: n?.team ?? null,
        places: n?.places ?? [],
        summary: summaryOf(ctx),
        caveats: ctx.caveats,
      };
    },
  );
}
