/**
 * The West Midlands reference force (data/forces/west-midlands.json): its organisation against the
 * board paper, its wards against the bundled boundaries, and a load into a store.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { REPO, tempStore } from '../../test/support/stores.ts';
import { toBNG } from '../core/geo/bng.ts';
import { Assigner } from './assign.ts';
import { expandSpecFiles, loadForce, readForceSpec } from './load.ts';
import { impactAreaCode } from './model.ts';
import { areaIdsByCode, findForce } from './store.ts';

const FILE = join(REPO, 'data', 'forces', 'west-midlands.json');
const spec = readForceSpec(FILE);

/** Table 3 of the paper: NPU → Impact Areas, names exactly as printed. */
const TABLE_3: Record<string, string[]> = {
  BE: ['Bordesley Green', 'Erdington', 'Sparkbrook and Sparkhill'],
  BW: ['Birmingham City Centre', 'Lozells', 'Three Estates'],
  CV: ['Hillfields', 'Wood End and Bell Green'],
  DY: ['Brierley Hill', 'Dudley Central'],
  SW: ['Princes End', 'Smethwick Soho and Victoria', 'West Bromwich Central'],
  SH: ['Chelmsley Town', 'Smiths Wood'],
  WS: ['St Matthews Caldmore', 'Willenhall'],
  WV: ['Bilston', 'Whitmore Reans'],
};

/** ward code → { name, district } from the bundled ward files (one file per district). */
function bundledWards(): Map<string, { name: string; district: string }> {
  const src = spec.boundaries.find((b) => b.level === 'ward');
  assert.ok(src, 'the force names its ward boundaries');
  const out = new Map<string, { name: string; district: string }>();
  for (const f of expandSpecFiles(dirname(FILE), src.files, FILE)) {
    const district = /E08\d{6}/.exec(basename(f))?.[0];
    assert.ok(district, `ward file ${f} is named by district`);
    const fc = JSON.parse(gunzipSync(readFileSync(f)).toString('utf8')) as {
      features: { properties: { WD13CD: string; WD13NM: string } }[];
    };
    for (const feat of fc.features)
      out.set(feat.properties.WD13CD, { name: feat.properties.WD13NM, district });
  }
  return out;
}

const wards = bundledWards();

/** ward code → the NPU it is in, from the units (made of districts or of wards). */
function wardToUnit(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (ward: string, unit: string) => out.set(ward, [...(out.get(ward) ?? []), unit]);
  for (const u of spec.units) {
    assert.ok(u.areas, `unit ${u.code} has areas`);
    if (u.areas.level === 'ward') for (const w of u.areas.codes) add(w, u.code);
    else if (u.areas.level === 'district') {
      for (const [w, info] of wards) if (u.areas.codes.includes(info.district)) add(w, u.code);
    } else assert.fail(`unit ${u.code} is made of ${u.areas.level}; expected wards or districts`);
  }
  return out;
}

describe('West Midlands force file', () => {
  it('has the 8 NPUs of the paper with their codes', () => {
    assert.deepEqual(
      spec.units.map((u) => [u.code, u.name]),
      [
        ['BE', 'Birmingham East'],
        ['BW', 'Birmingham West'],
        ['CV', 'Coventry'],
        ['DY', 'Dudley'],
        ['SW', 'Sandwell'],
        ['SH', 'Solihull'],
        ['WS', 'Walsall'],
        ['WV', 'Wolverhampton'],
      ],
    );
  });

  it('puts every bundled ward in exactly one NPU and one team, and names no other ward', () => {
    assert.equal(wards.size, 163, '163 wards of 2013 in the bundled boundaries');
    const units = wardToUnit();
    const teams = new Map<string, string[]>();
    for (const t of spec.teams) {
      assert.equal(t.areas.level, 'ward', `team ${t.code} is made of wards`);
      for (const w of t.areas.codes) teams.set(w, [...(teams.get(w) ?? []), t.code]);
    }
    for (const [code, info] of wards) {
      assert.equal(
        units.get(code)?.length,
        1,
        `${info.name} (${code}) is in ${units.get(code)?.length ?? 0} NPUs`,
      );
      assert.equal(
        teams.get(code)?.length,
        1,
        `${info.name} (${code}) is in ${teams.get(code)?.length ?? 0} teams`,
      );
    }
    for (const w of [...units.keys(), ...teams.keys()]) assert.ok(wards.has(w), `${w} is a bundled ward`);
    // A team's NPU is the NPU of its wards.
    for (const t of spec.teams)
      for (const w of t.areas.codes) assert.deepEqual(units.get(w), [t.unit], `team ${t.code}, ward ${w}`);
  });

  it("splits Birmingham's 40 wards between BE and BW, and every other district is one NPU", () => {
    const units = wardToUnit();
    const birmingham = [...wards].filter(([, i]) => i.district === 'E08000025').map(([c]) => c);
    assert.equal(birmingham.length, 40);
    const be = birmingham.filter((w) => units.get(w)?.[0] === 'BE');
    const bw = birmingham.filter((w) => units.get(w)?.[0] === 'BW');
    assert.equal(be.length + bw.length, 40);
    assert.equal(be.length, 20);
    assert.equal(bw.length, 20);
    for (const [code, info] of wards) {
      if (info.district === 'E08000025') continue;
      const unit = spec.units.find(
        (u) => u.areas?.level === 'district' && u.areas.codes.includes(info.district),
      );
      assert.deepEqual(units.get(code), [unit?.code]);
    }
    assert.ok(
      spec.notes.some((n) => /approximate/i.test(n) && /constituenc/i.test(n)),
      'the split is documented',
    );
  });

  it('has the 19 Impact Areas of Table 3, exactly named, under the right NPUs', () => {
    assert.equal(spec.impactAreas.length, 19);
    const got: Record<string, string[]> = {};
    for (const ia of spec.impactAreas) got[ia.unit] = [...(got[ia.unit] ?? []), ia.name];
    assert.deepEqual(got, TABLE_3);
  });

  it('builds each Impact Area from wards inside its NPU, marked approximate and naming the wards', () => {
    const units = wardToUnit();
    for (const ia of spec.impactAreas) {
      assert.equal(ia.areas?.level, 'ward', `${ia.name} is made of wards`);
      assert.equal(ia.geometry, undefined, `${ia.name} has no invented shape`);
      assert.equal(ia.approximate, true, `${ia.name} is marked approximate`);
      for (const w of ia.areas?.codes ?? []) {
        assert.deepEqual(units.get(w), [ia.unit], `${ia.name}: ward ${w} is in ${ia.unit}`);
        assert.ok(ia.note?.includes(wards.get(w)?.name ?? '?'), `${ia.name}'s note names ward ${w}`);
      }
    }
  });

  it('has the departments Birmingham Partnerships and Integrated Offender Management', () => {
    assert.deepEqual(spec.departments, [
      { code: 'BP', name: 'Birmingham Partnerships' },
      { code: 'IOM', name: 'Integrated Offender Management' },
    ]);
  });

  it('loads only the district file that has codes, not the merged outline', () => {
    const d = spec.boundaries.filter((b) => b.level === 'district');
    assert.equal(d.length, 1);
    assert.deepEqual(
      expandSpecFiles(dirname(FILE), d[0].files, FILE).map((f) => basename(f)),
      ['lad_2013_west_midlands.geojson.gz'],
    );
  });
});

describe('West Midlands force in a store', () => {
  let t: Awaited<ReturnType<typeof tempStore>>;
  before(async () => {
    t = await tempStore();
    await loadForce(t.store, spec, FILE);
  });
  after(async () => t.dispose());

  it('loads its areas: 1,680 LSOAs, 163 wards, 7 districts, 8 units, 163 teams, 19 Impact Areas', async () => {
    const force = await findForce(t.store.db, 'west-midlands');
    assert.ok(force);
    const count = async (level: string) => (await areaIdsByCode(t.store.db, force.id, level as 'lsoa')).size;
    assert.equal(await count('lsoa'), 1680);
    assert.equal(await count('msoa'), 356);
    assert.equal(await count('ward'), 163);
    assert.equal(await count('district'), 7);
    assert.equal(await count('unit'), 8);
    assert.equal(await count('team'), 163);
    assert.equal(await count('impact-area'), 19);
    const depts = await t.store.db
      .selectFrom('departments')
      .select('code')
      .where('force_id', '=', force.id)
      .execute();
    assert.deepEqual(depts.map((d) => d.code).sort(), ['BP', 'IOM']);
    const approx = await t.store.db
      .selectFrom('areas')
      .select(['code', 'approximate'])
      .where('force_id', '=', force.id)
      .where('level', '=', 'impact-area')
      .execute();
    assert.ok(approx.every((a) => a.approximate === 1));
    assert.ok(approx.some((a) => a.code === impactAreaCode({ name: 'Birmingham City Centre' })));
  });

  it('places points in the right NPU, team and Impact Area', async () => {
    const force = await findForce(t.store.db, 'west-midlands');
    assert.ok(force);
    const assigner = await Assigner.load(t.store.db, force.id);
    const names = new Map(
      (
        await t.store.db
          .selectFrom('areas')
          .select(['id', 'code', 'name'])
          .where('force_id', '=', force.id)
          .execute()
      ).map((a) => [a.id, a]),
    );
    const at = (lat: number, lon: number) => {
      const [e, n] = toBNG(lon, lat);
      const p = assigner.place(e, n, Assigner.emptyPlacement());
      return {
        unit: names.get(p.ids.unit)?.code,
        ward: names.get(p.ids.ward)?.name,
        district: names.get(p.ids.district)?.name,
        impact: p.impactAreas.map((id) => names.get(id)?.name),
      };
    };
    // Birmingham, Bull Ring (Ladywood ward): Birmingham West, City Centre Impact Area.
    assert.deepEqual(at(52.477, -1.8937), {
      unit: 'BW',
      ward: 'Ladywood',
      district: 'Birmingham',
      impact: ['Birmingham City Centre'],
    });
    // Erdington High Street: Birmingham East, Erdington Impact Area.
    assert.deepEqual(at(52.523, -1.84), {
      unit: 'BE',
      ward: 'Erdington',
      district: 'Birmingham',
      impact: ['Erdington'],
    });
    // Coventry city centre (St Michael's ward): Coventry NPU, Hillfields Impact Area (made of St Michael's).
    const cov = at(52.4081, -1.5106);
    assert.equal(cov.unit, 'CV');
    assert.equal(cov.district, 'Coventry');
    // Sutton Coldfield town centre: Birmingham East, no Impact Area.
    const sutton = at(52.5637, -1.8226);
    assert.equal(sutton.unit, 'BE');
    assert.deepEqual(sutton.impact, []);
  });
});
