// The Board paper page in a real browser at phone width: the month and unit controls, the paper
// previewed in a frame (the API's HTML, framed by our own origin only), and the PDF download.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type E2E, seriousViolations, startE2E, watchErrors } from './support.ts';

let started: Promise<E2E> | null = null;
function e2e(): Promise<E2E> {
  started ??= startE2E();
  return started;
}
// Building the web app and loading the bundled data is slow on a shared machine: its own time limit.
before(async () => void (await e2e()), { timeout: 600_000 });
after(async () => {
  if (started) await (await started.catch(() => null))?.close();
});

test('Board paper page (390 px): preview of the month’s paper, HTML and PDF downloads', {
  timeout: 300_000,
}, async () => {
  const x = await e2e();
  const page = await x.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    const errors = watchErrors(page);
    await page.goto(`${x.url}/f/west-midlands/report?month=2022-12`);
    await page.locator('h1').first().waitFor();
    const frame = page.frameLocator('iframe.report-preview');
    await frame.locator('h1').waitFor({ timeout: 120_000 });
    assert.match(
      (await frame.locator('h1').textContent()) ?? '',
      /Report: Neighbourhood Policing — West Midlands/,
    );
    assert.equal(await frame.locator('#table-3 tbody tr').count(), 19);
    assert.match((await frame.locator('.masthead').textContent()) ?? '', /SYNTHETIC/);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the page is ${width} px wide at a 390 px screen`);
    const pdfHref = await page.locator('a', { hasText: 'Download PDF' }).getAttribute('href');
    assert.equal(pdfHref, '/api/forces/west-midlands/report?month=2022-12&format=pdf');
    const pdf = await page.request.get(`${x.url}${pdfHref}`, { timeout: 120_000 });
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    // The paper in the preview frame allows no scripts (its own CSP), so axe cannot run inside it and
    // would wait for the frame; the paper's own accessibility is checked in src/reports/report.test.ts.
    assert.deepEqual(await seriousViolations(page, { exclude: 'iframe.report-preview' }), []);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
