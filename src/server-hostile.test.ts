// The hostile set: every registered route (taken from Fastify's onRoute hook) with junk, oversized,
// prototype, NaN, negative and huge values for each of its parameters; malformed uploads; prototype
// names; path traversal; oversized headers and URLs. No answer may be a 5xx, and every error is
// {error: {code, message, details}}.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { AS_ADMIN } from '../test/support/principals.ts';
import { LEICS_CRIMES, leicestershireStore } from '../test/support/stores.ts';
import { hardeningFromEnv } from './core/http/headers.ts';
import { buildServer } from './core/http/server.ts';
import { importCrimeFiles } from './crime/index.ts';
import { ROUTES } from './server.ts';

let app: FastifyInstance;
let url: string;
let dispose: () => Promise<void>;
const routes: { method: string; url: string; query: readonly string[] }[] = [];

before(async () => {
  const t = await leicestershireStore();
  await importCrimeFiles(t.store, [join(LEICS_CRIMES, '2022-04-leicestershire-street.csv.gz')], {
    rejectsDir: join(t.dir, 'rejects'),
  });
  app = buildServer(
    {
      store: t.store,
      rejectsDir: join(t.dir, 'rejects'),
      ...AS_ADMIN,
      // ~1,300 requests in seconds: the rate limit (its own tests: guard.test.ts) would answer 429.
      hardening: { ...hardeningFromEnv(), rateLimitMax: 0 },
    },
    [
      (api) =>
        api.addHook('onRoute', (r) => {
          for (const method of [r.method].flat())
            if (method !== 'HEAD') routes.push({ method, url: r.url, query: r.config?.queryKeys ?? [] });
        }),
      ...ROUTES,
    ],
  );
  url = await app.listen({ port: 0, host: '127.0.0.1' });
  dispose = async () => {
    await app.close();
    await t.dispose();
  };
});
after(async () => dispose());

/** Every input tried and what it answered, printed at the end (for docs/api.md and the report). */
const outcomes: string[] = [];

async function send(method: string, path: string, init: RequestInit = {}) {
  const r = await fetch(`${url}${path}`, { method, ...init });
  const text = await r.text();
  let error: { code: string; message: string } | undefined;
  try {
    error = (JSON.parse(text) as { error?: { code: string; message: string } }).error;
  } catch {}
  outcomes.push(
    `${method} ${path.length > 120 ? `${path.slice(0, 117)}...` : path} -> ${r.status} ${error?.code ?? ''}`,
  );
  return { status: r.status, text, error };
}

/** What went wrong, collected so that one run shows every failure. */
const failures: string[] = [];

function assertClientError(
  r: { status: number; text: string; error?: { code: string; message: string } },
  what: string,
) {
  if (r.status >= 500) failures.push(`${what}: ${r.status} ${r.text.slice(0, 300)}`);
  else if (r.status >= 400 && !(r.error?.code && r.error.message))
    failures.push(`${what}: ${r.status} without {error: {code, message}}: ${r.text.slice(0, 200)}`);
}

function noFailures() {
  const all = failures.splice(0);
  assert.deepEqual(all, []);
}

const VALID: Record<string, string> = {
  force: 'leicestershire',
  level: 'unit',
  id: '1',
  area: 'unit:LE',
  cell: '1000',
};
const JUNK = [
  '',
  '__proto__',
  'constructor',
  'toString',
  'NaN',
  '-1',
  '0',
  '1e308',
  '-1e308',
  'Infinity',
  '0x10',
  '2022-13',
  '9999-99',
  '9999-12',
  '0000-01',
  '../../etc/passwd',
  '%00',
  '%FF%FE',
  '<script>',
  "'; DROP TABLE crimes; --",
  'x'.repeat(10_000),
];

test('every route, every parameter, junk values: never a 5xx, always a JSON error', async () => {
  assert.ok(routes.length >= 14, `${routes.length} routes`);
  for (const r of routes) {
    const pathParams = [...r.url.matchAll(/:(\w+)/g)].map((m) => m[1]);
    const fill = (over: Record<string, string>) => {
      const path = r.url.replace(/:(\w+)/g, (_, k: string) => encodeURIComponent(over[k] ?? VALID[k] ?? 'x'));
      const q = new URLSearchParams();
      // Required parameters get a valid value, the one under test a junk one.
      for (const k of r.query)
        if (k in over) q.set(k, over[k]);
        else if (k === 'level') q.set(k, VALID.level);
      return q.size ? `${path}?${q}` : path;
    };
    for (const p of [...pathParams, ...r.query])
      for (const v of JUNK) {
        const path = fill({ [p]: v });
        assertClientError(await send(r.method, path), `${r.method} ${path.slice(0, 200)}`);
      }
    // The same parameter twice, and parameters that are not documented.
    const base = fill({});
    const join = base.includes('?') ? '&' : '?';
    for (const p of r.query)
      assertClientError(await send(r.method, `${base}${join}${p}=a&${p}=b`), `${r.url} ${p} twice`);
    assertClientError(
      await send(r.method, `${base}${join}__proto__[x]=1&constructor=1&junk=${'j'.repeat(1000)}`),
      `${r.url} undocumented query`,
    );
  }
  noFailures();
});

test.after(() => {
  if (process.env.BEATWISE_HOSTILE_LOG) process.stdout.write(`${outcomes.join('\n')}\n`);
});

/** Sends raw bytes as a POST to /api/imports with the given content type. */
function postRaw(contentType: string | null, body: string) {
  return send('POST', '/api/imports', {
    headers: contentType === null ? {} : { 'content-type': contentType },
    body,
  });
}

const B = 'XyZboundary';
const part = (name: string, filename: string, content: string) =>
  `--${B}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n`;
const HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n';

test('malformed, truncated and boundary-less uploads get a 4xx that says what is wrong', async () => {
  const cases: [string, string | null, string, number[]][] = [
    ['no boundary', 'multipart/form-data', part('file', 'a.csv', HEADER), [400, 406]],
    ['empty boundary', 'multipart/form-data; boundary=', part('file', 'a.csv', HEADER), [400, 406]],
    [
      'truncated body',
      `multipart/form-data; boundary=${B}`,
      part('file', 'a.csv', HEADER).slice(0, 150),
      [400],
    ],
    [
      'cut before the end boundary',
      `multipart/form-data; boundary=${B}`,
      `${part('file', 'a.csv', HEADER)}--${B.slice(0, 3)}`,
      [400],
    ],
    [
      'malformed part header',
      `multipart/form-data; boundary=${B}`,
      `--${B}\r\nContent-Disposition form-data\r\n\x00\x01\r\n\r\n`,
      [400],
    ],
    ['no parts at all', `multipart/form-data; boundary=${B}`, `--${B}--\r\n`, [400, 406]],
    [
      'wrong boundary',
      `multipart/form-data; boundary=other`,
      `${part('file', 'a.csv', HEADER)}--${B}--\r\n`,
      [400, 406],
    ],
    ['JSON instead of a file', 'application/json', '{"file": "x"}', [400, 406, 415]],
    ['text instead of a file', 'text/plain', 'hello', [400, 406, 415]],
    ['no content type', null, 'hello', [400, 406, 415]],
    ['3 MB of JSON', 'application/json', JSON.stringify({ junk: 'x'.repeat(3 * 1024 * 1024) }), [413]],
    [
      '__proto__ field',
      `multipart/form-data; boundary=${B}`,
      `--${B}\r\nContent-Disposition: form-data; name="__proto__"\r\n\r\nx\r\n${part('file', 'a.csv', HEADER)}--${B}--\r\n`,
      [400],
    ],
    [
      'unknown file type',
      `multipart/form-data; boundary=${B}`,
      `${part('file', 'notes.txt', 'hello')}--${B}--\r\n`,
      [415],
    ],
    [
      'no file name extension',
      `multipart/form-data; boundary=${B}`,
      `${part('file', 'upload', HEADER)}--${B}--\r\n`,
      [415],
    ],
    [
      'a PDF',
      `multipart/form-data; boundary=${B}`,
      `${part('file', 'paper.pdf', '%PDF-1.4')}--${B}--\r\n`,
      [415],
    ],
  ];
  for (const [what, type, body, statuses] of cases) {
    const r = await postRaw(type, body);
    outcomes.push(`  (${what})`);
    assertClientError(r, what);
    if (!statuses.includes(r.status))
      failures.push(`${what}: ${r.status} (expected ${statuses.join(' or ')}): ${r.text.slice(0, 200)}`);
  }
  noFailures();
  assert.equal((await send('GET', '/api/health')).status, 200);
});

test('prototype names select nothing: types=__proto__ is refused, not every crime', async () => {
  for (const path of [
    '/api/forces/leicestershire/hotspots/grid?types=__proto__',
    '/api/forces/leicestershire/hotspots/concentration?types=constructor',
    '/api/forces/leicestershire/harm?level=unit&selection=__proto__',
    '/api/forces/leicestershire/trends?selection=constructor',
  ]) {
    const r = await send('GET', path);
    assert.equal(r.status, 404, `${path}: ${r.text.slice(0, 200)}`);
    assert.equal(r.error?.code, 'selection.unknown');
    assert.match(r.error?.message ?? '', /is not a selection or category; selections: all-crime/);
  }
  for (const path of [
    '/api/forces/__proto__/overview',
    '/api/forces/constructor/harm?level=unit',
    '/api/forces/leicestershire/hotspots/grid?area=constructor:x',
    '/api/forces/leicestershire/harm?level=unit&weights=__proto__',
  ]) {
    const r = await send('GET', path);
    assert.ok(r.status === 404 || r.status === 400, `${path}: ${r.status} ${r.text.slice(0, 200)}`);
    assert.ok(r.error?.message, path);
  }
});

test('path traversal, NUL bytes and malformed escapes in paths are refused as JSON', async () => {
  for (const path of [
    '/..%2f..%2fetc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/api/forces/..%2f..%2fetc%2fpasswd/overview',
    '/api/imports/..%2f..%2fetc%2fpasswd/rejects',
    '/api/imports/1%00/rejects',
    '/api/forces/leicestershire%00/overview',
    '/index.html%00.js',
    '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
    '/api/forces/%E0%A4%A/overview',
    '/%',
  ]) {
    const r = await send('GET', path);
    assertClientError(r, path);
    assert.ok(r.status === 400 || r.status === 404 || r.status === 200, `${path}: ${r.status}`);
    assert.doesNotMatch(r.text, /root:x:0:0|"name": "beatwise"/, path);
  }
  noFailures();
});

/** A raw HTTP/1.1 request, for what fetch will not send. */
function raw(text: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(text));
    let out = '';
    socket.on('data', (d) => {
      out += d.toString();
    });
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
  });
}

test('oversized headers and URLs are refused by the HTTP parser (431) and the server stays up', async () => {
  const bigHeader = await raw(
    `GET /api/health HTTP/1.1\r\nHost: x\r\nX-Junk: ${'a'.repeat(64 * 1024)}\r\nConnection: close\r\n\r\n`,
  );
  assert.match(bigHeader, /^HTTP\/1\.1 431/);
  outcomes.push('GET /api/health with a 64 KiB header -> 431');
  const bigUrl = await raw(
    `GET /api/forces?${'a=1&'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
  );
  assert.match(bigUrl, /^HTTP\/1\.1 431/);
  outcomes.push('GET /api/forces?<80 KB query> -> 431');
  const garbage = await raw('BLAH /\r\n\r\n');
  assert.match(garbage, /^HTTP\/1\.1 400/);
  outcomes.push('a request line that is not HTTP -> 400');
  assert.equal((await send('GET', '/api/health')).status, 200);
});

test('the 1 MiB body limit does not apply to uploaded files: a 2.6 MB CSV still imports', async () => {
  let rows = HEADER;
  for (let i = 0; i < 15_000; i++)
    rows += `${i.toString(16).padStart(64, 'b')},2022-06,Leicestershire Police,Leicestershire Police,-1.13,52.63,On or near X,E01013000,Leicester 001A,Robbery,,\n`;
  assert.ok(rows.length > 2.5 * 1024 * 1024);
  const form = new FormData();
  form.append('file', new Blob([rows]), 'big-upload.csv');
  const r = await send('POST', '/api/imports', { body: form });
  assert.equal(r.status, 200, r.text.slice(0, 300));
  assert.equal((JSON.parse(r.text) as { counts: { rows: number } }).counts.rows, 15_000);
});
