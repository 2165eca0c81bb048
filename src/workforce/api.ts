/**
 * The workforce functions the CLI and the HTTP API share: each takes the store and plain options
 * and returns a JSON-ready object (no Maps, no class instances). Errors are BeatwiseErrors.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from '../core/data-dir.ts';
import { BeatwiseError } from '../core/errors.ts';
import type { Store } from '../core/store/store.ts';
import { formatMonth, parseMonth } from '../core/time/month.ts';
import { type ForceRow, findForce, listForces } from '../force/index.ts';
import { KINDS, type Kind, ROLES, roleByCode, type Snapshot, type SnapshotInput } from './model.ts';
import { parseAsOf, parseWorkforceEvents, parseWorkforceTable } from './parse.ts';
import { eventFlows, type Flow, type Projection, projectStrength } from './projection.ts';
import { readTableRows } from './read.ts';
import { wdb } from './schema.ts';
import { forceDepartments, listEvents, listSnapshots, saveEvents, saveSnapshot } from './store.ts';
import { type SnapshotTotals, snapshotTotals } from './totals.ts';
import { type SnapshotChange, snapshotChanges, type VarianceTable, varianceTable } from './variance.ts';

/** A force by slug; without one, the only force that has workforce data (or the only force). */
async function resolveForce(store: Store, slug: string | undefined): Promise<ForceRow> {
  if (slug) {
    const f = await findForce(store.db, slug);
    if (!f) {
      const known = (await listForces(store.db)).map((x) => x.slug);
      throw new BeatwiseError(
        'workforce.unknown_force',
        `no force "${slug}" in the store${known.length ? `; it has: ${known.join(', ')}` : ''}. Load it first: beatwise force load FILE`,
        { field: 'force' },
      );
    }
    return f;
  }
  const forces = await listForces(store.db);
  const withData = [];
  for (const f of forces) {
    const any = await wdb(store.db)
      .selectFrom('workforce_snapshots')
      .select('id')
      .where('force_id', '=', f.id)
      .limit(1)
      .executeTakeFirst();
    if (any) withData.push(f);
  }
  const pool = withData.length ? withData : forces;
  if (pool.length === 1) return pool[0];
  throw new BeatwiseError(
    'workforce.which_force',
    pool.length
      ? `say which force with --force: ${pool.map((f) => f.slug).join(', ')}`
      : 'the store has no forces yet: load one with beatwise force load FILE',
    { field: 'force' },
  );
}

function checkAsOf(text: string | undefined, field: string): string | undefined {
  if (text === undefined) return undefined;
  const d = parseAsOf(text);
  if (!d)
    throw new BeatwiseError('workforce.bad_as_of', `"${text}" is not a date; write YYYY-MM-DD`, { field });
  return d;
}

function checkKind(text: string | undefined): Kind | undefined {
  if (text === undefined) return undefined;
  if (!(KINDS as readonly string[]).includes(text))
    throw new BeatwiseError('workforce.bad_kind', `--kind must be ${KINDS.join(' or ')}; got "${text}"`, {
      field: 'kind',
    });
  return text as Kind;
}

// ---------------------------------------------------------------------------------------------
// Loading

export interface LoadTableOptions {
  force: string;
  kind?: string;
  asOf?: string;
  series?: string;
  /** Worksheet of a workbook. */
  sheet?: string;
}

export interface LoadedSnapshot {
  series: string;
  kind: Kind;
  asOf: string;
  title: string | null;
  cells: number;
  /** A snapshot with the same force, series, kind and date was there and has been replaced. */
  replaced: boolean;
  totals: SnapshotTotals;
}

export interface LoadTableResult {
  force: string;
  file: string;
  snapshots: LoadedSnapshot[];
}

/** Reads, checks and stores a workforce table file (CSV or XLSX). All or nothing per file. */
export async function loadWorkforceFile(
  store: Store,
  file: string,
  o: LoadTableOptions,
): Promise<LoadTableResult> {
  const force = await resolveForce(store, o.force);
  const departments = await forceDepartments(store.db, force.id);
  const rows = await readTableRows(file, { sheet: o.sheet });
  const snaps = parseWorkforceTable(rows, {
    file,
    departments,
    kind: checkKind(o.kind),
    asOf: checkAsOf(o.asOf, 'as-of'),
    series: o.series,
    force: force.slug,
  });
  const out: LoadedSnapshot[] = [];
  for (const s of snaps) {
    const r = await saveSnapshot(store, force.id, s);
    out.push({
      series: s.series,
      kind: s.kind,
      asOf: s.asOf,
      title: s.title,
      cells: s.cells.length,
      replaced: r.replaced,
      totals: snapshotTotals(s),
    });
  }
  return { force: force.slug, file, snapshots: out };
}

export interface LoadEventsResult {
  force: string;
  file: string;
  events: number;
  inserted: number;
  updated: number;
}

/** Reads and stores joiners, leavers and moves (CSV or XLSX); re-loading updates by natural key. */
export async function loadWorkforceEventsFile(
  store: Store,
  file: string,
  o: { force: string; sheet?: string },
): Promise<LoadEventsResult> {
  const force = await resolveForce(store, o.force);
  const departments = await forceDepartments(store.db, force.id);
  const rows = await readTableRows(file, { sheet: o.sheet });
  const events = parseWorkforceEvents(rows, { file, departments, force: force.slug });
  const r = await saveEvents(store, force.id, events);
  return { force: force.slug, file, events: events.length, ...r };
}

/** The West Midlands tables and events shipped in data/workforce/. */
export const BUNDLED_FORCE = 'west-midlands';

/**
 * Loads the shipped West Midlands workforce tables (the board paper's Tables 1, 2 and 4) and its
 * events. The force structure must be loaded first (data/forces/west-midlands.json). Idempotent.
 */
export async function loadBundledWorkforce(
  store: Store,
  log: (m: string) => void = () => {},
): Promise<{ tables: LoadTableResult[]; events: LoadEventsResult[] }> {
  const dir = join(dataDir(), 'workforce');
  const files = readdirSync(dir)
    .filter((f) => f.startsWith(`${BUNDLED_FORCE}-`) && /\.(csv|xlsx)$/i.test(f))
    .sort();
  const tables: LoadTableResult[] = [];
  const events: LoadEventsResult[] = [];
  for (const f of files) {
    const path = join(dir, f);
    if (f.includes('-events-')) {
      const r = await loadWorkforceEventsFile(store, path, { force: BUNDLED_FORCE });
      log(`${f}: ${r.events} workforce events`);
      events.push(r);
    } else {
      const r = await loadWorkforceFile(store, path, { force: BUNDLED_FORCE });
      for (const s of r.snapshots)
        log(
          `${f}: ${s.series} ${s.kind} as of ${s.asOf}, ${s.totals.discrepancies.length} printed total(s) that the rows do not add up to`,
        );
      tables.push(r);
    }
  }
  return { tables, events };
}

// ---------------------------------------------------------------------------------------------
// Reports

export interface SnapshotMeta {
  id: number;
  series: string;
  kind: Kind;
  asOf: string;
  title: string | null;
  source: string | null;
  notes: string[];
  file: string;
  loadedAt: string;
}

function meta(s: Snapshot): SnapshotMeta {
  return {
    id: s.id,
    series: s.series,
    kind: s.kind,
    asOf: s.asOf,
    title: s.title,
    source: s.source,
    notes: s.notes,
    file: s.file,
    loadedAt: s.loadedAt,
  };
}

export interface SeriesReport {
  series: string;
  establishment: SnapshotMeta | null;
  strength: SnapshotMeta | null;
  table: VarianceTable;
  /** Totals and the check of each printed total, per snapshot shown. */
  establishmentTotals: SnapshotTotals | null;
  strengthTotals: SnapshotTotals | null;
}

export interface WorkforceReport {
  force: { slug: string; name: string };
  /** The date asked for (null = latest). */
  asOf: string | null;
  roles: { code: string; label: string; short: string }[];
  departments: { code: string; name: string; kind: 'unit' | 'department' }[];
  series: SeriesReport[];
}

/** The latest snapshot of each series and kind as of a date, side by side, with variance and checks. */
export async function workforceReport(
  store: Store,
  o: { force?: string; asOf?: string; series?: string } = {},
): Promise<WorkforceReport> {
  const force = await resolveForce(store, o.force);
  const asOf = checkAsOf(o.asOf, 'as-of');
  const snaps = await listSnapshots(store.db, force.id, { series: o.series, asOfMax: asOf });
  const latest = new Map<string, Snapshot>();
  for (const s of snaps) latest.set(`${s.series}\u0000${s.kind}`, s); // oldest first: the last wins
  const seriesNames = [...new Set(snaps.map((s) => s.series))];
  const series: SeriesReport[] = seriesNames.map((name) => {
    const est = latest.get(`${name}\u0000establishment`) ?? null;
    const str = latest.get(`${name}\u0000strength`) ?? null;
    return {
      series: name,
      establishment: est && meta(est),
      strength: str && meta(str),
      table: varianceTable(est, str),
      establishmentTotals: est && snapshotTotals(est),
      strengthTotals: str && snapshotTotals(str),
    };
  });
  // Series with both kinds first (the side-by-side tables), then the rest, each by name.
  series.sort(
    (a, b) =>
      Number(!(a.establishment && a.strength)) - Number(!(b.establishment && b.strength)) ||
      a.series.localeCompare(b.series),
  );
  return {
    force: { slug: force.slug, name: force.name },
    asOf: asOf ?? null,
    roles: ROLES.map((r) => ({ code: r.code, label: r.label, short: r.short })),
    departments: await forceDepartments(store.db, force.id),
    series,
  };
}

export interface WorkforceHistory {
  force: string;
  snapshots: SnapshotMeta[];
  changes: SnapshotChange[];
}

/** Every stored snapshot, and the change between consecutive ones of the same series and kind. */
export async function workforceHistory(
  store: Store,
  o: { force?: string; series?: string; kind?: string } = {},
): Promise<WorkforceHistory> {
  const force = await resolveForce(store, o.force);
  const snaps = await listSnapshots(store.db, force.id, { series: o.series, kind: checkKind(o.kind) });
  return { force: force.slug, snapshots: snaps.map(meta), changes: snapshotChanges(snaps) };
}

export interface WorkforceFlows {
  force: string;
  from: string | null;
  to: string | null;
  roles: (Flow & { label: string })[];
  events: {
    type: string;
    role: string;
    toRole: string | null;
    department: string | null;
    toDepartment: string | null;
    from: string;
    to: string;
    fte: number;
    note: string | null;
  }[];
}

function monthArg(text: string | undefined, field: string): number | undefined {
  if (text === undefined) return undefined;
  const m = parseMonth(text);
  if (m === null)
    throw new BeatwiseError('workforce.bad_month', `"${text}" is not a month; write YYYY-MM`, { field });
  return m;
}

/** Joiners, leavers and moves per role over a window of months (by the month they take effect). */
export async function workforceFlows(
  store: Store,
  o: { force?: string; from?: string; to?: string } = {},
): Promise<WorkforceFlows> {
  const force = await resolveForce(store, o.force);
  const from = monthArg(o.from, 'from');
  const to = monthArg(o.to, 'to');
  const events = (await listEvents(store.db, force.id)).filter(
    (e) => (from === undefined || e.monthTo >= from) && (to === undefined || e.monthTo <= to),
  );
  return {
    force: force.slug,
    from: o.from ?? null,
    to: o.to ?? null,
    roles: eventFlows(events).map((f) => ({ ...f, label: roleByCode(f.role)?.label ?? f.role })),
    events: events.map((e) => ({
      type: e.type,
      role: e.role,
      toRole: e.toRole,
      department: e.department,
      toDepartment: e.toDepartment,
      from: formatMonth(e.monthFrom),
      to: formatMonth(e.monthTo),
      fte: e.fte,
      note: e.note,
    })),
  };
}

export interface WorkforceProjection extends Projection {
  force: string;
  strengthSnapshot: SnapshotMeta;
  establishmentSnapshot: SnapshotMeta | null;
}

/**
 * Projected strength at the end of a month: the latest strength snapshot of the series plus (or,
 * for an earlier month, minus) the events between, compared with the latest establishment.
 */
export async function workforceProjection(
  store: Store,
  o: { force?: string; to: string; series?: string },
): Promise<WorkforceProjection> {
  const force = await resolveForce(store, o.force);
  const to = monthArg(o.to, 'to') as number;
  const strengths = await listSnapshots(store.db, force.id, { kind: 'strength', series: o.series });
  const seriesNames = [...new Set(strengths.map((s) => s.series))];
  if (!strengths.length)
    throw new BeatwiseError(
      'workforce.no_strength',
      `no strength snapshot${o.series ? ` in series "${o.series}"` : ''} for ${force.slug}: load one with beatwise workforce load FILE --kind strength`,
      { field: 'series' },
    );
  if (seriesNames.length > 1)
    throw new BeatwiseError(
      'workforce.which_series',
      `say which series with --series: ${seriesNames.join(', ')}`,
      { field: 'series' },
    );
  const start = strengths[strengths.length - 1];
  const ests = await listSnapshots(store.db, force.id, { kind: 'establishment', series: start.series });
  const est: SnapshotInput | null = ests.length ? ests[ests.length - 1] : null;
  const events = await listEvents(store.db, force.id);
  const p = projectStrength(start, events, to, est);
  return {
    ...p,
    force: force.slug,
    strengthSnapshot: meta(start),
    establishmentSnapshot: est ? meta(est as Snapshot) : null,
  };
}
