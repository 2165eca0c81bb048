import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sourceBundle, startWorker } from './worker.ts';

/** The first message of a worker started on `entry`, after which it must exit by itself. */
async function firstMessage(entry: URL): Promise<unknown> {
  const worker = startWorker(entry);
  const message = await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await new Promise((resolve) => worker.once('exit', resolve));
  return message;
}

function writeDep(dir: string, value: string, mtime: Date): void {
  const dep = join(dir, 'dep.ts');
  writeFileSync(dep, `export const value: string = ${JSON.stringify(value)};\n`);
  utimesSync(dep, mtime, mtime);
}

test('a worker from the sources runs a bundle of its modules, made again when one of them changes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'beatwise-worker-'));
  try {
    // An ES module package, as ours is (tsx goes by it when the worker registers tsx).
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    const entryPath = join(dir, 'entry.ts');
    writeFileSync(
      entryPath,
      "import { parentPort } from 'node:worker_threads';\nimport { value } from './dep.ts';\n" +
        'const port: typeof parentPort = parentPort;\nport?.postMessage(value);\n',
    );
    const entry = pathToFileURL(entryPath);
    writeDep(dir, 'one', new Date(2020, 0, 1));
    const bundle = sourceBundle(entry);
    assert.ok(bundle, 'a bundle was made');
    const file = fileURLToPath(bundle);
    assert.ok(existsSync(file) && file.includes(join('node_modules', '.cache', 'beatwise')), file);
    assert.equal(await firstMessage(entry), 'one');
    assert.equal(sourceBundle(entry)?.href, bundle.href, 'the same bundle while nothing changed');

    writeDep(dir, 'two', new Date(2021, 0, 1));
    assert.equal(await firstMessage(entry), 'two', 'a changed import makes a new bundle');

    process.env.BEATWISE_WORKER_BUNDLE = '0';
    try {
      assert.equal(sourceBundle(entry), null);
      writeDep(dir, 'three', new Date(2022, 0, 1));
      assert.equal(await firstMessage(entry), 'three', 'without bundles the worker registers tsx');
    } finally {
      delete process.env.BEATWISE_WORKER_BUNDLE;
    }
    rmSync(file, { force: true });
    rmSync(file.replace(/\.mjs$/, '.json'), { force: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
