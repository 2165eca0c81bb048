// The printed paper, checked as a reader would: the same bytes twice, A4 pages that are none of them
// empty, nothing past the printable width (measured by Chromium on the printed layout, and seen on
// the page images from pdftoppm: the side margins stay blank), and a footer on every page.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readReportConfig } from './config.ts';
import { openPrinter, type PdfPrinter } from './pdf.ts';
import { solidPng } from './png.test-support.ts';
import { reportPdf } from './report.ts';
import { westMidlandsStore } from './test-support.ts';

let t: Awaited<ReturnType<typeof westMidlandsStore>>;
let printer: PdfPrinter;
let first: Awaited<ReturnType<typeof reportPdf>>;
let dir: string;
const opts = { force: 'west-midlands', month: '2022-12' };

before(async () => {
  t = await westMidlandsStore();
  printer = await openPrinter();
  first = await reportPdf(t.store, opts, readReportConfig(), printer);
  dir = mkdtempSync(join(tmpdir(), 'beatwise-pdf-'));
  writeFileSync(join(dir, 'paper.pdf'), first.pdf);
});
after(async () => {
  await printer.close();
  await t.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

test('the same store and options give a byte-identical PDF, dated from the data', async () => {
  const again = await reportPdf(t.store, opts, readReportConfig(), printer);
  assert.equal(sha(again.html), sha(first.html));
  assert.equal(sha(again.pdf), sha(first.pdf));
  const text = first.pdf.toString('latin1');
  const stamp = /\/CreationDate \(D:(\d{14})/.exec(text)?.[1];
  assert.equal(stamp, (first.data.lastImport ?? '').replace(/[^0-9]/g, '').slice(0, 14));
  assert.match(text, /\/ID \[<[0-9a-f]{32}> <[0-9a-f]{32}>\]/);
});

test('with the force’s own logo from a config file, HTML and PDF are byte-identical across two runs and the logo is embedded', async () => {
  writeFileSync(join(dir, 'crest.png'), solidPng(60, 30, [29, 79, 145]));
  writeFileSync(join(dir, 'board.json'), JSON.stringify({ logo: 'crest.png', logoAlt: 'Westshire crest' }));
  const config = readReportConfig(join(dir, 'board.json'));
  const a = await reportPdf(t.store, opts, config, printer);
  const b = await reportPdf(t.store, opts, readReportConfig(join(dir, 'board.json')), printer);
  assert.equal(sha(a.html), sha(b.html));
  assert.equal(sha(a.pdf), sha(b.pdf));
  assert.ok(a.html.includes(`<img class="logo" src="${config.logoDataUrl}" alt="Westshire crest">`));
  assert.notEqual(sha(a.pdf), sha(first.pdf), 'a different logo, a different paper');
  assert.match(a.pdf.toString('latin1'), /\/Subtype\s*\/Image/);
});

/** A binary PGM (P5) from pdftoppm -gray. */
function readPgm(file: string): { w: number; h: number; px: Uint8Array } {
  const b = readFileSync(file);
  let pos = 0;
  const tokens: string[] = [];
  while (tokens.length < 4) {
    while (b[pos] === 0x20 || b[pos] === 0x0a || b[pos] === 0x0d || b[pos] === 0x09) pos++;
    if (b[pos] === 0x23) {
      while (b[pos] !== 0x0a) pos++;
      continue;
    }
    let s = '';
    while (b[pos] > 0x20) s += String.fromCharCode(b[pos++]);
    tokens.push(s);
  }
  pos++;
  assert.equal(tokens[0], 'P5');
  const w = Number(tokens[1]);
  const h = Number(tokens[2]);
  return { w, h, px: b.subarray(pos, pos + w * h) };
}

test('A4 pages, none empty, nothing printed in the side margins, a footer with the page number on every page', () => {
  const info = execFileSync('pdfinfo', [join(dir, 'paper.pdf')], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  assert.ok(pages >= 4, `${pages} pages`);
  assert.match(info, /Page size:\s+59[45]\.\d+ x 84[12]\.\d+ pts \(A4\)/);
  execFileSync('pdftoppm', ['-r', '36', '-gray', join(dir, 'paper.pdf'), join(dir, 'page')]);
  const files = readdirSync(dir)
    .filter((f) => f.startsWith('page') && f.endsWith('.pgm'))
    .sort();
  assert.equal(files.length, pages);
  const mm = 36 / 25.4; // pixels per mm
  for (const f of files) {
    const { w, h, px } = readPgm(join(dir, f));
    const ink = (x0: number, x1: number, y0: number, y1: number) => {
      let n = 0;
      for (let y = Math.floor(y0); y < Math.min(h, y1); y++)
        for (let x = Math.floor(x0); x < Math.min(w, x1); x++) if (px[y * w + x] < 200) n++;
      return n;
    };
    // The body (between the top margin and the footer) holds something.
    assert.ok(ink(16 * mm, w - 16 * mm, 18 * mm, h - 22 * mm) > 200, `${f} is empty`);
    // The side margins (outside the 16 mm page margins, less 4 mm of anti-aliasing) are blank above the footer.
    assert.equal(ink(0, 12 * mm, 0, h - 22 * mm), 0, `${f}: something is printed in the left margin`);
    assert.equal(
      ink(w - 12 * mm, w, 0, h - 22 * mm),
      0,
      `${f}: something is printed in the right margin (a table or text cut at the page edge)`,
    );
  }
  const text = execFileSync('pdftotext', ['-layout', join(dir, 'paper.pdf'), '-'], { encoding: 'utf8' });
  const footers = text.match(/Page \d+ of \d+/g) ?? [];
  assert.equal(footers.length, pages);
  assert.equal((text.match(/SYNTHETIC data · police\.uk locations approximate/g) ?? []).length, pages);
});

test('measured by Chromium on the print layout: every table, figure and paragraph within the printable width; no cell’s text overflowing', async () => {
  const context = await printer.browser.newContext({ viewport: { width: 794, height: 1123 } });
  try {
    const page = await context.newPage();
    await page.setContent(first.html);
    await page.emulateMedia({ media: 'print' });
    const problems = await page.evaluate(() => {
      const out: string[] = [];
      const body = document.body.getBoundingClientRect();
      const right = body.right + 1;
      const left = body.left - 1;
      for (const el of document.querySelectorAll(
        'main table, main figure, main svg, main p, main li, main h2, main h3',
      )) {
        const r = el.getBoundingClientRect();
        if (r.right > right || r.left < left)
          out.push(
            `${el.tagName}#${el.id || ''} ${(el.textContent ?? '').slice(0, 40)}: ${r.left.toFixed(0)}–${r.right.toFixed(0)} outside ${left.toFixed(0)}–${right.toFixed(0)}`,
          );
      }
      for (const el of document.querySelectorAll('main td, main th')) {
        if (el.scrollWidth > el.clientWidth + 1)
          out.push(
            `cell "${(el.textContent ?? '').slice(0, 30)}" overflows (${el.scrollWidth} > ${el.clientWidth})`,
          );
      }
      return out;
    });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
