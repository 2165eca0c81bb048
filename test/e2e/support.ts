/**
 * Browser-test setup: the web app built into dist/web, a server on a temporary store holding the
 * bundled data, and Debian's chromium driven by playwright-core (never a downloaded browser).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { accessControl } from '../../src/access/policy.ts';
import { startServer } from '../../src/core/http/server.ts';
import { SqliteStore } from '../../src/core/store/sqlite.ts';
import type { Store } from '../../src/core/store/store.ts';
import { importCrimeFiles } from '../../src/crime/index.ts';
import { loadForce, readForceSpec } from '../../src/force/index.ts';
import { IDENTIFY, ROUTES } from '../../src/server.ts';
import { loadBundledWorkforce } from '../../src/workforce/index.ts';
import { principal } from '../support/principals.ts';
import { LEICS_CRIMES, LEICS_FORCE, REPO } from '../support/stores.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const RESULTS = join(REPO, 'test-results', 'e2e');
const WEB = join(REPO, 'web');
const DIST = join(REPO, 'dist', 'web');

function newestMtime(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newestMtime(p) : s.mtimeMs);
  }
  return t;
}

/**
 * Builds the web app (vite's JS API) when dist/web is missing or older than web/. Test files run in
 * parallel processes and vite empties dist/web before writing it: one process builds, under a lock
 * (a directory made atomically), and the others wait for it rather than serve a half-written app.
 */
export async function ensureWebBuilt(): Promise<void> {
  const index = join(DIST, 'index.html');
  const lock = join(REPO, 'dist', '.web-build.lock');
  const fresh = () => existsSync(index) && statSync(index).mtimeMs >= newestMtime(WEB);
  if (fresh() && !existsSync(lock)) return;
  mkdirSync(join(REPO, 'dist'), { recursive: true });
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // A lock left by a process that died: builds take seconds, not minutes.
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 5 * 60_000) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline)
        throw new Error('waited 5 minutes for another test process to build the web app');
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (fresh()) return;
    const { build } = await import('vite');
    await build({ configFile: join(WEB, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const WM_FORCE = join(REPO, 'data', 'forces', 'west-midlands.json');
const WM_CRIMES = join(REPO, 'data', 'samples', 'west-midlands', 'crimes');

/**
 * The bundled data, quietly: West Midlands (structure, Impact Areas, workforce tables, the synthetic
 * extract) and Leicestershire (structure and the police.uk months from 2021-03, which is enough for
 * rolling 12-month figures and a year-to-date comparison, and keeps the suite fast).
 */
async function loadBundled(store: Store, rejectsDir: string): Promise<void> {
  const files = (dir: string, from = '') =>
    readdirSync(dir)
      .filter((f) => /\.csv(\.gz)?$/.test(f) && f >= from)
      .sort()
      .map((f) => join(dir, f));
  await loadForce(store, readForceSpec(WM_FORCE), WM_FORCE);
  await loadBundledWorkforce(store);
  await importCrimeFiles(store, files(WM_CRIMES), { force: 'west-midlands', rejectsDir });
  await loadForce(store, readForceSpec(LEICS_FORCE), LEICS_FORCE);
  await importCrimeFiles(store, files(LEICS_CRIMES, '2021-03'), { force: 'leicestershire', rejectsDir });
}

export interface E2E {
  url: string;
  browser: Browser;
  context: BrowserContext;
  /** Fetches JSON from the running API. */
  api: <T>(path: string) => Promise<T>;
  close: () => Promise<void>;
}

/**
 * Everything the browser tests need, started once per test file. `bundled: false` starts on an empty
 * store; `prepare` runs on the store before the server opens it (e.g. to create users).
 */
export async function startE2E(
  opts: {
    bundled?: boolean;
    prepare?: (store: Store) => Promise<void>;
    signIn?: 'administrator' | 'session';
  } = {},
): Promise<E2E> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `the browser tests need Debian's chromium at ${CHROMIUM} (playwright-core drives it; no browser is downloaded). ` +
        'Install it with: apt-get install -y chromium',
    );
  }
  mkdirSync(RESULTS, { recursive: true });
  await ensureWebBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'beatwise-e2e-'));
  const dbPath = join(dir, 'e2e.db');
  const store = await SqliteStore.open(dbPath);
  if (opts.bundled ?? true) await loadBundled(store, `${dbPath}.rejects`);
  await opts.prepare?.(store);
  await store.close();
  // By default the browser tests run as a signed-in administrator (every request is that principal),
  // with the real policy, headers (CSP) and CSRF checks; `signIn: 'session'` uses real sign-in
  // (better-auth sessions), as the sign-in tests do.
  const admin = principal('e2e-admin', { role: 'administrator' });
  const server = await startServer({
    dbPath,
    port: 0,
    plugins: ROUTES,
    access: accessControl,
    ...(opts.signIn === 'session' ? { identifyFor: IDENTIFY } : { identify: async () => admin }),
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  return {
    url: server.url,
    browser,
    context,
    api: async <T>(path: string) => {
      const res = await fetch(`${server.url}${path}`);
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    close: async () => {
      await browser.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Console errors and uncaught exceptions of a page, as they happen. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`exception: ${e.message}`));
  return errors;
}

/** axe-core on the page (WCAG 2.0–2.2 A and AA rules): the serious and critical violations. */
export async function seriousViolations(page: Page, o: { exclude?: string } = {}): Promise<string[]> {
  const b = new AxeBuilder({ page }).withTags([
    'wcag2a',
    'wcag2aa',
    'wcag21a',
    'wcag21aa',
    'wcag22aa',
    'best-practice',
  ]);
  if (o.exclude) b.exclude(o.exclude);
  const r = await b.analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join('; ')}`,
    );
}

const INT = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
/** A count or harm as the pages show it (en-GB, whole numbers). */
export function int(n: number): string {
  return INT.format(n);
}
