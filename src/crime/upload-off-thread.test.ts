// Issue 20 item 4: a crime CSV uploaded through POST /api/imports is imported on a worker thread
// that opens the store itself, with a bounded heap, so other users' requests are answered while it
// imports; its answer is what the import on the server's thread gave, its crimes are then seen by
// /api/forces, its errors answer as before, and a thread out of memory answers 413 and the server goes on.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { AS_ADMIN } from '../../test/support/principals.ts';
import { LEICS_CRIMES, leicestershireStore } from '../../test/support/stores.ts';
import { startServer } from '../core/http/server.ts';
import { Rng } from '../core/rng.ts';
import { ROUTES } from '../server.ts';
import { importCrimeFile } from './import.ts';

const HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
const ROWS = 300_000;
const execFileAsync = promisify(execFile);

/**
 * `rows` police.uk rows for Leicestershire: the bundled real months' rows with a Crime ID, over and
 * over, each with a new ID (so every row is a crime of its own, at a real map point and LSOA).
 */
function bigLeicestershireCsv(rows: number): string {
  const real: string[] = [];
  for (const f of readdirSync(LEICS_CRIMES).sort()) {
    const lines = gunzipSync(readFileSync(join(LEICS_CRIMES, f)))
      .toString('utf8')
      .split(/\r?\n/);
    for (const l of lines.slice(1)) if (/^[0-9a-f]{64},/.test(l)) real.push(l.slice(64));
  }
  const rng = new Rng(20);
  const hex = () => rng.uint32().toString(16).padStart(8, '0');
  const out = [HEADER];
  for (let i = 0; i < rows; i++) {
    out.push(`${hex()}${hex()}${hex()}${hex()}${hex()}${hex()}${hex()}${hex()}${real[i % real.length]}`);
  }
  return `${out.join('\n')}\n`;
}

let server: Awaited<ReturnType<typeof startServer>>;
let dir: string;
let csv: string;

before(async () => {
  const t = await leicestershireStore();
  dir = t.dir;
  await t.store.close();
  server = await startServer({ dbPath: t.location, port: 0, plugins: ROUTES, ...AS_ADMIN });
  csv = bigLeicestershireCsv(ROWS);
});
after(async () => server.close());

interface Answer {
  kind?: string;
  id?: number;
  file?: string;
  force?: string;
  format?: string;
  counts?: Record<string, number>;
  warnings?: unknown[];
  rejectsUrl?: string | null;
  error?: { code: string; message: string; details: Record<string, unknown> };
}

async function upload(name: string, body: string, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([body]), name);
  const r = await fetch(`${server.url}/api/imports`, { method: 'POST', body: form });
  return { status: r.status, json: (await r.json()) as Answer };
}

/** Uploads a file with curl, in a process of its own. */
async function uploadFromOtherProcess(path: string, fields: Record<string, string>) {
  const args = ['-sS', '-o', '-', '-w', '\n%{http_code}'];
  for (const [k, v] of Object.entries(fields)) args.push('-F', `${k}=${v}`);
  args.push('-F', `file=@${path}`, `${server.url}/api/imports`);
  const { stdout } = await execFileAsync('curl', args, { maxBuffer: 16 * 1024 * 1024 });
  const cut = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(cut + 1)), json: JSON.parse(stdout.slice(0, cut)) as Answer };
}

/** How long one GET takes, in ms. */
async function waitMs(path: string): Promise<number> {
  const started = performance.now();
  const r = await fetch(`${server.url}${path}`);
  assert.equal(r.status, 200, path);
  await r.text();
  return performance.now() - started;
}

async function forceCrimes(): Promise<number> {
  const r = await fetch(`${server.url}/api/forces`);
  const json = (await r.json()) as { forces: { slug: string; crimes: number }[] };
  return json.forces.find((f) => f.slug === 'leicestershire')?.crimes ?? -1;
}

test('while 300,000 rows are imported, /api/health and /api/forces answer at once', async () => {
  assert.equal(await forceCrimes(), 0);
  const started = performance.now();
  let done = false;
  // The file is sent by curl from its own process, as a user's browser would: encoding and streaming
  // a 25 MB body through fetch here would run on the server's own event loop and stall it.
  const file = join(dir, 'leics-upload.csv');
  writeFileSync(file, csv);
  const importing = uploadFromOtherProcess(file, { force: 'leicestershire' }).finally(() => {
    done = true;
  });
  const waits: number[] = [];
  while (!done) {
    waits.push(await waitMs(waits.length % 2 ? '/api/forces' : '/api/health'));
    await new Promise((r) => setTimeout(r, 20));
  }
  const r = await importing;
  const took = performance.now() - started;
  assert.equal(r.status, 200, JSON.stringify(r.json).slice(0, 500));
  const worst = Math.max(...waits);
  process.stdout.write(
    `# import ${Math.round(took)} ms; ${waits.length} requests, worst ${Math.round(worst)} ms\n`,
  );
  assert.ok(took > 2000, `the import took ${Math.round(took)} ms: too short to show anything`);
  assert.ok(waits.length >= 5, `${waits.length} requests during a ${Math.round(took)} ms import`);
  assert.ok(worst < 500, `a request waited ${Math.round(worst)} ms during the import`);

  // The answer of the import on the server's own thread, for the same file in another store.
  const path = join(dir, 'leics-upload.csv');
  writeFileSync(path, csv);
  const t = await leicestershireStore();
  try {
    const old = await importCrimeFile(t.store, path, {
      rejectsDir: join(t.dir, 'rejects'),
      force: 'leicestershire',
      sourceName: 'leics-upload.csv',
    });
    assert.equal(r.json.kind, 'crimes');
    assert.equal(r.json.file, 'leics-upload.csv');
    assert.equal(r.json.force, 'leicestershire');
    assert.equal(r.json.format, old.format);
    assert.deepEqual(r.json.counts, old.counts);
    assert.deepEqual(r.json.warnings, old.warnings ?? []);
    assert.equal(r.json.rejectsUrl ?? null, old.rejectsToken ? r.json.rejectsUrl : null);
    assert.ok((r.json.id ?? 0) > 0);
    assert.equal(r.json.counts?.rows, ROWS);
  } finally {
    await t.dispose();
  }
  // The server's own connection sees the new crimes (the response cache's data version moved on).
  assert.equal(await forceCrimes(), r.json.counts?.loaded);
});

test('errors from the import thread answer as before, naming the file as uploaded', async () => {
  const r = await upload('no-such-force.csv', `${HEADER}\n${csv.split('\n')[1]}\n`, { force: 'nowhere' });
  assert.equal(r.status, 404, JSON.stringify(r.json));
  assert.equal(r.json.error?.code, 'force.unknown');
  assert.equal(r.json.error?.details.file, 'no-such-force.csv');
  const bad = await upload('not-police.csv', 'a,b,c\n1,2,3\n', { force: 'leicestershire' });
  assert.equal(bad.status, 415, JSON.stringify(bad.json));
  assert.equal(bad.json.error?.code, 'import.unknown_format');
  assert.equal(bad.json.error?.details.file, 'not-police.csv');
});

test('an import that needs more heap than allowed answers 413, and the server goes on', async () => {
  process.env.BEATWISE_IMPORT_HEAP_MB = '16';
  try {
    const r = await upload('leics-small-heap.csv', csv, { force: 'leicestershire' });
    assert.equal(r.status, 413, JSON.stringify(r.json).slice(0, 500));
    assert.equal(r.json.error?.code, 'import.too_large');
    assert.match(
      r.json.error?.message ?? '',
      /more memory than an import may use \(16 MB, BEATWISE_IMPORT_HEAP_MB\)/,
    );
    assert.equal(r.json.error?.details.file, 'leics-small-heap.csv');
  } finally {
    delete process.env.BEATWISE_IMPORT_HEAP_MB;
  }
  assert.ok((await waitMs('/api/health')) < 1000);
  // Nothing of it was stored, and the store takes the next import (the thread's lock went with it).
  const before = await forceCrimes();
  const lines = csv.split('\n');
  const small = [HEADER, ...lines.slice(1, 11).map((l) => `${'ab'.repeat(32)}${l.slice(64)}`)];
  const r = await upload('leics-after.csv', `${small.slice(0, 2).join('\n')}\n`, { force: 'leicestershire' });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal(r.json.counts?.loaded, 1);
  assert.equal(await forceCrimes(), before + 1);
});
