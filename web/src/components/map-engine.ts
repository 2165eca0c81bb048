/**
 * MapLibre GL, loaded only by pages that draw a map. The base is the force's own boundaries (no
 * tile server needed, works offline); under them, a base map from the server's own local PMTiles
 * file (BEATWISE_PMTILES, read through the `pmtiles` protocol) or a raster tile URL, when the
 * server has one. Area labels are HTML; the street labels of police.uk map points are a symbol
 * layer (collision-checked by MapLibre) drawn with the browser's own fonts: the style names no
 * glyph server, so no internet is needed.
 */
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { PMTiles, Protocol } from 'pmtiles';
import 'maplibre-gl/dist/maplibre-gl.css';
import { baseLayers, vectorLayers } from './base-style.ts';

maplibregl.setWorkerUrl(workerUrl);

/** One protocol for every map on the page: registered once, archives added by URL. */
let protocol: Protocol | null = null;
function pmtilesProtocol(): Protocol {
  if (!protocol) {
    protocol = new Protocol();
    maplibregl.addProtocol('pmtiles', protocol.tile);
  }
  return protocol;
}

/** A street label: a police.uk map point and its street ("On or near" taken off). */
export type StreetLabels = FeatureCollection<Point, { label: string; crimes: number }>;

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
  /** This server's local PMTiles base map (a path on our origin), or null. */
  pmtilesUrl?: string | null;
  /** Street labels of the map points in view, from this zoom on. */
  streetLabels?: { minZoom: number; load: (bbox: [number, number, number, number]) => Promise<StreetLabels> };
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
  if (o.streetLabels) {
    sources.streets = { type: 'geojson', data: { type: 'FeatureCollection', features: [] } };
    layers.push(
      {
        id: 'street-points',
        type: 'circle',
        source: 'streets',
        minzoom: o.streetLabels.minZoom,
        paint: { 'circle-radius': 2.5, 'circle-color': '#333', 'circle-opacity': 0.7 },
      },
      {
        id: 'street-labels',
        type: 'symbol',
        source: 'streets',
        minzoom: o.streetLabels.minZoom,
        layout: {
          'text-field': ['get', 'label'],
          'text-font': ['sans-serif'],
          'text-size': 11,
          'text-anchor': 'top',
          'text-offset': [0, 0.4],
          'text-max-width': 10,
          'text-padding': 3,
          // Collision: labels that would overlap are dropped, the busier map points kept first.
          'text-allow-overlap': false,
          'symbol-sort-key': ['-', ['get', 'crimes']],
        },
        paint: { 'text-color': '#1f1f1f', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
      },
    );
  }
  const b = bounds(o.data);
  const map = new maplibregl.Map({
    container: o.container,
    style: { version: 8, sources, layers },
    bounds: b ?? undefined,
    fitBoundsOptions: { padding: 16 },
    center: b ? undefined : [-1.5, 52.6],
    zoom: b ? undefined : 7,
    attributionControl: o.tileUrl || o.pmtilesUrl ? { compact: true } : false,
    canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
    locale: { 'Map.Title': o.label },
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    cooperativeGestures: false,
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  // The page's maps, for browser tests and debugging in the console (window.beatwiseMaps).
  const page = window as unknown as { beatwiseMaps?: Set<maplibregl.Map> };
  page.beatwiseMaps ??= new Set();
  const registry = page.beatwiseMaps;
  registry.add(map);
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
  if (o.pmtilesUrl) addPmtilesBase(map, new URL(o.pmtilesUrl, window.location.href).href, o);
  if (o.streetLabels) {
    const s = o.streetLabels;
    let asked = '';
    let timer = 0;
    const refresh = () => {
      clearTimeout(timer);
      if (map.getZoom() < s.minZoom) return;
      timer = window.setTimeout(() => {
        const b = map.getBounds();
        const bbox: [number, number, number, number] = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
        const key = bbox.map((v) => v.toFixed(4)).join(',');
        if (key === asked) return;
        asked = key;
        s.load(bbox).then(
          (fc) => {
            const src = map.getSource('streets');
            if (src && src instanceof maplibregl.GeoJSONSource) src.setData(fc);
          },
          (e: unknown) => o.onError(`street labels: ${e instanceof Error ? e.message : String(e)}`),
        );
      }, 150);
    };
    map.on('moveend', refresh);
    map.on('load', refresh);
    // How many street labels are drawn now (after collision), for tests and assistive summaries.
    map.on('idle', () => {
      const n = map.getLayer('street-labels')
        ? map.queryRenderedFeatures({ layers: ['street-labels'] }).length
        : 0;
      o.container.dataset.streetLabels = String(n);
    });
  }
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
      registry.delete(map);
      map.remove();
    },
  };
}

/**
 * Adds the local PMTiles base map under our areas: its metadata says which layers it has, and the
 * style is built for them (base-style.ts). Tiles come through the `pmtiles` protocol by Range
 * requests to our own origin. A file that cannot be read leaves our boundaries as they are.
 */
function addPmtilesBase(map: maplibregl.Map, url: string, o: EngineOptions): void {
  const proto = pmtilesProtocol();
  const archive = proto.get(url) ?? new PMTiles(url);
  proto.add(archive);
  Promise.all([
    archive.getMetadata(),
    new Promise<void>((r) => (map.loaded() ? r() : map.once('load', () => r()))),
  ])
    .then(([meta]) => {
      if (!map.getStyle()) return;
      const attribution = (meta as { attribution?: unknown } | null)?.attribution;
      map.addSource('basemap', {
        type: 'vector',
        url: `pmtiles://${url}`,
        attribution: typeof attribution === 'string' ? attribution : undefined,
      });
      for (const layer of baseLayers('basemap', vectorLayers(meta))) map.addLayer(layer, 'fill');
      if (map.getLayer('fill')) map.setPaintProperty('fill', 'fill-opacity', Math.min(o.fillOpacity, 0.7));
      o.container.dataset.baseMap = 'pmtiles';
    })
    .catch((e: unknown) =>
      o.onError(`the base map file could not be read (${e instanceof Error ? e.message : String(e)})`),
    );
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
