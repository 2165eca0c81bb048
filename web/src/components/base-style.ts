/**
 * A small style for a local PMTiles base map (BEATWISE_PMTILES): water, green space, buildings,
 * roads and place names, drawn faintly under our boundaries. The layer names are guessed from the
 * archive's metadata (`vector_layers`), for the three schemes a force is likely to download:
 * OpenMapTiles (OpenStreetMap extracts), Protomaps' basemap and OS Open Zoomstack. A layer the
 * file does not have is simply not drawn. Place names use the browser's own fonts (no glyph server).
 */
import type { LayerSpecification } from 'maplibre-gl';

/** What a file's metadata says about one vector layer. */
export interface VectorLayerInfo {
  id: string;
  fields?: Record<string, unknown>;
}

/** Candidate source-layer names per role, most likely first (OpenMapTiles, Protomaps, Zoomstack). */
export const ROLES = {
  water: ['water', 'sea', 'surfacewater', 'ocean'],
  waterway: ['waterway', 'waterlines'],
  green: ['park', 'greenspace', 'woodland', 'landcover'],
  building: ['building', 'buildings', 'local_buildings', 'district_buildings'],
  road: ['transportation', 'roads', 'road'],
  place: ['place', 'places', 'names', 'place_label'],
} as const;

/** The vector layers of a PMTiles metadata object (unknown JSON), or none. */
export function vectorLayers(meta: unknown): VectorLayerInfo[] {
  if (!meta || typeof meta !== 'object') return [];
  const v = (meta as { vector_layers?: unknown }).vector_layers;
  if (!Array.isArray(v)) return [];
  return v.flatMap((l): VectorLayerInfo[] =>
    l && typeof l === 'object' && typeof (l as { id?: unknown }).id === 'string'
      ? [{ id: (l as { id: string }).id, fields: (l as { fields?: Record<string, unknown> }).fields }]
      : [],
  );
}

/** The file's layer names chosen for each role (the first candidate it has), e.g. road → 'roads'. */
export function pickLayers(layers: readonly VectorLayerInfo[]): Partial<Record<keyof typeof ROLES, string>> {
  const have = new Set(layers.map((l) => l.id));
  const out: Partial<Record<keyof typeof ROLES, string>> = {};
  for (const [role, names] of Object.entries(ROLES) as [keyof typeof ROLES, readonly string[]][]) {
    const hit = names.find((n) => have.has(n));
    if (hit) out[role] = hit;
  }
  return out;
}

/** The name field a place layer has: `name`, `name_en`, `name:en` or `Name`. */
function nameField(layers: readonly VectorLayerInfo[], id: string): string {
  const fields = layers.find((l) => l.id === id)?.fields ?? {};
  return ['name', 'name_en', 'name:en', 'Name', 'distname'].find((f) => f in fields) ?? 'name';
}

/** The base map's layers for a vector source `source`, bottom first. */
export function baseLayers(source: string, layers: readonly VectorLayerInfo[]): LayerSpecification[] {
  const p = pickLayers(layers);
  const out: LayerSpecification[] = [];
  if (p.green)
    out.push({
      id: 'base-green',
      type: 'fill',
      source,
      'source-layer': p.green,
      paint: { 'fill-color': '#dfe9d3', 'fill-opacity': 0.7 },
    });
  if (p.water)
    out.push({
      id: 'base-water',
      type: 'fill',
      source,
      'source-layer': p.water,
      paint: { 'fill-color': '#bcd4e6' },
    });
  if (p.waterway)
    out.push({
      id: 'base-waterway',
      type: 'line',
      source,
      'source-layer': p.waterway,
      paint: { 'line-color': '#9fc0d8', 'line-width': 1 },
    });
  if (p.building)
    out.push({
      id: 'base-building',
      type: 'fill',
      source,
      'source-layer': p.building,
      minzoom: 13,
      paint: { 'fill-color': '#d9d4cc', 'fill-outline-color': '#c4beb4' },
    });
  if (p.road)
    out.push({
      id: 'base-road',
      type: 'line',
      source,
      'source-layer': p.road,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': '#ffffff',
        'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.4, 13, 1.5, 17, 6],
      },
    });
  if (p.place)
    out.push({
      id: 'base-place',
      type: 'symbol',
      source,
      'source-layer': p.place,
      filter: ['has', nameField(layers, p.place)],
      layout: {
        'text-field': ['get', nameField(layers, p.place)],
        'text-font': ['sans-serif'],
        'text-size': 12,
      },
      paint: { 'text-color': '#444', 'text-halo-color': '#fff', 'text-halo-width': 1.2 },
    });
  return out;
}
