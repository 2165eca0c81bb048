// Issues 20 and 21 item 11 through the server and the CLI: a boundary bomb is refused with 413 (exit 1
// and one line in the CLI), an unknown kind of file with 415, a file that needs more memory than
// the reader thread may use with 413, and while a big boundary import runs other requests are
// answered at once (the file is read on a worker thread, not on the one serving requests).
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { AS_ADMIN } from '../../test/support/principals.ts';
import { REPO, tempStore, testEngine } from '../../test/support/stores.ts';
import { accessDb, adminAuth, createLocalUser } from '../access/index.ts';
import { Browserish } from '../access/test-support.ts';
import { startServer } from '../core/http/server.ts';
import { SqliteStore } from '../core/store/sqlite.ts';
import { ROUTES } from '../server.ts';
import { createForce } from './store.ts';

const ADMIN_PASSWORD = 'a long password for the test';

const MB = 2 ** 20;
/** 1 GB of zeros as 16 gzip members of 64 MB each (about 1 MB on disk). */
const gzBomb = (): Uint8Array<ArrayBuffer> => {
  const member = gzipSync(Buffer.alloc(64 * MB), { level: 9 });
  return new Uint8Array(Buffer.concat(Array.from({ length: 16 }, () => member)));
};

/** A GeoJSON of `features` round LSOAs of `vertices` positions each, in the West Midlands. */
function bigGeoJson(features: number, vertices: number): string {
  const parts: string[] = [];
  for (let f = 0; f < features; f++) {
    const cx = -2 + (f % 50) * 0.02;
    const cy = 52 + Math.floor(f / 50) * 0.02;
    const ring: string[] = [];
    for (let v = 0; v < vertices; v++) {
      const a = (2 * Math.PI * v) / vertices;
      ring.push(`[${(cx + 0.009 * Math.cos(a)).toFixed(6)},${(cy + 0.009 * Math.sin(a)).toFixed(6)}]`);
    }
    ring.push(ring[0]);
    parts.push(
      `{"type":"Feature","properties":{"LSOA11CD":"E0${String(f).padStart(7, '0')}","LSOA11NM":"Big ${f}"},` +
        `"geometry":{"type":"Polygon","coordinates":[[${ring.join(',')}]]}}`,
    );
  }
  return `{"type":"FeatureCollection","features":[${parts.join(',')}]}`;
}

let server: Awaited<ReturnType<typeof startServer>>;
let dir: string;
let big: string;

before(async () => {
  const t = await tempStore();
  dir = t.dir;
  await createForce(t.store.db, 'bigshire', 'Bigshire Police');
  await t.store.close();
  server = await startServer({ dbPath: t.location, port: 0, plugins: ROUTES, ...AS_ADMIN });
  big = bigGeoJson(1500, 400); // 600,000 positions, 13 MB: seconds of parsing and projecting
});
after(async () => server.close());

async function upload(
  name: string,
  body: string | Uint8Array<ArrayBuffer>,
  fields: Record<string, string> = {},
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([body]), name);
  const r = await fetch(`${server.url}/api/imports`, { method: 'POST', body: form });
  const json = (await r.json()) as {
    features?: number;
    error?: { code: string; message: string; details: Record<string, unknown> };
  };
  return { status: r.status, json };
}

async function healthMs(url = server.url): Promise<number> {
  const started = performance.now();
  const r = await fetch(`${url}/api/health`);
  assert.equal(r.status, 200);
  await r.text();
  return performance.now() - started;
}

describe('over HTTP', () => {
  test('a .geojson.gz bomb is refused with 413 and a message, and the server goes on', async () => {
    process.env.BEATWISE_MAX_INFLATE_MB = '32';
    try {
      const r = await upload('bomb.geojson.gz', gzBomb(), { level: 'lsoa', force: 'bigshire' });
      assert.equal(r.status, 413, JSON.stringify(r.json));
      assert.equal(r.json.error?.code, 'file_too_large');
      assert.match(r.json.error?.message ?? '', /unpacks to more than .*32 MB, BEATWISE_MAX_INFLATE_MB/);
      assert.equal(r.json.error?.details.file, 'bomb.geojson.gz');
    } finally {
      delete process.env.BEATWISE_MAX_INFLATE_MB;
    }
    assert.ok((await healthMs()) < 1000);
  });

  test('a kind of file Beatwise cannot read answers 415, not 404', async () => {
    const r = await upload('notes.txt', 'hello,world\n1,2\n');
    assert.equal(r.status, 415, JSON.stringify(r.json));
    assert.equal(r.json.error?.code, 'upload.unsupported_type');
  });

  test('a file that needs more memory than the reader thread may use is refused with 413', async () => {
    process.env.BEATWISE_BOUNDARY_HEAP_MB = '24';
    try {
      const r = await upload('big.geojson', big, { level: 'lsoa', force: 'bigshire' });
      assert.equal(r.status, 413, JSON.stringify(r.json));
      assert.equal(r.json.error?.code, 'boundary.too_large');
      assert.match(r.json.error?.message ?? '', /more memory than a boundary import may use \(24 MB/);
    } finally {
      delete process.env.BEATWISE_BOUNDARY_HEAP_MB;
    }
    assert.ok((await healthMs()) < 1000);
  });
});

describe('a server in its own process', {
  // Its server always runs on a SQLite file it makes itself (the upload's reader thread is what is
  // tested); 'over HTTP' above runs the same uploads on the store under test.
  skip: testEngine() === 'postgres' ? 'runs its own SQLite server process: tested in the SQLite pass' : false,
}, () => {
  let child: ChildProcess;
  let url: string;
  before(async () => {
    const store = await SqliteStore.open(join(dir, 'served.db'));
    await createForce(store.db, 'bigshire', 'Bigshire Police');
    // Uploads need a signed-in analyst or administrator: one is made here and signs in below.
    await createLocalUser(adminAuth(store), accessDb(store), {
      email: 'admin@bigshire.police.uk',
      name: 'Admin',
      password: ADMIN_PASSWORD,
      grants: [{ role: 'administrator' }],
    });
    await store.close();
    // Its own process, so that the client measuring it is never held up by the server's thread.
    child = spawn(
      process.execPath,
      [join(REPO, 'bin', 'beatwise.js'), '--db', join(dir, 'served.db'), 'serve', '--port', '0'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /serving (http:\/\/\S+?) /.exec(out);
        if (m) resolve(m[1]);
      });
      child.once('exit', () => reject(new Error(`the server stopped: ${out}`)));
    });
  });
  after(() => {
    child.kill('SIGTERM');
  });
  const signedIn = async (): Promise<Browserish> => {
    const b = new Browserish(url);
    const r = await b.fetch('/api/auth/sign-in/email', {
      method: 'POST',
      json: { email: 'admin@bigshire.police.uk', password: ADMIN_PASSWORD },
    });
    assert.equal(r.status, 200, await r.text());
    return b;
  };

  test('while a big boundary file is imported, /api/health answers within a second', async () => {
    const form = new FormData();
    form.append('level', 'lsoa');
    form.append('force', 'bigshire');
    form.append('file', new Blob([big]), 'big.geojson');
    const b = await signedIn();
    const started = performance.now();
    const importing = fetch(`${url}/api/imports`, {
      method: 'POST',
      body: form,
      headers: { cookie: b.cookieHeader(), origin: url, 'x-requested-with': 'fetch' },
    }).then(async (r) => ({
      status: r.status,
      json: (await r.json()) as { features?: number },
    }));
    let done = false;
    void importing.finally(() => {
      done = true;
    });
    const latencies: number[] = [];
    while (!done) {
      latencies.push(await healthMs(url));
      await new Promise((r) => setTimeout(r, 25));
    }
    const r = await importing;
    const took = performance.now() - started;
    assert.equal(r.status, 200, JSON.stringify(r.json).slice(0, 300));
    assert.equal(r.json.features, 1500);
    const worst = Math.max(...latencies);
    process.stdout.write(
      `# import ${Math.round(took)} ms; ${latencies.length} health checks, worst ${Math.round(worst)} ms\n`,
    );
    assert.ok(
      latencies.length >= 3,
      `${latencies.length} health checks during a ${Math.round(took)} ms import`,
    );
    assert.ok(worst < 1000, `GET /api/health took ${Math.round(worst)} ms during the import`);
  });
});

test('in the CLI a bomb is one error line and exit 1, no stack trace', () => {
  const file = join(dir, 'bomb.geojson.gz');
  writeFileSync(file, gzBomb());
  const made = spawnSync(
    process.execPath,
    [
      join(REPO, 'bin', 'beatwise.js'),
      '--db',
      join(dir, 'cli.db'),
      'force',
      'create',
      '--slug',
      'cli',
      '--name',
      'CLI',
    ],
    { encoding: 'utf8' },
  );
  assert.equal(made.status, 0, made.stderr);
  const bomb = spawnSync(
    process.execPath,
    [
      join(REPO, 'bin', 'beatwise.js'),
      '--db',
      join(dir, 'cli.db'),
      'import',
      'boundaries',
      '--level',
      'lsoa',
      '--force',
      'cli',
      file,
    ],
    { encoding: 'utf8', env: { ...process.env, BEATWISE_MAX_INFLATE_MB: '32' } },
  );
  assert.equal(bomb.status, 1, bomb.stderr);
  assert.match(bomb.stderr, /^error: .*bomb\.geojson\.gz: It unpacks to more than .*32 MB/m);
  assert.doesNotMatch(bomb.stderr, /\n\s+at /, 'no stack trace');
});
