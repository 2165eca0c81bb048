// The production build's workers: every worker entry the sources name (`new URL('./x.ts',
// import.meta.url)`) is compiled by tsconfig.build.json, and from dist/ it resolves to the built
// module beside its caller; and no file the build compiles imports from outside src/ (tsc then
// fails with TS6059, and `npm start`, which builds first, never starts).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { builtEntry } from './worker.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SRC = join(ROOT, 'src');
const build = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')) as {
  compilerOptions: { rootDir: string; outDir: string };
  include: string[];
  exclude: string[];
};

/** A tsconfig glob ("src/**\/*.test.ts") as a RegExp on a root-relative path with / separators. */
function globRe(glob: string): RegExp {
  const re = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .split('**/')
    .map((part) => part.replace(/\*/g, '[^/]*'))
    .join('(?:.*/)?');
  return new RegExp(`^${re}$`);
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const excludes = build.exclude.map(globRe);
const rel = (f: string) => relative(ROOT, f).split(sep).join('/');
/** The files tsc -p tsconfig.build.json compiles (include is "src"). */
const compiled = walk(SRC).filter((f) => !excludes.some((re) => re.test(rel(f))));

test('the build compiles src/ only, without tests and test support', () => {
  assert.deepEqual(build.include, ['src']);
  assert.equal(build.compilerOptions.rootDir, 'src');
  assert.ok(compiled.length > 100);
  assert.ok(!compiled.some((f) => /\.test\.ts$|test-support\.ts$/.test(f)));
});

test('no file the build compiles imports from outside src/', () => {
  const outside: string[] = [];
  for (const f of compiled) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.{1,2}\/[^']+)'/g)) {
      const target = resolve(dirname(f), m[1]);
      if (!target.startsWith(SRC + sep)) outside.push(`${rel(f)} imports ${m[1]}`);
    }
  }
  assert.deepEqual(outside, []);
});

test('every worker entry is compiled by the build and, from dist/, resolves to its built module', () => {
  const entries: { caller: string; spec: string }[] = [];
  for (const f of compiled) {
    // Code only: doc comments name example entries.
    const text = readFileSync(f, 'utf8')
      .split('\n')
      .filter((l) => !/^\s*(\*|\/\/|\/\*)/.test(l))
      .join('\n');
    for (const m of text.matchAll(/new URL\('(\.{1,2}\/[^']+\.ts)', import\.meta\.url\)/g))
      entries.push({ caller: f, spec: m[1] });
  }
  const names = entries.map((e) => rel(resolve(dirname(e.caller), e.spec)));
  for (const w of [
    'src/hotspots/analysis-worker.ts',
    'src/repeats/knox-worker.ts',
    'src/crime/import-worker.ts',
  ])
    assert.ok(names.includes(w), `${w} is started as a worker`);
  const dist = join(ROOT, build.compilerOptions.outDir);
  for (const { caller, spec } of entries) {
    const source = resolve(dirname(caller), spec);
    assert.ok(existsSync(source), `${rel(caller)}: ${spec} does not exist`);
    assert.ok(compiled.includes(source), `${rel(source)} is not compiled by the build`);
    // The caller as built, and the URL it makes there.
    const builtCaller = pathToFileURL(join(dist, relative(SRC, caller)).replace(/\.ts$/, '.js'));
    const url = builtEntry(new URL(spec, builtCaller));
    const want = pathToFileURL(join(dist, relative(SRC, source)).replace(/\.ts$/, '.js'));
    assert.equal(url.href, want.href, rel(source));
  }
});
