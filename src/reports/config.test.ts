// The report config's logo: the shipped Beatwise logo by default, the force's own PNG or SVG
// embedded as a data: URL, and a clear error naming the field for a missing, mistyped or oversized file.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseHTML } from 'linkedom';
import { BeatwiseError } from '../core/errors.ts';
import { defaultLogoFile, MAX_LOGO_BYTES, readReportConfig } from './config.ts';
import { solidPng } from './png.test-support.ts';

const dir = mkdtempSync(join(tmpdir(), 'beatwise-report-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function configWith(fields: Record<string, unknown>): string {
  const file = join(
    dir,
    `config-${Object.values(fields)
      .join('-')
      .replace(/[^a-z0-9]/gi, '')}.json`,
  );
  writeFileSync(file, JSON.stringify(fields));
  return file;
}

const decode = (url: string | null) => {
  const m = /^data:([^;]+);base64,(.*)$/.exec(url ?? '');
  assert.ok(m, `not a data: URL: ${url?.slice(0, 40)}`);
  return { type: m[1], bytes: Buffer.from(m[2], 'base64') };
};

test('the shipped Beatwise logo is a small SVG, used when the config names no logo', () => {
  const svg = readFileSync(defaultLogoFile());
  assert.ok(svg.length < 4096, `${svg.length} bytes`);
  // It parses as an SVG and names itself.
  const { document } = parseHTML(svg.toString('utf8'));
  assert.equal(document.querySelector('svg')?.getAttribute('aria-label'), 'Beatwise');
  const none = process.env.BEATWISE_REPORT_CONFIG ? [] : [readReportConfig()];
  for (const c of [...none, readReportConfig(configWith({ author: 'A. Analyst' }))]) {
    const d = decode(c.logoDataUrl);
    assert.equal(d.type, 'image/svg+xml');
    assert.deepEqual(d.bytes, svg);
    assert.equal(c.logoAlt, 'Beatwise');
  }
});

test('the force’s own PNG or SVG, relative to the config file, is embedded as a data: URL with its alt text', () => {
  const png = solidPng(24, 12, [200, 30, 30]);
  writeFileSync(join(dir, 'force.png'), png);
  const c = readReportConfig(configWith({ logo: 'force.png', logoAlt: 'Westshire Police crest' }));
  assert.deepEqual(decode(c.logoDataUrl), { type: 'image/png', bytes: png });
  assert.equal(c.logoAlt, 'Westshire Police crest');
  const svg =
    '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';
  writeFileSync(join(dir, 'force.svg'), svg);
  const s = readReportConfig(configWith({ logo: 'force.svg' }));
  assert.deepEqual(decode(s.logoDataUrl), { type: 'image/svg+xml', bytes: Buffer.from(svg) });
  assert.equal(s.logoAlt, undefined, 'the paper writes "<force name> logo"');
});

test('a missing, mistyped or oversized logo is refused with an error naming the field "logo"', () => {
  writeFileSync(join(dir, 'crest.jpg'), solidPng(2, 2, [0, 0, 0]));
  writeFileSync(join(dir, 'fake.png'), 'not an image');
  writeFileSync(join(dir, 'fake.svg'), '<html><body>not svg</body></html>');
  // Larger than the limit, though a PNG by its first bytes.
  writeFileSync(
    join(dir, 'huge.png'),
    Buffer.concat([solidPng(2, 2, [0, 0, 0]), Buffer.alloc(MAX_LOGO_BYTES)]),
  );
  const cases: [string, RegExp][] = [
    ['nowhere.png', /does not exist/],
    ['crest.jpg', /must be a PNG or SVG file/],
    ['fake.png', /is named \.png but is not a PNG image/],
    ['fake.svg', /is named \.svg but is not an SVG image/],
    ['huge.png', /a logo may be at most 256 KB/],
  ];
  for (const [logo, why] of cases) {
    const file = configWith({ logo });
    assert.throws(
      () => readReportConfig(file),
      (e: unknown) => {
        assert.ok(e instanceof BeatwiseError, String(e));
        assert.equal(e.code, 'report.config');
        assert.match(e.message, /field "logo"/);
        assert.equal(e.where.field, 'logo');
        assert.ok(e.message.includes(file), 'names the config file');
        assert.match(e.message, why);
        return true;
      },
      logo,
    );
  }
});
