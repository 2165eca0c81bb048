/**
 * Worker threads that run from the TypeScript sources (under tsx) and from the build alike.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { threadId, Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on the module at `entry`, given as the `.ts` source beside the caller:
 * `startWorker(new URL('./my-worker.ts', import.meta.url))`. From the build (this module is .js) it
 * loads the built `.js` entry. From the sources it runs a bundle of the entry and the sources it
 * imports (see `sourceBundle`), or, when no bundle can be made, registers tsx in the worker (which a
 * worker does not inherit) and imports the entry through it. An entry that starts workers itself
 * must not be bundled (`bundle: false`): in a bundle every module's `import.meta.url` is the
 * bundle's, so the entries it names beside its modules would not be found.
 */
export function startWorker(
  entry: URL,
  options: Omit<WorkerOptions, 'eval'> = {},
  how: { bundle?: boolean } = {},
): Worker {
  if (!entry.pathname.endsWith('.ts')) throw new Error(`startWorker: ${entry.href} is not a .ts module`);
  if (import.meta.url.endsWith('.ts')) {
    const bundle = how.bundle === false ? null : sourceBundle(entry);
    if (bundle) return new Worker(bundle, options);
    const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
    const module = JSON.stringify(entry.href);
    return new Worker(`import(${tsx}).then((t) => { t.register(); return import(${module}); });`, {
      ...options,
      eval: true,
    });
  }
  return new Worker(builtEntry(entry), options);
}

/**
 * The built module of a worker entry named as its `.ts` source: from dist/ (tsc, rootDir src →
 * outDir dist) `new URL('./x-worker.ts', import.meta.url)` names dist/…/x-worker.ts, whose build is
 * dist/…/x-worker.js beside the caller's.
 */
export function builtEntry(entry: URL): URL {
  if (!entry.pathname.endsWith('.ts')) throw new Error(`builtEntry: ${entry.href} is not a .ts module`);
  const built = new URL(entry.href);
  built.pathname = `${built.pathname.slice(0, -'.ts'.length)}.js`;
  return built;
}

/** The package root (this file is src/core/worker.ts). */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where bundles are kept: the usual place for a package's caches. */
const CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'beatwise', 'workers');

/** What a bundle was made from: each input file's size and modification time when it was made. */
interface BundleManifest {
  entry: string;
  inputs: { path: string; size: number; mtimeMs: number }[];
}

/**
 * The entry's module and every source module it imports, bundled into one ES module by esbuild
 * (the transpiler tsx itself uses; packages stay imports), kept under node_modules/.cache and made
 * again when any of its inputs changes. A worker that registers tsx instead has tsx's loader thread
 * resolve and transpile each module: measured on the crime import's reader, its thread started
 * ~0.1 s later, while competing with the importing thread for the cores. `BEATWISE_WORKER_BUNDLE=0`
 * turns bundles off. Null when no bundle can be made (no esbuild, an unwritable cache): then tsx.
 */
export function sourceBundle(entry: URL): URL | null {
  if (process.env.BEATWISE_WORKER_BUNDLE === '0') return null;
  const source = fileURLToPath(entry);
  // Entries with the same name in different folders get different bundles.
  const name = `${basename(source, '.ts')}-${hashText(source)}`;
  const out = join(CACHE_DIR, `${name}.mjs`);
  const manifestFile = join(CACHE_DIR, `${name}.json`);
  try {
    const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as BundleManifest;
    if (m.entry === source && m.inputs.every(unchanged)) return pathToFileURL(out);
  } catch {
    // no bundle yet, or an unreadable one: make it
  }
  try {
    const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
    const r = esbuild.buildSync({
      entryPoints: [source],
      absWorkingDir: ROOT,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    // Inputs first stated, then the bundle written: an input changed in between only makes it stale.
    const manifest: BundleManifest = {
      entry: source,
      inputs: Object.keys(r.metafile.inputs).map((p) => {
        const path = resolve(ROOT, p);
        const st = statSync(path);
        return { path, size: st.size, mtimeMs: st.mtimeMs };
      }),
    };
    mkdirSync(CACHE_DIR, { recursive: true });
    // Written aside and renamed, so another process never reads half a file.
    const tmp = `.${process.pid}-${threadId}.tmp`;
    writeFileSync(out + tmp, r.outputFiles[0].contents);
    renameSync(out + tmp, out);
    writeFileSync(manifestFile + tmp, JSON.stringify(manifest));
    renameSync(manifestFile + tmp, manifestFile);
    return pathToFileURL(out);
  } catch {
    return null;
  }
}

function unchanged(input: BundleManifest['inputs'][number]): boolean {
  try {
    const st = statSync(input.path);
    return st.size === input.size && st.mtimeMs === input.mtimeMs;
  } catch {
    return false;
  }
}

/** A short FNV-1a hash of a text, in base 36. */
function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}
