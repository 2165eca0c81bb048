import type { Geometry, MultiPolygon } from 'geojson';
import { apiUrl } from '../api/client.ts';
import type { BoundaryCollection } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { outerEdges } from './dissolve.ts';
import type { MapData } from './map-engine.ts';

/** The force's boundaries at a level (GeoJSON from the API). */
export function useBoundaries(force: string, level: string | null) {
  return useApi<BoundaryCollection>(
    level ? apiUrl(`/forces/${encodeURIComponent(force)}/boundaries`, { level }) : null,
  );
}

/** Boundaries with a fill colour per area code, ready for MapView (features without geometry are left out). */
export function colourAreas(b: BoundaryCollection, fill: (code: string) => string): MapData {
  return {
    type: 'FeatureCollection',
    features: b.features.flatMap((f) => {
      if (!f.geometry) return [];
      const properties = { code: f.properties.code, name: f.properties.name, fill: fill(f.properties.code) };
      if (!f.properties.composed || f.geometry.type !== 'MultiPolygon')
        return [{ type: 'Feature' as const, geometry: f.geometry as Geometry, properties }];
      // An area made of others: its members filled, one outline round them all.
      return [
        {
          type: 'Feature' as const,
          geometry: f.geometry as Geometry,
          properties: { ...properties, dissolved: true },
        },
        { type: 'Feature' as const, geometry: outerEdges(f.geometry as unknown as MultiPolygon), properties },
      ];
    }),
  };
}
