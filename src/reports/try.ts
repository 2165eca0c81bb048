import { SqliteStore } from '../core/store/sqlite.ts';
import { forceOverview, harmReport, impactAreaTable, trendsReport } from '../harm/index.ts';
import { backtestResult, concentrationResult, prepare } from '../hotspots/index.ts';
import { workforceReport } from '../workforce/index.ts';
import { mapData } from './map-data.ts';

const store = await SqliteStore.open('/tmp/report-demo.db');
const time = async (n: string, f: () => Promise<unknown>) => {
  const t = performance.now();
  const c = process.cpuUsage();
  await f();
  const u = process.cpuUsage(c);
  console.log(n, Math.round(performance.now() - t), 'cpu', Math.round((u.user + u.system) / 1000));
};
const F = 'west-midlands';
await time('overview', () => forceOverview(store, { force: F, month: '2022-12' }));
await time('harm', () => harmReport(store, { force: F, level: 'force', from: '2021-01', to: '2022-12' }));
await time('wf', () => workforceReport(store, { force: F }));
await time('ia', () => impactAreaTable(store, { force: F, month: '2022-12' }));
for (const s of ['all-crime', 'neighbourhood-crime', 'serious-youth-violence'])
  await time(`trend ${s}`, () =>
    trendsReport(store, { force: F, selection: s, level: 'unit', to: '2022-12' }),
  );
let ctx: any;
await time('prep18', async () => {
  ctx = await prepare(store, {
    force: F,
    types: 'serious-youth-violence',
    cell: 150,
    from: '2021-07',
    to: '2022-12',
  });
});
await time('bt', async () => backtestResult(ctx, { methods: ['naive', 'harm'], coverages: [0.014] }));
await time('map', () => mapData(store, F));
await store.close();
