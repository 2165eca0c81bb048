/**
 * A plan's exports: its hotspots as CSV and GeoJSON, an ICS calendar of patrol windows per team
 * (the `ics` package), and a printable A4 briefing per team (HTML with print CSS; the map is an SVG
 * of the hotspots) that also reads on a phone. Every export says when the plan is SYNTHETIC.
 */
import { createEvents, type EventAttributes } from 'ics';
import { BeatwiseError } from '../core/errors.ts';
import { exportCsv } from '../core/export/csv-export.ts';
import { dateNumber } from './days.ts';
import type { PlanHotspot, PlanVersion } from './model.ts';

function notes(plan: PlanVersion): string[] {
  const out = [
    `Beatwise patrol plan ${plan.planId} version ${plan.version}: ${plan.name}`,
    plan.summary.sentence,
    `Windows from ${plan.summary.windowsFrom}`,
    `Hotspots ranked by ${plan.summary.methodReason}`,
  ];
  if (plan.synthetic) out.unshift('SYNTHETIC data: not real crimes');
  return [...out, ...plan.summary.caveats];
}

/** Hotspots of a team ('' or undefined: all). */
export function teamHotspots(plan: PlanVersion, team?: string): PlanHotspot[] {
  if (!team) return plan.hotspots;
  return plan.hotspots.filter((h) => (h.teamCode || plan.team) === team);
}

export function planCsv(plan: PlanVersion): string {
  const cols = [
    'rank',
    'label',
    'team',
    'easting',
    'northing',
    'lon',
    'lat',
    'radius_m',
    'crimes',
    'harm',
    'crime_share',
    'harm_share',
    'windows',
    'window_source',
  ] as const;
  return exportCsv(
    notes(plan),
    cols,
    plan.hotspots.map((h) => ({
      rank: h.rank,
      label: h.label,
      team: h.teamCode,
      easting: h.x,
      northing: h.y,
      lon: h.lon,
      lat: h.lat,
      radius_m: h.radiusM,
      crimes: h.crimes,
      harm: h.harm,
      crime_share: h.crimeShare,
      harm_share: h.harmShare,
      windows: h.windows.map((w) => w.label).join('; '),
      window_source: h.windowSource,
    })),
  );
}

/** A circle as a WGS84 polygon ring of 32 points (small circles: a local flat approximation). */
function circle(h: PlanHotspot): number[][] {
  const ring: number[][] = [];
  const mPerDegLat = 111_320;
  const mPerDegLon = 111_320 * Math.cos((h.lat * Math.PI) / 180);
  for (let i = 0; i <= 32; i++) {
    const a = (2 * Math.PI * (i % 32)) / 32;
    ring.push([
      Number((h.lon + (h.radiusM * Math.cos(a)) / mPerDegLon).toFixed(6)),
      Number((h.lat + (h.radiusM * Math.sin(a)) / mPerDegLat).toFixed(6)),
    ]);
  }
  return ring;
}

export function planGeoJson(plan: PlanVersion): Record<string, unknown> {
  return {
    type: 'FeatureCollection',
    name: `${plan.synthetic ? 'SYNTHETIC ' : ''}patrol plan ${plan.planId} v${plan.version}`,
    beatwise: { notes: notes(plan), synthetic: plan.synthetic },
    features: plan.hotspots.map((h) => ({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: h.polygon ?? [circle(h)] },
      properties: {
        rank: h.rank,
        label: h.label,
        team: h.teamCode,
        centre_lon: h.lon,
        centre_lat: h.lat,
        easting: h.x,
        northing: h.y,
        radius_m: h.radiusM,
        crimes: h.crimes,
        harm: h.harm,
        crime_share: h.crimeShare,
        harm_share: h.harmShare,
        windows: h.windows.map((w) => w.label),
        synthetic: plan.synthetic,
      },
    })),
  };
}

/** London wall-clock parts of day `d` (days since 1970) at `minute` past midnight. */
function localParts(day: number, minute: number): [number, number, number, number, number] {
  const d = new Date((day + Math.floor(minute / 1440)) * 86_400_000);
  const m = minute % 1440;
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), Math.floor(m / 60), m % 60];
}

/**
 * The team's patrol windows as calendar events, one per hotspot window per day of the plan (on its
 * patrol days only, when `allocation` is given and released), in Europe/London local time.
 */
export function planIcs(
  plan: PlanVersion,
  team: string | undefined,
  allocation: Uint8Array | null,
  releasedDays: number,
): string {
  const start = dateNumber(plan.startDate);
  if (start === null) throw new BeatwiseError('patrols.bad_date', `bad start date ${plan.startDate}`);
  const H = plan.hotspots.length;
  const events: EventAttributes[] = [];
  const label = plan.synthetic ? 'SYNTHETIC ' : '';
  for (let d = 0; d < Math.min(plan.days, releasedDays); d++) {
    const weekday = (((start + d + 3) % 7) + 7) % 7;
    for (const h of teamHotspots(plan, team)) {
      if (allocation && allocation[d * H + h.rank - 1] !== 1) continue;
      for (const w of h.windows) {
        if (w.weekday !== null && w.weekday !== weekday) continue;
        events.push({
          start: localParts(start + d, w.startMinute),
          startInputType: 'local',
          startOutputType: 'local',
          duration: { minutes: w.minutes },
          title: `${label}Patrol ${h.label} (${plan.visitMinutes} min visit)`,
          description:
            `${label}Targeted Guardian Patrol: ${plan.visitsPerDay} visit(s) of ${plan.visitMinutes} minutes, at most ${plan.capMinutes} minutes a patrol. ` +
            `Window ${w.label}. Plan ${plan.planId} v${plan.version}.`,
          geo: { lat: h.lat, lon: h.lon },
          location: `${h.label}: ${h.radiusM} m around ${h.lat.toFixed(5)}, ${h.lon.toFixed(5)}`,
          uid: `beatwise-plan${plan.planId}-v${plan.version}-h${h.rank}-d${d}-${w.startMinute}@beatwise`,
          productId: 'beatwise/patrols',
          calName: `${label}Beatwise patrols ${team || plan.area.name}`,
        });
      }
    }
  }
  if (events.length === 0)
    throw new BeatwiseError(
      'patrols.no_windows',
      `no patrol windows for team ${team ?? '(all)'} in the released days of plan ${plan.planId}`,
      {
        field: 'team',
      },
    );
  const r = createEvents(events);
  if (r.error || !r.value)
    throw new BeatwiseError('patrols.ics', `could not write the calendar: ${String(r.error)}`);
  return r.value;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** An SVG map of the hotspots (BNG metres, north up), with their labels. */
export function hotspotSvg(hotspots: readonly PlanHotspot[]): string {
  if (hotspots.length === 0) return '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"></svg>';
  const pad = 300;
  const xs = hotspots.map((h) => h.x);
  const ys = hotspots.map((h) => h.y);
  const x0 = Math.min(...xs) - pad;
  const x1 = Math.max(...xs) + pad;
  const y0 = Math.min(...ys) - pad;
  const y1 = Math.max(...ys) + pad;
  const w = x1 - x0;
  const hgt = y1 - y0;
  const font = Math.max(w, hgt) / 40;
  const shapes = hotspots
    .map(
      (h) =>
        `<circle cx="${(h.x - x0).toFixed(0)}" cy="${(y1 - h.y).toFixed(0)}" r="${h.radiusM}" fill="#d9480f33" stroke="#d9480f" stroke-width="${font / 6}"/>` +
        `<text x="${(h.x - x0).toFixed(0)}" y="${(y1 - h.y + font / 3).toFixed(0)}" font-size="${font.toFixed(0)}" text-anchor="middle">${esc(h.label)}</text>`,
    )
    .join('');
  const bar = 500;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w.toFixed(0)} ${hgt.toFixed(0)}" role="img" aria-label="Map of the hotspots">` +
    `<rect width="100%" height="100%" fill="#f8f9fa"/>${shapes}` +
    `<line x1="${font}" y1="${hgt - font}" x2="${font + bar}" y2="${hgt - font}" stroke="#000" stroke-width="${font / 4}"/>` +
    `<text x="${font}" y="${hgt - font * 1.5}" font-size="${font.toFixed(0)}">500 m</text></svg>`
  );
}

/** The printable briefing of a team (all hotspots when no team is named). */
export function planBriefing(plan: PlanVersion, team?: string): string {
  const hs = teamHotspots(plan, team);
  const synth = plan.synthetic
    ? '<p class="synthetic">SYNTHETIC data: this plan was made from generated crimes, for demonstration.</p>'
    : '';
  const rows = hs
    .map(
      (h) =>
        `<tr><td><b>${esc(h.label)}</b></td><td>${h.lat.toFixed(5)}, ${h.lon.toFixed(5)}<br><small>${h.x}, ${h.y} (BNG)</small></td>` +
        `<td>${h.radiusM} m</td><td>${esc(h.windows.map((w) => w.label).join('; '))}</td>` +
        `<td>${(h.crimeShare * 100).toFixed(1)}% crime, ${(h.harmShare * 100).toFixed(1)}% harm</td></tr>`,
    )
    .join('');
  const title = `Patrol briefing: ${team ? `team ${team}` : plan.area.name}`;
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:0 auto;max-width:52rem;padding:1rem;line-height:1.4;color:#111}
h1{font-size:1.4rem;margin:.2rem 0}h2{font-size:1.1rem;margin:1rem 0 .3rem}
.synthetic{background:#fff3bf;border:2px solid #f08c00;padding:.4rem;font-weight:bold}
svg{width:100%;max-height:22rem;border:1px solid #ccc}
table{border-collapse:collapse;width:100%;font-size:.95rem}td,th{border-bottom:1px solid #ddd;padding:.35rem;text-align:left;vertical-align:top}
@media (max-width:480px){table,tbody,tr,td{display:block}tr{border-bottom:2px solid #999;padding:.3rem 0}td{border:0;padding:.1rem 0}thead{display:none}}
@page{size:A4;margin:12mm}@media print{body{max-width:none;padding:0}svg{max-height:110mm}a{color:inherit;text-decoration:none}}
</style></head><body>
${synth}<h1>${esc(title)}</h1>
<p>${esc(plan.name)} · plan ${plan.planId} version ${plan.version} · ${plan.startDate} to ${plan.endDate}</p>
<p>${esc(plan.summary.sentence)}</p>
<h2>What to do</h2>
<ul><li>Go to each hotspot in its window; stay about <b>${plan.visitMinutes} minutes</b>, visible, on foot where you can (${plan.visitsPerDay} visit(s) a day).</li>
<li>Never more than <b>${plan.capMinutes} minutes</b> in one patrol; then move on.</li>
<li>Start and end each patrol in Beatwise (Patrols → Log) at the hotspot, and record tactics.</li>
${plan.allocation ? '<li>This plan is randomised: patrol a hotspot only on the days the calendar lists for it. The other days are its control days: do not patrol it then.</li>' : ''}</ul>
<h2>Map</h2>${hotspotSvg(hs)}
<h2>Hotspots</h2>
<table><thead><tr><th>Hotspot</th><th>Centre</th><th>Radius</th><th>When</th><th>Share</th></tr></thead><tbody>${rows}</tbody></table>
<p><small>Windows: ${esc(plan.summary.windowsFrom)}. ${esc(plan.summary.caveats.join(' '))}</small></p>
</body></html>`;
}
