import { Link } from '../../router.tsx';

/** A shape to draw: rings of [lon, lat], a label, and where it links (none: not a link). */
export interface MapShape {
  key: string;
  rings: [number, number][][];
  label: string;
  href?: string;
  current?: boolean;
}

/**
 * A map drawn from our own boundaries (no base-map tiles): equirectangular, scaled by the cosine of
 * the latitude. Linked shapes are SVG links (reachable by keyboard, named for screen readers): a
 * click on the map takes you to that neighbourhood. Points are published map points (approximate).
 */
export function OutlineMap({
  shapes,
  points = [],
  title,
  height = 320,
}: {
  shapes: MapShape[];
  points?: { lon: number; lat: number; n: number }[];
  title: string;
  height?: number;
}) {
  const all = shapes.flatMap((s) => s.rings.flat());
  if (all.length === 0) return <p class="muted">No boundary to draw.</p>;
  let x0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const [x, y] of all) {
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  const k = Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
  const w = Math.max((x1 - x0) * k, 1e-9);
  const h = Math.max(y1 - y0, 1e-9);
  const W = 1000;
  const H = Math.round((W * h) / w);
  const px = (lon: number) => ((lon - x0) * k * W) / w;
  const py = (lat: number) => ((y1 - lat) * H) / h;
  const path = (rings: [number, number][][]) =>
    rings.map((r) => `M${r.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join('L')}Z`).join('');
  const maxN = Math.max(1, ...points.map((p) => p.n));
  return (
    <figure class="outline-map">
      <svg
        viewBox={`-10 -10 ${W + 20} ${H + 20}`}
        style={{ width: '100%', height: 'auto', maxHeight: `${height}px` }}
        aria-label={title}
      >
        <title>{title}</title>
        {shapes.map((s) => {
          const shape = (
            <path
              d={path(s.rings)}
              fill={s.current ? '#cfe3f6' : '#eef2f6'}
              stroke={s.current ? '#0b4f8a' : '#6b7785'}
              stroke-width={s.current ? 4 : 1.5}
              fill-rule="evenodd"
            >
              <title>{s.label}</title>
            </path>
          );
          return s.href ? (
            <Link key={s.key} href={s.href} aria-label={s.label} class="map-shape-link">
              {shape}
            </Link>
          ) : (
            <g key={s.key}>{shape}</g>
          );
        })}
        {points.map((p) => (
          <circle
            key={`${p.lon},${p.lat}`}
            cx={px(p.lon)}
            cy={py(p.lat)}
            r={4 + 8 * Math.sqrt(p.n / maxN)}
            fill="#b3261e"
            fill-opacity={0.6}
            stroke="#fff"
          />
        ))}
      </svg>
      <figcaption class="small muted">{title}</figcaption>
    </figure>
  );
}
