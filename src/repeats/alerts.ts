/**
 * Near-repeat alerts: after each new burglary, the area at raised risk (a circle of the force's
 * radius, for its days), the places (police.uk map points or extract points, with their "On or
 * near …" street names) inside it, and a cocooning visit list per team: streets nearest first, each
 * with what to say or leave. Pure: the burglaries and the places come in as arrays.
 */

import { dayText } from './model.ts';
import { distance, type Metric } from './pairs.ts';

export interface NewBurglary {
  id: number;
  x: number;
  y: number;
  day: number;
  /** The crime's month only (police.uk): the date is the month's first day. */
  monthOnly: boolean;
  team: number;
  placeId: number;
}

export interface Place {
  id: number;
  x: number;
  y: number;
  lon: number | null;
  lat: number | null;
  /** "On or near Park Road" (police.uk) or the extract's location text. */
  street: string;
  team: number;
}

export interface Visit {
  /** 1 = first to visit. */
  order: number;
  street: string;
  /** Distance of the street's nearest map point from the burglary, metres (rounded). */
  distanceM: number;
  /** The map points of that street inside the area, nearest first. */
  points: {
    placeId: number;
    easting: number;
    northing: number;
    lon: number | null;
    lat: number | null;
    distanceM: number;
  }[];
  action: string;
}

export interface Alert {
  crimeId: number;
  easting: number;
  northing: number;
  /** 'YYYY-MM-DD' (police.uk: the month's first day; see monthOnly). */
  date: string;
  monthOnly: boolean;
  radiusM: number;
  days: number;
  /** Risk period, 'YYYY-MM-DD' inclusive. */
  from: string;
  to: string;
  /** The team policing the burglary's place (−1 none). */
  team: number;
  /** Every place inside the area, nearest first. */
  places: number;
  /** Visit lists by the team that polices each place (a cross-boundary area appears in both). */
  visits: { team: number; list: Visit[] }[];
}

/** What to do at a street, by how close it is. */
/** `when`: 'on or about YYYY-MM-DD', or 'in YYYY-MM' for month-only data. */
export function actionFor(d: number, radiusM: number, when: string, to: string, sameStreet: boolean): string {
  if (sameStreet)
    return `Victim's street: knock at the homes either side and opposite; say a burglary happened here ${when}, check doors, windows and side gates, and leave a cocooning card (report anything suspicious on 101, or 999 if it is happening now)`;
  if (d <= radiusM / 2)
    return `Knock on doors: homes close to a burglary are at most risk until ${to}; give crime-prevention advice (lock doors and windows, light the house, mark property) and leave a cocooning card`;
  return `Leave a cocooning leaflet through doors: a burglary nearby ${when}; risk raised until ${to}`;
}

export function buildAlert(
  b: NewBurglary,
  places: readonly Place[],
  radiusM: number,
  days: number,
  metric: Metric,
): Alert {
  const date = dayText(b.day);
  const from = date;
  // Month-only data: say the month, not its first day.
  const when = b.monthOnly ? `in ${date.slice(0, 7)}` : `on or about ${date}`;
  // Month-only data: the risk runs from the month's start to `days` after its end.
  const last = b.monthOnly ? new Date(b.day * 86_400_000) : null;
  const endDay = last
    ? Date.UTC(last.getUTCFullYear(), last.getUTCMonth() + 1, 0) / 86_400_000 + days
    : b.day + days;
  const to = dayText(endDay);
  const inside = places
    .map((p) => ({ p, d: distance(metric, p.x - b.x, p.y - b.y) }))
    .filter((q) => q.d <= radiusM)
    .sort((a, c) => a.d - c.d || a.p.id - c.p.id);
  const own = places.find((p) => p.id === b.placeId);
  const byTeam = new Map<number, Map<string, Visit>>();
  for (const { p, d } of inside) {
    let streets = byTeam.get(p.team);
    if (!streets) {
      streets = new Map();
      byTeam.set(p.team, streets);
    }
    let v = streets.get(p.street);
    if (!v) {
      const same = own !== undefined && own.street === p.street;
      v = {
        order: streets.size + 1,
        street: p.street,
        distanceM: Math.round(d),
        points: [],
        action: actionFor(d, radiusM, when, to, same),
      };
      streets.set(p.street, v);
    }
    v.points.push({
      placeId: p.id,
      easting: p.x,
      northing: p.y,
      lon: p.lon,
      lat: p.lat,
      distanceM: Math.round(d),
    });
  }
  const visits = [...byTeam.entries()]
    .map(([team, streets]) => ({ team, list: [...streets.values()] }))
    // The burglary's own team first.
    .sort((a, c) => Number(c.team === b.team) - Number(a.team === b.team) || a.team - c.team);
  return {
    crimeId: b.id,
    easting: b.x,
    northing: b.y,
    date,
    monthOnly: b.monthOnly,
    radiusM,
    days,
    from,
    to,
    team: b.team,
    places: inside.length,
    visits,
  };
}

/** The hook for patrol plans: a near-repeat area as a hotspot a team can add to its plan for the risk period. */
export interface HotspotArea {
  easting: number;
  northing: number;
  radiusM: number;
  /** 'YYYY-MM-DD' inclusive. */
  from: string;
  to: string;
}

export function alertAsHotspot(a: Alert): HotspotArea {
  return { easting: a.easting, northing: a.northing, radiusM: a.radiusM, from: a.from, to: a.to };
}
