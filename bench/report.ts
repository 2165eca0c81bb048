/**
 * Board paper benchmark.
 *
 *   npm run bench:report -- [--db beatwise.db] [--force west-midlands] [--month 2022-12] [--runs 3]
 *
 * On the demo store (`npm start` or `npx beatwise demo` builds ./beatwise.db; without one, a
 * temporary store is built from the bundled West Midlands data first: setup, not timed) it times the
 * paper for the whole force: gathering the figures from the store, writing the HTML, and printing
 * the PDF with Debian's chromium (browser start timed apart). Targets: HTML < 2 s, the whole paper
 * (figures, HTML and PDF, browser start included) < 10 s. Prints the best of `runs`, sizes, page
 * count and peak memory.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { SqliteStore } from '../src/core/store/sqlite.ts';
import type { Store } from '../src/core/store/store.ts';
import { gatherPaper, openPrinter, readReportConfig, renderHtml, renderPdf } from '../src/reports/index.ts';
import { paperDate } from '../src/reports/report.ts';
import { westMidlandsStore } from '../src/reports/test-support.ts';
import { MB, vmHwmBytes } from './lib/memory.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'beatwise.db' },
    force: { type: 'string', default: 'west-midlands' },
    month: { type: 'string', default: '2022-12' },
    runs: { type: 'string', default: '3' },
  },
});

let store: Store;
let dispose: () => Promise<void>;
if (existsSync(values.db)) {
  const s = await SqliteStore.open(values.db);
  store = s;
  dispose = () => s.close();
  console.log(`store: ${values.db}`);
} else {
  console.log(`no ${values.db}: building a temporary store from the bundled West Midlands data (not timed)`);
  const t = await westMidlandsStore();
  store = t.store;
  dispose = t.dispose;
}
const config = readReportConfig();
const o = { force: values.force, month: values.month };
const runs = Math.max(1, Number(values.runs));
const best = {
  gather: Infinity,
  html: Infinity,
  launch: Infinity,
  pdf: Infinity,
  whole: Infinity,
  htmlCpu: Infinity,
};
let pdf: Buffer = Buffer.alloc(0);
let htmlText = '';
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const data = await gatherPaper(store, o, config);
  const t1 = performance.now();
  htmlText = renderHtml(data);
  const t2 = performance.now();
  const cpu = process.cpuUsage(c0);
  best.htmlCpu = Math.min(best.htmlCpu, (cpu.user + cpu.system) / 1000);
  const printer = await openPrinter();
  const t3 = performance.now();
  pdf = await renderPdf(htmlText, { date: paperDate(data), printer });
  const t4 = performance.now();
  await printer.close();
  best.gather = Math.min(best.gather, t1 - t0);
  best.html = Math.min(best.html, t2 - t0);
  best.launch = Math.min(best.launch, t3 - t2);
  best.pdf = Math.min(best.pdf, t4 - t3);
  best.whole = Math.min(best.whole, t4 - t0);
}
const dir = mkdtempSync(join(tmpdir(), 'beatwise-bench-report-'));
writeFileSync(join(dir, 'paper.pdf'), pdf);
const pages = /Pages:\s+(\d+)/.exec(
  execFileSync('pdfinfo', [join(dir, 'paper.pdf')], { encoding: 'utf8' }),
)?.[1];
rmSync(dir, { recursive: true, force: true });
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(`${values.force} ${values.month}, best of ${runs}:`);
console.log(`  figures from the store   ${s(best.gather)}`);
console.log(
  `  HTML (figures + writing) ${s(best.html)}   target < 2 s: ${best.html < 2000 ? 'met' : 'NOT met'}`,
);
console.log(
  `    (this process's CPU time for it: ${s(best.htmlCpu)}; on a shared machine the wall time is longer)`,
);
console.log(`  chromium start           ${s(best.launch)}`);
console.log(`  PDF printing             ${s(best.pdf)}`);
console.log(
  `  whole paper              ${s(best.whole)}   target < 10 s: ${best.whole < 10000 ? 'met' : 'NOT met'}`,
);
console.log(
  `  HTML ${(htmlText.length / 1024).toFixed(0)} KiB, PDF ${(pdf.length / 1024).toFixed(0)} KiB, ${pages} pages`,
);
const rss = vmHwmBytes();
console.log(`  peak RSS ${rss === null ? 'not known' : `${(rss / MB).toFixed(0)} MB`}`);
await dispose();
