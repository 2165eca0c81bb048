import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import { BeatwiseError } from '../core/errors.ts';
import { projectMultiPolygonToBNG } from '../core/geo/bng.ts';
import type { MultiPolygon } from '../core/geo/types.ts';
import type { Database } from '../core/store/schema.ts';
import type { Store } from '../core/store/store.ts';
import {
  type BoundaryAreas,
  type BoundaryImport,
  type BoundaryImportResult,
  type BoundaryReader,
  readBoundaryAreas,
  writeBoundaryAreas,
} from './boundaries.ts';
import { type AreaRefs, type ForceSpec, forceSpecSchema, impactAreaCode, type Level } from './model.ts';
import { setTeamPublic } from './police-uk-api/public-info.ts';
import {
  areaIdsByCode,
  ensureForce,
  type ForceRow,
  linkCensusParents,
  setMembers,
  upsertArea,
} from './store.ts';

/** Reads and validates a force description; errors name the file and the field path. */
export function readForceSpec(file: string): ForceSpec {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'force.not_found' : 'force.bad_json';
    throw new BeatwiseError(
      code,
      code === 'force.not_found' ? 'no such file' : `not valid JSON: ${(e as Error).message}`,
      {
        file,
      },
    );
  }
  const parsed = forceSpecSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BeatwiseError(
      'force.invalid',
      issue.message,
      { file, field: issue.path.join('.') || '(root)' },
      {
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      },
    );
  }
  return parsed.data;
}

/** Paths a boundary source names, relative to the force file; `*` in a file name matches anything. */
export function expandSpecFiles(baseDir: string, patterns: string[], file: string): string[] {
  const out: string[] = [];
  for (const pattern of patterns) {
    const full = resolve(baseDir, pattern);
    const name = basename(full);
    if (!name.includes('*')) {
      out.push(full);
      continue;
    }
    const re = new RegExp(`^${name.split('*').map(escapeRe).join('.*')}$`);
    let entries: string[];
    try {
      entries = readdirSync(dirname(full));
    } catch {
      throw new BeatwiseError('force.boundary_missing', `boundary folder not found: ${dirname(full)}`, {
        file,
      });
    }
    const found = entries.filter((e) => re.test(e)).sort();
    if (!found.length)
      throw new BeatwiseError('force.boundary_missing', `no file matches ${pattern}`, { file });
    out.push(...found.map((f) => join(dirname(full), f)));
  }
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

export interface ForceLoadResult {
  force: ForceRow;
  boundaries: BoundaryImportResult[];
  units: number;
  teams: number;
  impactAreas: number;
  stations: number;
  departments: number;
  /** What `afterWrite` returned (e.g. crimes placed again), 0 without it. */
  placed: number;
}

/**
 * Loads a force description into the store: its boundaries, then the areas made of them (districts,
 * units, teams, Impact Areas), stations and departments. Every boundary file is read and checked
 * first; then the force, its areas and its structure (and `afterWrite`, e.g. placing its stored
 * crimes again) are one transaction, so a file or a reference that fails leaves nothing behind.
 */
export async function loadForce(
  store: Store,
  spec: ForceSpec,
  file: string,
  onStep?: (message: string) => void,
  opts: { read?: BoundaryReader; afterWrite?: BoundaryImport['afterWrite'] } = {},
): Promise<ForceLoadResult> {
  const baseDir = dirname(resolve(file));
  const read = opts.read ?? readBoundaryAreas;
  const files: BoundaryAreas[] = [];
  for (const src of spec.boundaries) {
    for (const f of expandSpecFiles(baseDir, src.files, file)) {
      onStep?.(`boundaries ${src.level}: ${f}`);
      files.push(await read(f, src.level, { codeField: src.codeField, nameField: src.nameField }));
    }
  }
  return store.transaction(async (tx, bulk) => {
    const force = await ensureForce(tx, spec.slug, spec.name, JSON.stringify(spec));
    const boundaries: BoundaryImportResult[] = [];
    for (const areas of files) boundaries.push(await writeBoundaryAreas(tx, force.id, areas));
    await linkCensusParents(tx, force.id);
    const ids = new AreaIds(tx, force.id, file);
    for (const [i, d] of spec.districts.entries()) {
      const id = await upsertArea(tx, { force_id: force.id, level: 'district', code: d.code, name: d.name });
      await setMembers(tx, id, await ids.resolve(d.areas, `districts.${i}.areas`));
      ids.forget('district');
    }
    for (const [i, u] of spec.units.entries()) {
      const id = await upsertArea(tx, { force_id: force.id, level: 'unit', code: u.code, name: u.name });
      if (u.areas) await setMembers(tx, id, await ids.resolve(u.areas, `units.${i}.areas`));
    }
    ids.forget('unit');
    for (const [i, t] of spec.teams.entries()) {
      const parent = await ids.one('unit', t.unit, `teams.${i}.unit`);
      const id = await upsertArea(tx, {
        force_id: force.id,
        level: 'team',
        code: t.code,
        name: t.name,
        parent_id: parent,
      });
      await setMembers(tx, id, await ids.resolve(t.areas, `teams.${i}.areas`));
      // What the team publishes (police.uk-compatible API, public pages), when the file gives it.
      if (t.public) await setTeamPublic(tx, force.id, t.code, t.public);
    }
    ids.forget('team');
    for (const [i, ia] of spec.impactAreas.entries()) {
      const parent = await ids.one('unit', ia.unit, `impactAreas.${i}.unit`);
      const mp = ia.geometry ? toMultiPolygon(ia.geometry) : null;
      const id = await upsertArea(tx, {
        force_id: force.id,
        level: 'impact-area',
        code: impactAreaCode(ia),
        name: ia.name,
        parent_id: parent,
        geometry: mp ? JSON.stringify(mp) : null,
        geometry_bng: mp ? JSON.stringify(projectMultiPolygonToBNG(mp)) : null,
        props: JSON.stringify({ note: ia.note, areas: ia.areas }),
        approximate: ia.approximate,
      });
      await setMembers(tx, id, ia.areas ? await ids.resolve(ia.areas, `impactAreas.${i}.areas`) : []);
    }
    for (const [i, s] of spec.stations.entries()) {
      const unit = s.unit ? await ids.one('unit', s.unit, `stations.${i}.unit`) : null;
      await tx
        .insertInto('stations')
        .values({ force_id: force.id, name: s.name, lat: s.lat, lon: s.lon, unit_id: unit })
        .onConflict((oc) =>
          oc.columns(['force_id', 'name']).doUpdateSet({ lat: s.lat, lon: s.lon, unit_id: unit }),
        )
        .execute();
    }
    // Districts made of LSOAs exist only now: link MSOAs to them by name.
    await linkCensusParents(tx, force.id);
    for (const d of spec.departments) {
      await tx
        .insertInto('departments')
        .values({ force_id: force.id, code: d.code, name: d.name })
        .onConflict((oc) => oc.columns(['force_id', 'code']).doUpdateSet({ name: d.name }))
        .execute();
    }
    const placed = opts.afterWrite ? await opts.afterWrite(tx, bulk, force.id) : 0;
    return {
      force,
      boundaries,
      units: spec.units.length,
      teams: spec.teams.length,
      impactAreas: spec.impactAreas.length,
      stations: spec.stations.length,
      departments: spec.departments.length,
      placed,
    };
  });
}

function toMultiPolygon(g: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown[] }): MultiPolygon {
  return (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as MultiPolygon;
}

/** Looks up area ids by level and code, with errors that name the force file and field. */
class AreaIds {
  private readonly cache = new Map<string, Map<string, number>>();
  constructor(
    private readonly db: Kysely<Database>,
    private readonly forceId: number,
    private readonly file: string,
  ) {}

  forget(level: Level): void {
    this.cache.delete(level);
  }

  async one(level: Level, code: string, field: string): Promise<number> {
    return (await this.resolve({ level, codes: [code] }, field))[0];
  }

  async resolve(refs: AreaRefs, field: string): Promise<number[]> {
    let map = this.cache.get(refs.level);
    if (!map) {
      map = await areaIdsByCode(this.db, this.forceId, refs.level);
      this.cache.set(refs.level, map);
    }
    const missing = refs.codes.filter((c) => !map.has(c));
    if (missing.length) {
      throw new BeatwiseError(
        'force.unknown_area',
        `${missing.length} ${refs.level} code(s) are not among the force's ${refs.level} areas (${map.size} loaded): ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`,
        { file: this.file, field },
      );
    }
    return refs.codes.map((c) => map.get(c) as number);
  }
}
