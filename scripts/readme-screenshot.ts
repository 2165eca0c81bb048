// Takes the README's screenshot (docs/screenshot-overview.png): the West Midlands overview of the
// bundled data, at 1100 × 760, as a small PNG. Run: node --import tsx scripts/readme-screenshot.ts
import { join } from 'node:path';
import { startE2E } from '../test/e2e/support.ts';
import { REPO } from '../test/support/stores.ts';

const x = await startE2E();
try {
  const page = await x.context.newPage();
  await page.setViewportSize({ width: 1100, height: 760 });
  await page.goto(`${x.url}/f/west-midlands`);
  await page.waitForSelector('section[aria-labelledby="h-attention"] tbody tr', { timeout: 60_000 });
  await page.screenshot({ path: join(REPO, 'docs', 'screenshot-overview.png') });
} finally {
  await x.close();
}
