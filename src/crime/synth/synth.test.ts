// The synthetic West Midlands extract: reproducible, calibrated on the real marginals, concentrated
// and timed as documented (docs/decisions.md, "Synthetic West Midlands extract"), and importable.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { REPO, tempStore } from '../../../test/support/stores.ts';
import { readCsv } from '../../core/csv/reader.ts';
import { Rng } from '../../core/rng.ts';
import { ensureForce, importBoundaryFile } from '../../force/index.ts';
import { ASB, CATEGORIES } from '../categories.ts';
import { isExtractHeader, makeExtractParser } from '../extract.ts';
import { importCrimeFile } from '../import.ts';
import { offenceCategory } from '../offence-codes.ts';
import { CRIME_CATEGORIES } from './calibration.ts';
import { CellCounter, concentration } from './concentration.ts';
import { SYNTH_HEADER, writeExtract } from './csv.ts';
import { generateMonth, type MonthBatch } from './generate.ts';
import { buildModel, type SynthModel } from './model.ts';
import { KINDS, TIME_PROFILES, weekProfile } from './profiles.ts';
import { dayOfWeek, MINUTES_PER_DAY, monthDays } from './time.ts';
import { categoryFactor, districtFactor } from './trends.ts';
import { synthTruth } from './truth.ts';

const cat = (name: string) => CRIME_CATEGORIES.indexOf(name as (typeof CRIME_CATEGORIES)[number]);
const VIOLENCE = cat('Violence and sexual offences');
const BURGLARY = cat('Burglary');
const kindIndex = (name: string) => KINDS.findIndex((k) => k.name === name);

/** Expected total variation distance of an N-sample empirical distribution from p (normal approx.). */
function samplingTvd(p: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += Math.sqrt((2 * p[i] * (1 - p[i])) / (Math.PI * n)) / 2;
  return s;
}

function tvd(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const sa = Array.from(a).reduce((x, y) => x + y, 0);
  const sb = Array.from(b).reduce((x, y) => x + y, 0);
  let d = 0;
  for (let i = 0; i < a.length; i++) d += Math.abs(a[i] / sa - b[i] / sb) / 2;
  return d;
}

// One year at the real volume (~305,000 rows), generated once for the statistical tests.
let model: SynthModel;
let months: MonthBatch[];
let rows = 0;
before(async () => {
  model = await buildModel({ from: '2021-04', to: '2022-03', seed: 11 });
  months = model.counts.map((_, i) => generateMonth(model, i));
  rows = months.reduce((s, b) => s + b.size, 0);
});

describe('reproducible', () => {
  const dir = mkdtempSync(join(tmpdir(), 'beatwise-synth-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the same seed and options give the same bytes; another seed does not', async () => {
    const opts = { from: '2022-02', to: '2022-04', fraction: 0.02 };
    const seeds = [7, 7, 8];
    const files = seeds.map((_, i) => join(dir, `x${i}.csv.gz`));
    for (const [i, seed] of seeds.entries())
      await writeExtract(await buildModel({ ...opts, seed }), files[i]);
    const [a, b, c] = files.map((f) => readFileSync(f));
    assert.ok(a.length > 1000);
    assert.deepEqual(a, b);
    assert.notDeepEqual(gunzipSync(a), gunzipSync(c));
  });

  test('a month is the same whatever range it is generated in', async () => {
    const alone = await buildModel({ from: '2021-06', to: '2021-06', seed: 11 });
    const a = generateMonth(alone, 0);
    const b = months[2]; // 2021-06 of the shared model
    assert.equal(a.month, b.month);
    assert.deepEqual(a.easting, b.easting);
    assert.deepEqual(a.recordedAt, b.recordedAt);
    assert.deepEqual(a.order, b.order);
  });
});

describe('calibrated on the real marginals', () => {
  test('rows per month and category are the calibration means for the calendar month × the trends (±1)', () => {
    const cal = model.calibration;
    // The documented trend factor of a category in a month (trends.ts): its own trend times the
    // mean of its districts' trends, weighted by its calibrated LSOA weights.
    const factor = (c: number, m: number) => {
      let w = 0;
      let wf = 0;
      model.lsoaWeights[c].forEach((x, l) => {
        w += x;
        wf += x * districtFactor(model.districts[l], m);
      });
      return (categoryFactor(c, m) * wf) / w;
    };
    months.forEach((b, i) => {
      const calMonth = b.month % 12;
      const counts = CRIME_CATEGORIES.map(() => 0);
      for (let r = 0; r < b.size; r++) counts[b.category[r]]++;
      const expected = cal.monthly[calMonth].map((x, c) => x * factor(c, b.month));
      const expectedTotal = expected.reduce((a, x) => a + x, 0);
      assert.ok(Math.abs(b.size - expectedTotal) <= 0.5 + 1e-9, `month ${i}: ${b.size} vs ${expectedTotal}`);
      for (const [c, n] of counts.entries())
        assert.ok(Math.abs(n - expected[c]) < 1.5, `${CRIME_CATEGORIES[c]}`);
    });
    // The seasonality is the real one: the busiest and quietest calendar months agree.
    const sizes = months.map((b) => b.size);
    const real = months.map((b) => cal.monthly[b.month % 12].reduce((a, x) => a + x, 0));
    assert.equal(sizes.indexOf(Math.max(...sizes)), real.indexOf(Math.max(...real)));
    assert.equal(sizes.indexOf(Math.min(...sizes)), real.indexOf(Math.min(...real)));
  });

  test('every row is recorded in its month, after it occurred', () => {
    for (const b of months) {
      const { first, days } = monthDays(b.month);
      for (let r = 0; r < b.size; r++) {
        const rec = b.recordedAt[r];
        assert.ok(rec >= first * MINUTES_PER_DAY && rec < (first + days) * MINUTES_PER_DAY);
        assert.ok(b.occurredFrom[r] <= rec);
        if (b.occurredTo[r] >= 0) {
          assert.ok(b.occurredTo[r] >= b.occurredFrom[r]);
          assert.ok(b.occurredTo[r] <= rec);
        }
      }
    }
  });

  test('crimes per LSOA follow lsoa_ranking (tolerance: 1.25 × the sampling TVD + 0.005)', () => {
    const L = model.geography.lsoas.length;
    const got = new Float64Array(L);
    for (const b of months) for (let r = 0; r < b.size; r++) got[b.lsoa[r]]++;
    // Target: each LSOA's real count without its expected anti-social behaviour.
    const asb = CATEGORIES.indexOf(ASB);
    const cal = model.calibration;
    // Over the year, each district's trend (trends.ts) scales its LSOAs: the mean of its monthly
    // factors, weighted by the months' volumes.
    const trend = new Map<string, number>();
    for (const d of new Set(model.districts))
      trend.set(d, months.reduce((s, b) => s + b.size * districtFactor(d, b.month), 0) / rows);
    const target = model.crosswalk.map(
      (x, l) =>
        x.crimes *
        (1 - (model.topShare[l] * cal.mixTop[asb] + (1 - model.topShare[l]) * cal.mixRest[asb])) *
        (trend.get(model.districts[l]) ?? 1),
    );
    const t = target.reduce((a, x) => a + x, 0);
    const p = target.map((x) => x / t);
    const d = tvd(got, target);
    const limit = 1.25 * samplingTvd(p, rows) + 0.005;
    assert.ok(d < limit, `LSOA TVD ${d.toFixed(4)} ≥ ${limit.toFixed(4)}`);

    // Districts: the real 2021 shares (ASB included there) times their trends, within 0.5 percentage points.
    const real = new Map<string, number>();
    for (const m of cal.lsoas) {
      const district = m.name.replace(/\s+\d+[A-Z]$/, '');
      real.set(district, (real.get(district) ?? 0) + m.crimes * (trend.get(district) ?? 1));
    }
    const realTotal = [...real.values()].reduce((a, x) => a + x, 0);
    const mine = new Map<string, number>();
    for (const [i, l] of model.geography.lsoas.entries())
      mine.set(l.district, (mine.get(l.district) ?? 0) + got[i]);
    assert.equal(real.size, 7);
    for (const [district, n] of real) {
      const diff = Math.abs(n / realTotal - (mine.get(district) ?? 0) / rows);
      assert.ok(diff < 0.005, `${district}: off by ${(100 * diff).toFixed(2)} points`);
    }
  });

  test('every 2021 code that exists in 2011 keeps its count; the rest are spread, none lost', () => {
    const xw = model.crosswalk;
    const byCode = new Map(model.geography.lsoas.map((l, i) => [l.code, i]));
    let matched = 0;
    for (const m of model.calibration.lsoas) {
      const i = byCode.get(m.code);
      if (i === undefined) continue;
      matched++;
      assert.equal(xw[i].how, 'code');
      assert.ok(xw[i].crimes >= m.crimes);
    }
    assert.ok(matched > 1600, `${matched} codes matched`);
    const real = model.calibration.lsoas.reduce((s, m) => s + m.crimes, 0);
    const carried = xw.filter((x) => x.how !== 'floor').reduce((s, x) => s + x.crimes, 0);
    assert.ok(Math.abs(carried - real) < 1e-6 * real, `${carried} vs ${real}`);
    assert.ok(xw.every((x) => x.crimes > 0));
  });

  test('Birmingham burglary per MSOA follows rts2 (tolerance: 1.25 × the sampling TVD + 0.02)', () => {
    const msoas = model.calibration.birmingham;
    const index = new Map(msoas.map((m, i) => [m.name, i]));
    const got = new Float64Array(msoas.length);
    let n = 0;
    for (const b of months) {
      for (let r = 0; r < b.size; r++) {
        if (b.category[r] !== BURGLARY) continue;
        const l = b.lsoa[r];
        if (model.geography.lsoas[l].district !== 'Birmingham') continue;
        const i = index.get(model.crosswalk[l].msoa21);
        if (i === undefined) continue;
        got[i]++;
        n++;
      }
    }
    const real = msoas.map((m) => m.total);
    const total = real.reduce((a, x) => a + x, 0);
    assert.ok(n > 3000, `${n} Birmingham burglaries`);
    const d = tvd(got, real);
    const limit =
      1.25 *
        samplingTvd(
          real.map((x) => x / total),
          n,
        ) +
      0.02;
    assert.ok(d < limit, `MSOA TVD ${d.toFixed(4)} ≥ ${limit.toFixed(4)}`);
  });
});

describe('concentrated like crime', () => {
  let cells: Float64Array;
  before(() => {
    cells = model.geography.forceCells(100);
  });

  test('about half of crime in the busiest 5% of the 100 m cells', () => {
    const all = new CellCounter();
    for (const b of months) for (let r = 0; r < b.size; r++) all.add(b.easting[r], b.northing[r]);
    const c = concentration(all, cells);
    assert.ok(c.cells > 85_000 && c.cells < 95_000, `${c.cells} cells`); // ~900 km²
    const top5 = c.levels[1].crimeShare;
    assert.ok(top5 > 0.45 && top5 < 0.58, `top 5% hold ${top5}`);
    assert.ok(c.levels[0].crimeShare > 0.15, `top 1% hold ${c.levels[0].crimeShare}`);
  });

  test('violence is more concentrated than burglary (compared at equal numbers of crimes)', () => {
    const v: number[] = [];
    const bu: number[] = [];
    for (const b of months) {
      for (let r = 0; r < b.size; r++) {
        if (b.category[r] === VIOLENCE) v.push(b.easting[r], b.northing[r]);
        else if (b.category[r] === BURGLARY) bu.push(b.easting[r], b.northing[r]);
      }
    }
    // The share in the top cells rises as crimes get sparser: draw as many violent crimes as burglaries.
    const n = bu.length / 2;
    const rng = new Rng(3);
    const cv = new CellCounter();
    const cb = new CellCounter();
    for (let i = 0; i < n; i++) {
      const k = rng.int(v.length / 2);
      cv.add(v[2 * k], v[2 * k + 1]);
      cb.add(bu[2 * i], bu[2 * i + 1]);
    }
    const sv = concentration(cv, cells).levels[1].crimeShare;
    const sb = concentration(cb, cells).levels[1].crimeShare;
    assert.ok(sv > sb + 0.05, `violence ${sv.toFixed(3)}, burglary ${sb.toFixed(3)}`);
  });

  test('the truth: expected rows at the hotspots, and the busiest hotspots are the busiest cells', () => {
    const truth = synthTruth(model);
    assert.equal(truth.synthetic, true);
    assert.equal(truth.rows, rows);
    const top = truth.hotspots.slice(0, 100);
    const ids = new Set(top.map((h) => h.id));
    let atTop = 0;
    let atPlaces = 0;
    const counter = new CellCounter();
    for (const b of months) {
      for (let r = 0; r < b.size; r++) {
        if (b.place[r] >= 0) atPlaces++;
        if (ids.has(b.place[r])) atTop++;
        counter.add(b.easting[r], b.northing[r]);
      }
    }
    const expTop = top.reduce((s, h) => s + h.expected, 0);
    assert.ok(Math.abs(atTop - expTop) < 4 * Math.sqrt(expTop), `${atTop} vs ${expTop}`);
    const expHot = truth.hotShare * rows;
    assert.ok(Math.abs(atPlaces - expHot) < 4 * Math.sqrt(expHot), `${atPlaces} vs ${expHot}`);
    // The cells of the 100 busiest hotspots are among the busiest 1% of cells.
    const ranked = [...counter.counts.entries()].sort((a, b) => b[1] - a[1]);
    const k = Math.ceil(0.01 * cells.length);
    const busiest = new Set(ranked.slice(0, k).map(([key]) => key));
    const hits = top.filter((h) =>
      busiest.has(Math.floor(h.easting / 100) * 1e6 + Math.floor(h.northing / 100)),
    );
    assert.ok(hits.length >= 90, `${hits.length} of the top 100 hotspots in the busiest 1% of cells`);
  });
});

describe('realistic detail', () => {
  test('occurrence times follow each profile (day of week × hour, TVD < 1.5 × sampling + 0.01)', () => {
    const hist = TIME_PROFILES.map(() => new Float64Array(168));
    for (const b of months) {
      for (let r = 0; r < b.size; r++) {
        const t = b.occurredFrom[r];
        const day = Math.floor(t / MINUTES_PER_DAY);
        const hour = Math.floor((t - day * MINUTES_PER_DAY) / 60);
        hist[model.kindProfile[b.kind[r]]][dayOfWeek(day) * 24 + hour]++;
      }
    }
    TIME_PROFILES.forEach((name, i) => {
      const n = hist[i].reduce((a, x) => a + x, 0);
      if (n < 2000) return;
      const p = weekProfile(name);
      const d = tvd(hist[i], p);
      const limit = 1.5 * samplingTvd(p, n) + 0.01;
      assert.ok(d < limit, `${name}: TVD ${d.toFixed(4)} ≥ ${limit.toFixed(4)} (n ${n})`);
    });
  });

  test('the documented headline times: night-time violence, daytime burglary, shop hours, overnight cars', () => {
    const share = (kind: string, when: (dow: number, hour: number) => boolean) => {
      const k = kindIndex(kind);
      let n = 0;
      let hit = 0;
      for (const b of months) {
        for (let r = 0; r < b.size; r++) {
          if (b.kind[r] !== k) continue;
          const t = b.occurredFrom[r];
          const day = Math.floor(t / MINUTES_PER_DAY);
          n++;
          if (when(dayOfWeek(day), Math.floor((t - day * MINUTES_PER_DAY) / 60))) hit++;
        }
      }
      return hit / n;
    };
    // Friday and Saturday nights (18:00–06:00) are 14% of the week's hours.
    const friSatNight = (d: number, h: number) =>
      ((d === 4 || d === 5) && h >= 18) || ((d === 5 || d === 6) && h < 6);
    const check = (kind: string, when: (d: number, h: number) => boolean, lo: number, hi: number) => {
      const x = share(kind, when);
      assert.ok(x > lo && x < hi, `${kind}: ${x.toFixed(3)} not in (${lo}, ${hi})`);
    };
    check('violence-nte', friSatNight, 0.42, 1);
    check('violence-other', friSatNight, 0, 0.2);
    check('burglary-dwelling', (_, h) => h >= 8 && h < 18, 0.62, 1);
    check('shoplifting', (_, h) => h >= 22 || h < 7, 0, 0.03);
    check('vehicle-crime', (_, h) => h >= 18 || h < 6, 0.72, 1);
  });

  test('offence codes belong to their category; victim ages fit the codes; under-25 violence with injury exists', () => {
    const injury = new Set(['5D', '5E', '8N', '8P', '8S']);
    let withInjury = 0;
    let under25 = 0;
    let violence = 0;
    let domestic = 0;
    for (const b of months) {
      for (let r = 0; r < b.size; r++) {
        const kind = KINDS[b.kind[r]];
        const code = kind.codes[b.code[r]];
        assert.equal(offenceCategory(code.code), CRIME_CATEGORIES[b.category[r]]);
        const age = b.victimAge[r];
        if (code.ages && age >= 0)
          assert.ok(age >= code.ages[0] && age <= code.ages[1], `${code.code} age ${age}`);
        if (kind.age === null && !code.ageProfile) assert.equal(age, -1);
        if (age >= 0 && age < 18) assert.equal(b.vulnerable[r], 1);
        if (b.category[r] === VIOLENCE) {
          violence++;
          if (b.domestic[r] === 1) domestic++;
          if (injury.has(code.code)) {
            withInjury++;
            if (age >= 0 && age < 25) under25++;
          }
        }
      }
    }
    assert.ok(under25 / withInjury > 0.2, `${under25} of ${withInjury} violence with injury under 25`);
    assert.ok(domestic / violence > 0.25 && domestic / violence < 0.4, `domestic ${domestic / violence}`);
  });

  test('burglary of homes: most attended, some declined, some not attended; attendance after recording', () => {
    const k = kindIndex('burglary-dwelling');
    let n = 0;
    let attended = 0;
    let declined = 0;
    let neither = 0;
    for (const b of months) {
      for (let r = 0; r < b.size; r++) {
        if (b.category[r] !== BURGLARY) {
          assert.equal(b.declined[r], -1);
          assert.equal(b.attendedAt[r], -1);
          continue;
        }
        if (b.kind[r] !== k) continue;
        n++;
        if (b.attendedAt[r] >= 0) {
          attended++;
          assert.equal(b.declined[r], 0);
          assert.ok(b.attendedAt[r] > b.recordedAt[r]);
        } else if (b.declined[r] === 1) declined++;
        else neither++;
      }
    }
    const near = (x: number, target: number) => Math.abs(x / n - target) < 0.02;
    assert.ok(
      near(attended, 0.82) && near(declined, 0.1) && near(neither, 0.08),
      `${attended} ${declined} ${neither} of ${n}`,
    );
  });
});

describe('a force extract the importer takes', () => {
  let store: Awaited<ReturnType<typeof tempStore>>;
  before(async () => {
    store = await tempStore();
  });
  after(() => store.dispose());

  test('every row parses; a few thousand rows import with zero rejects, each in the LSOA it was drawn in', async () => {
    // March 2022 holds the spring clock change (27 March): its 01:00–02:00 hour does not exist.
    const small = await buildModel({ from: '2022-03', to: '2022-03', seed: 5, fraction: 0.12 });
    const file = join(store.dir, '2022-03-west-midlands-SYNTHETIC-extract.csv.gz');
    const written = await writeExtract(small, file);
    assert.ok(written.rows > 2500 && written.rows < 4000, `${written.rows} rows`);

    let parser: ReturnType<typeof makeExtractParser> | null = null;
    let synthetic = -1;
    let parsed = 0;
    for await (const batch of readCsv(file)) {
      batch.rows.forEach((fields, i) => {
        if (parser === null) {
          assert.equal(fields.join(','), SYNTH_HEADER);
          assert.ok(isExtractHeader(fields));
          parser = makeExtractParser(fields, file);
          synthetic = fields.indexOf('synthetic');
          return;
        }
        const rec = parser.parse(fields, batch.lines[i]);
        assert.ok(!('reason' in rec), `line ${batch.lines[i]}: ${'reason' in rec ? rec.reason : ''}`);
        assert.equal(fields[synthetic], 'Y');
        parsed++;
      });
    }
    assert.equal(parsed, written.rows);

    const force = await ensureForce(store.store.db, 'west-midlands', 'West Midlands Police');
    const dir = join(REPO, 'data', 'boundaries', 'west-midlands', 'lsoa');
    for (const f of [
      'E08000025',
      'E08000026',
      'E08000027',
      'E08000028',
      'E08000029',
      'E08000030',
      'E08000031',
    ])
      await importBoundaryFile(store.store, force.id, 'lsoa', join(dir, `lsoa_2011_${f}.geojson.gz`));
    const result = await importCrimeFile(store.store, file, { rejectsDir: join(store.dir, 'rejects') });
    assert.equal(result.force, 'west-midlands'); // from "Falls within"
    assert.equal(result.format, 'extract');
    assert.deepEqual(result.counts, {
      rows: written.rows,
      loaded: written.rows,
      duplicates: 0,
      rejected: 0,
      unlocated: 0,
      outside: 0,
      badQuoteLines: 0,
      conflicts: 0,
    });

    const stored = await store.store.db
      .selectFrom('crimes')
      .leftJoin('areas', 'areas.id', 'crimes.lsoa_id')
      .select(['crimes.crime_id', 'areas.code'])
      .execute();
    const lsoaOf = new Map(stored.map((r) => [r.crime_id, r.code]));
    const b = generateMonth(small, 0);
    const ref = (j: number) => `SYN-2203-${String(j + 1).padStart(6, '0')}`;
    for (let j = 0; j < b.size; j++)
      assert.equal(lsoaOf.get(ref(j)), small.geography.lsoas[b.lsoa[b.order[j]]].code, ref(j));
  });
});
