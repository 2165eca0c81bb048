import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { apiUrl, getJson } from '../api/client.ts';
import type { ConfigResponse } from '../api/types.ts';
import { placeLabels } from './label-layout.ts';
import type { Engine, MapData, StreetLabels } from './map-engine.ts';

type EngineModule = typeof import('./map-engine.ts');
let engineModule: Promise<EngineModule> | null = null;
function loadEngine(): Promise<EngineModule> {
  engineModule ??= import('./map-engine.ts');
  return engineModule;
}

let config: Promise<ConfigResponse> | null = null;
/** The server's map settings (the optional tile URL); an older server without /api/config means none. */
function loadConfig(): Promise<ConfigResponse> {
  config ??= getJson<ConfigResponse>('/api/config').catch(() => ({ tileUrl: null }));
  return config;
}

export interface Described {
  title: string;
  lines: string[];
}

/**
 * A map of areas or cells (GeoJSON, one fill colour each) with hover read-outs, click, a legend
 * and HTML labels. Everything it shows is also in a table on the same page, for keyboard and
 * screen-reader users; the map itself pans and zooms with the keyboard once focused.
 */
export function MapView({
  label,
  data,
  describe,
  onSelect,
  legend,
  labels = false,
  labelMinZoom = 0,
  height = 420,
  outline = true,
  highlight = null,
  fillOpacity = 0.75,
  download,
  streetLabels,
}: {
  label: string;
  data: MapData;
  describe: (code: string) => Described | null;
  onSelect?: (code: string) => void;
  legend?: ComponentChildren;
  labels?: boolean;
  /** Labels only from this zoom on (street names at close zoom); 0: always. */
  labelMinZoom?: number;
  height?: number;
  outline?: boolean;
  highlight?: string | null;
  fillOpacity?: number;
  download?: {
    filename: string;
    properties: (code: string) => Record<string, string | number | boolean | null>;
  };
  /**
   * Label the force's police.uk map points with their streets from this zoom on (default 15): no
   * tile server needed. The labels are a symbol layer, so MapLibre drops any that would overlap.
   */
  streetLabels?: { force: string; minZoom?: number };
}) {
  const box = useRef<HTMLDivElement>(null);
  const engine = useRef<Engine | null>(null);
  const [hover, setHover] = useState<{ code: string; x: number; y: number } | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const [ready, setReady] = useState(false);
  const latest = useRef({ describe, onSelect });
  latest.current = { describe, onSelect };
  const labelPoints = useRef<{ code: string; name: string; at: [number, number] }[]>([]);
  const [mod, setMod] = useState<EngineModule | null>(null);

  useEffect(() => {
    let live = true;
    let frame = 0;
    Promise.all([loadEngine(), loadConfig()]).then(
      ([m, cfg]) => {
        if (!live || !box.current) return;
        setMod(m);
        if (!m.webglAvailable()) {
          setProblem(
            'This browser cannot draw maps (WebGL is off). The table on this page has the same figures.',
          );
          return;
        }
        try {
          engine.current = m.createEngine({
            container: box.current,
            label,
            data,
            tileUrl: cfg.tileUrl,
            tileAttribution: cfg.tileAttribution ?? null,
            pmtilesUrl: cfg.pmtilesUrl ?? null,
            streetLabels: streetLabels
              ? {
                  minZoom: streetLabels.minZoom ?? 15,
                  load: (bbox) =>
                    getJson<StreetLabels>(
                      apiUrl(`/forces/${encodeURIComponent(streetLabels.force)}/hotspots/street-labels`, {
                        bbox: bbox.map((v) => v.toFixed(5)).join(','),
                      }),
                    ),
                }
              : undefined,
            outline,
            fillOpacity,
            highlight,
            onHover: (code, p) => setHover(code && p ? { code, ...p } : null),
            onClick: (code) => {
              const sel = latest.current.onSelect;
              if (sel) sel(code);
              else setPicked(code);
            },
            onError: (msg) => setProblem(`The map could not draw everything: ${msg}`),
            onMove: () => {
              cancelAnimationFrame(frame);
              frame = requestAnimationFrame(() => setTick((t) => t + 1));
            },
          });
          setReady(true);
        } catch (e) {
          setProblem(
            `The map could not be drawn (${e instanceof Error ? e.message : String(e)}). The table on this page has the same figures.`,
          );
        }
      },
      (e: unknown) => live && setProblem(`The map code did not load (${String(e)}).`),
    );
    const esc = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setHover(null);
    };
    window.addEventListener('keydown', esc);
    return () => {
      live = false;
      cancelAnimationFrame(frame);
      window.removeEventListener('keydown', esc);
      engine.current?.destroy();
      engine.current = null;
    };
  }, []);

  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    engine.current?.setData(data);
  }, [data]);
  useEffect(() => {
    engine.current?.setHighlight(highlight);
  }, [highlight]);
  useEffect(() => {
    if (!mod || !labels) {
      labelPoints.current = [];
      return;
    }
    labelPoints.current = data.features.flatMap((f) => {
      // An area's outline feature (a dissolved area) is not labelled again.
      if (f.geometry.type === 'LineString' || f.geometry.type === 'MultiLineString') return [];
      const at = mod.labelPoint(f);
      return at ? [{ code: f.properties.code, name: f.properties.name, at }] : [];
    });
    setTick((t) => t + 1);
  }, [mod, data, labels]);

  const info = hover ? describe(hover.code) : null;
  const pickedInfo = picked ? describe(picked) : null;
  const eng = engine.current;
  const save = () => {
    if (!download) return;
    const fc = {
      type: 'FeatureCollection',
      features: data.features
        .filter((f) => f.geometry.type !== 'LineString' && f.geometry.type !== 'MultiLineString')
        .map((f) => ({
          type: 'Feature',
          geometry: f.geometry,
          properties: {
            code: f.properties.code,
            name: f.properties.name,
            ...download.properties(f.properties.code),
          },
        })),
    };
    const url = URL.createObjectURL(new Blob([JSON.stringify(fc)], { type: 'application/geo+json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = download.filename;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <div class="map-block">
      <div class="map-frame" style={{ height: `${height}px` }}>
        <div class="map" ref={box} />
        {ready && labels && eng && eng.zoom() >= labelMinZoom && (
          <div class="map-labels" aria-hidden="true" data-tick={tick}>
            {placeLabels(
              labelPoints.current.map((l) => ({ code: l.code, name: l.name, ...eng.project(l.at) })),
              box.current?.clientWidth ?? 0,
              height,
            ).map((l) => (
              <span
                key={l.code}
                class="map-label"
                style={{ transform: `translate(${l.x}px, ${l.y}px) translate(-50%, -50%)` }}
              >
                {l.name}
              </span>
            ))}
          </div>
        )}
        {info && hover && (
          <div
            class="map-tooltip"
            style={{ transform: `translate(${hover.x + 14}px, ${hover.y + 14}px)` }}
            aria-hidden="true"
          >
            <strong>{info.title}</strong>
            {info.lines.map((l) => (
              <div key={l}>{l}</div>
            ))}
          </div>
        )}
        {problem && (
          <p class="map-problem" role="status">
            {problem}
          </p>
        )}
      </div>
      <div class="map-under">
        {legend}
        {download && (
          <button type="button" class="button button-small" onClick={save}>
            Download this map (GeoJSON)
          </button>
        )}
      </div>
      <p class="small muted map-help">
        Hover over the map for figures{onSelect ? '; click an area to open it' : '; click to keep them below'}
        . Focus the map to pan with the arrow keys and zoom with + and −.
        {streetLabels &&
          ` Zoom in close (level ${streetLabels.minZoom ?? 15}) to see the streets of police.uk's map points.`}
      </p>
      <div aria-live="polite" class="map-picked">
        {pickedInfo && (
          <p>
            <strong>{pickedInfo.title}</strong>: {pickedInfo.lines.join('; ')}
          </p>
        )}
      </div>
    </div>
  );
}
