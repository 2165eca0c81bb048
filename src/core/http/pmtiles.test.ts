// The base map from one local PMTiles file: the fixture is what its script writes and a valid
// archive (read back with the `pmtiles` package), and the server answers Range requests for the
// setting's file (206 with Content-Range, 416 for a bad range, ETag, HEAD) for the public, with no
// way for a request to name another file.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { PMTiles, type Source } from 'pmtiles';
import { tempStore } from '../../../test/support/stores.ts';
import { accessControl } from '../../access/policy.ts';
import { TINY_METADATA, TINY_PMTILES, tinyPmtiles, tinyTile } from './fixtures/make-pmtiles.ts';
import { fileTag, PMTILES_URL, parseRange, pmtilesRoutes } from './pmtiles.ts';
import { buildServer } from './server.ts';

let t: Awaited<ReturnType<typeof tempStore>>;
let app: FastifyInstance;
let setting: string | null = TINY_PMTILES;
const fixture = readFileSync(TINY_PMTILES);

before(async () => {
  t = await tempStore();
  app = buildServer(
    { store: t.store, rejectsDir: t.dir, access: accessControl, identify: async () => null },
    [pmtilesRoutes(() => setting)],
  );
  await app.ready();
});
after(async () => {
  await app.close();
  await t.dispose();
});

test('the committed fixture is what its script writes, and a valid PMTiles v3 archive', async () => {
  assert.deepEqual(fixture, tinyPmtiles());
  const source: Source = {
    getKey: () => 'tiny',
    getBytes: async (offset, length) => {
      const b = fixture.subarray(offset, offset + length);
      return { data: b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer };
    },
  };
  const p = new PMTiles(source);
  const h = await p.getHeader();
  assert.equal(h.specVersion, 3);
  assert.equal(h.numAddressedTiles, 1);
  assert.deepEqual(await p.getMetadata(), TINY_METADATA);
  const tile = await p.getZxy(0, 0, 0);
  assert.ok(tile);
  assert.deepEqual(new Uint8Array(tile.data), tinyTile());
  assert.equal(await p.getZxy(1, 0, 0), undefined);
  assert.ok(fixture.length < 2048, 'the fixture stays small');
});

test('parseRange: one range of the three forms; anything else is unsatisfiable', () => {
  assert.equal(parseRange(undefined, 100), 'whole');
  assert.deepEqual(parseRange('bytes=0-9', 100), { start: 0, end: 9 });
  assert.deepEqual(parseRange('bytes=90-', 100), { start: 90, end: 99 });
  assert.deepEqual(parseRange('bytes=-10', 100), { start: 90, end: 99 });
  assert.deepEqual(parseRange('bytes=-500', 100), { start: 0, end: 99 });
  assert.deepEqual(parseRange('bytes=50-16383', 100), { start: 50, end: 99 });
  for (const bad of [
    'bytes=100-',
    'bytes=9-3',
    'bytes=0-1,5-6',
    'items=0-1',
    'bytes=-',
    'bytes=-0',
    'bytes=a-b',
  ])
    assert.equal(parseRange(bad, 100), 'unsatisfiable', bad);
});

test('a range answers 206 with its bytes, Content-Range, Accept-Ranges and the ETag; the public may read it', async () => {
  const r = await app.inject({ method: 'GET', url: PMTILES_URL, headers: { range: 'bytes=0-126' } });
  assert.equal(r.statusCode, 206);
  assert.equal(r.headers['content-range'], `bytes 0-126/${fixture.length}`);
  assert.equal(r.headers['accept-ranges'], 'bytes');
  assert.equal(r.headers['content-length'], '127');
  assert.equal(r.headers['content-encoding'], undefined);
  assert.deepEqual(r.rawPayload, fixture.subarray(0, 127));
  assert.match(String(r.headers.etag), /^"[0-9a-f]+-[0-9a-f]+"$/);
  // pmtiles' first read: 16 KiB from the start of a smaller file is the whole file, still a 206.
  const first = await app.inject({ method: 'GET', url: PMTILES_URL, headers: { range: 'bytes=0-16383' } });
  assert.equal(first.statusCode, 206);
  assert.equal(first.headers['content-range'], `bytes 0-${fixture.length - 1}/${fixture.length}`);
  assert.deepEqual(first.rawPayload, fixture);
  const tail = await app.inject({ method: 'GET', url: PMTILES_URL, headers: { range: 'bytes=-20' } });
  assert.deepEqual(tail.rawPayload, fixture.subarray(fixture.length - 20));
});

test('a bad range is 416 with the size; no range is the whole file; HEAD and If-None-Match', async () => {
  for (const range of [`bytes=${fixture.length}-`, 'bytes=5-1', 'bytes=0-1,4-5', 'lines=1-2']) {
    const r = await app.inject({ method: 'GET', url: PMTILES_URL, headers: { range } });
    assert.equal(r.statusCode, 416, range);
    assert.equal(r.headers['content-range'], `bytes */${fixture.length}`);
    assert.equal(r.json().error.code, 'tiles.range');
  }
  const whole = await app.inject({ method: 'GET', url: PMTILES_URL });
  assert.equal(whole.statusCode, 200);
  assert.deepEqual(whole.rawPayload, fixture);
  const again = await app.inject({
    method: 'GET',
    url: PMTILES_URL,
    headers: { 'if-none-match': String(whole.headers.etag) },
  });
  assert.equal(again.statusCode, 304);
  const head = await app.inject({ method: 'HEAD', url: PMTILES_URL });
  assert.equal(head.statusCode, 200);
  assert.equal(head.headers['content-length'], String(fixture.length));
  // If-Range with a stale tag: the whole (new) file, not a range of it.
  const stale = await app.inject({
    method: 'GET',
    url: PMTILES_URL,
    headers: { range: 'bytes=0-9', 'if-range': '"0-0"' },
  });
  assert.equal(stale.statusCode, 200);
});

test('the path is never taken from the request; a replaced file gets a new ETag; no setting is 404', async () => {
  const r = await app.inject({
    method: 'GET',
    url: `${PMTILES_URL}?path=/etc/passwd&file=../../package.json`,
  });
  assert.deepEqual(r.rawPayload, fixture);
  for (const url of [
    '/api/tiles/..%2F..%2Fpackage.json',
    '/api/tiles/%2Fetc%2Fpasswd',
    '/api/tiles/other.pmtiles',
  ]) {
    const o = await app.inject({ method: 'GET', url });
    assert.equal(o.statusCode, 404, url);
  }
  const dir = mkdtempSync(join(tmpdir(), 'beatwise-pmtiles-'));
  try {
    const copy = join(dir, 'base.pmtiles');
    writeFileSync(copy, Buffer.concat([fixture, Buffer.from([0])]));
    setting = copy;
    const r2 = await app.inject({ method: 'GET', url: PMTILES_URL, headers: { range: 'bytes=0-0' } });
    assert.equal(r2.headers['content-range'], `bytes 0-0/${fixture.length + 1}`);
    assert.notEqual(r2.headers.etag, r.headers.etag);
    setting = join(dir, 'missing.pmtiles');
    const gone = await app.inject({ method: 'GET', url: PMTILES_URL });
    assert.equal(gone.statusCode, 404);
    assert.doesNotMatch(gone.body, /missing\.pmtiles|beatwise-pmtiles/, 'the answer names no server path');
    setting = null;
    const none = await app.inject({ method: 'GET', url: PMTILES_URL });
    assert.equal(none.statusCode, 404);
    assert.equal(none.json().error.code, 'tiles.not_found');
  } finally {
    setting = TINY_PMTILES;
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(fileTag(10, 1000.7), '"a-3e8"');
});
