/**
 * MapLibre GL, loaded only by pages that draw a map. The base is the force's own boundaries (no
 * tile server needed, works offline); a raster tile URL from the server's settings is drawn under
 * them when there is one. No symbol layers: labels are HTML, so no glyph server is needed.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';

maplibregl.setWorkerUrl(workerUrl);

export interface MapFeatureProps {
  code: string;
  name: string;
  fill: string;
  /** A composed area's polygons: filled, but outlined by its own outer-edge line feature instead. */
  dissolved?: boolean;
}

/** Lines are drawn for every feature but the polygons of a dissolved area (its outline is a line). */
const LINED: maplibregl.FilterSpecification = ['!=', ['get', 'dissolved'], true];
const ofCode = (code: string): maplibregl.FilterSpecification => [
  'all',
  ['==', ['get', 'code'], code],
  LINED,
];

export type MapData = FeatureCollection<Geometry, MapFeatureProps>;

export interface EngineOptions {
  container: HTMLElement;
  label: string;
  data: MapData;
  tileUrl: string | null;
  tileAttribution: string | null;
  outline: boolean;
  fillOpacity: number;
  highlight: string | null;
  onHover: (code: string | null, point: { x: number; y: number } | null) => void;
  onClick: (code: string) => void;
  onError: (message: string) => void;
  onMove: () => void;
}

export interface Engine {
  setData(data: MapData): void;
  setHighlight(code: string | null): void;
  project(lngLat: [number, number]): { x: number; y: number };
  /** The map's zoom level now. */
  zoom(): number;
  destroy(): void;
}

/** [west, south, east, north] of every coordinate in the data, or null when it has none. */
export function bounds(data: FeatureCollection): [number, number, number, number] | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const walk = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      const x = c[0];
      const y = c[1];
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > n) n = y;
      return;
    }
    for (const k of c) walk(k);
  };
  for (const f of data.features) if (f.geometry && 'coordinates' in f.geometry) walk(f.geometry.coordinates);
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

/** A point to hang a feature's HTML label on: the centre of the bounding box of its largest ring. */
export function labelPoint(f: Feature<Geometry, MapFeatureProps>): [number, number] | null {
  const g = f.geometry;
  if (!g) return null;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  let best: number[][] | null = null;
  let bestArea = -1;
  for (const p of polys) {
    const ring = p[0];
    let a = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
      a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
    if (Math.abs(a) > bestArea) {
      bestArea = Math.abs(a);
      best = ring;
    }
  }
  if (!best) return null;
  let sx = 0;
  let sy = 0;
  for (const c of best) {
    sx += c[0];
    sy += c[1];
  }
  return [sx / best.length, sy / best.length];
}

export function createEngine(o: EngineOptions): Engine {
  const sources: maplibregl.StyleSpecification['sources'] = {
    areas: { type: 'geojson', data: o.data, promoteId: 'code' },
  };
  const layers: maplibregl.LayerSpecification[] = [
    { id: 'background', type: 'background', paint: { 'background-color': '#f3f3ef' } },
  ];
  if (o.tileUrl) {
    sources.base = {
      type: 'raster',
      tiles: [o.tileUrl],
      tileSize: 256,
      attribution: o.tileAttribution ?? undefined,
    };
    layers.push({ id: 'base', type: 'raster', source: 'base' });
  }
  layers.push(
    {
      id: 'fill',
      type: 'fill',
      source: 'areas',
      paint: {
        'fill-color': ['get', 'fill'],
        'fill-opacity': o.tileUrl ? Math.min(o.fillOpacity, 0.7) : o.fillOpacity,
      },
    },
    {
      id: 'outline',
      type: 'line',
      source: 'areas',
      filter: LINED,
      paint: { 'line-color': '#3b3b3b', 'line-width': o.outline ? 0.7 : 0, 'line-opacity': 0.8 },
    },
    {
      id: 'hover',
      type: 'line',
      source: 'areas',
      filter: ofCode(''),
      paint: { 'line-color': '#111', 'line-width': 2.5 },
    },
    {
      id: 'highlight',
      type: 'line',
      source: 'areas',
      filter: ofCode(o.highlight ?? ''),
      paint: { 'line-color': '#1d4ed8', 'line-width': 3.5 },
    },
  );
  const b = bounds(o.data);
  const map = new maplibregl.Map({
    container: o.container,
    style: { version: 8, sources, layers },
    bounds: b ?? undefined,
    fitBoundsOptions: { padding: 16 },
    center: b ? undefined : [-1.5, 52.6],
    zoom: b ? undefined : 7,
    attributionControl: o.tileUrl ? { compact: true } : false,
    canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
    locale: { 'Map.Title': o.label },
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    cooperativeGestures: false,
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.on('error', (e) => o.onError(e.error?.message ?? 'the map met an error'));
  map.on('mousemove', 'fill', (e) => {
    const f = e.features?.[0];
    const code = f ? String(f.properties.code) : null;
    map.setFilter('hover', ofCode(code ?? ''));
    map.getCanvas().style.cursor = code ? 'pointer' : '';
    o.onHover(code, { x: e.point.x, y: e.point.y });
  });
  map.on('mouseleave', 'fill', () => {
    map.setFilter('hover', ofCode(''));
    map.getCanvas().style.cursor = '';
    o.onHover(null, null);
  });
  map.on('click', 'fill', (e) => {
    const f = e.features?.[0];
    if (f) o.onClick(String(f.properties.code));
  });
  map.on('move', () => o.onMove());
  map.on('load', () => o.onMove());
  return {
    setData(data) {
      const src = map.getSource('areas');
      if (src && src instanceof maplibregl.GeoJSONSource) src.setData(data);
      const nb = bounds(data);
      if (nb) map.fitBounds(nb, { padding: 16, animate: false });
    },
    setHighlight(code) {
      if (map.getLayer('highlight')) map.setFilter('highlight', ofCode(code ?? ''));
    },
    zoom() {
      return map.getZoom();
    },
    project(lngLat) {
      const p = map.project(lngLat);
      return { x: p.x, y: p.y };
    },
    destroy() {
      map.remove();
    },
  };
}

/** Whether this browser can draw WebGL maps at all. */
export function webglAvailable(): boolean {
  try {
    const c = document.createElement('canvas');
    return Boolean(c.getContext('webgl2') ?? c.getContext('webgl'));
  } catch {
    return false;
  }
}
