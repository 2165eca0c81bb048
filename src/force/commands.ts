import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { BeatwiseError } from '../core/errors.ts';
import { withStore } from '../core/store/with-store.ts';
import { reassignInTransaction } from '../crime/index.ts';
import { type BoundaryWarning, importBoundaries } from './boundaries.ts';
import { boundaryReaderThread } from './boundary-thread.ts';
import { deriveForce } from './derive.ts';
import { loadForce, readForceSpec } from './load.ts';
import { LEVELS, type Level } from './model.ts';
import { areaCounts, createForce, listForces } from './store.ts';

export function registerForceCommands(program: Command, importCmd: Command): void {
  const force = program.command('force').description('force structure: units, teams, areas, stations');

  force
    .command('load')
    .description('load a force description (JSON) and the boundaries it names')
    .argument('<file>', 'force JSON file, e.g. data/forces/leicestershire.json')
    .action(async (file: string, _opts, cmd: Command) => {
      const spec = readForceSpec(file);
      await withStore(cmd, async (store) => {
        const r = await loadForce(store, spec, file, (m) => process.stderr.write(`${m}\n`), {
          afterWrite: reassignInTransaction,
          read: boundaryReaderThread(),
        });
        for (const b of r.boundaries) printWarnings(b.warnings);
        const reassigned = r.placed;
        const features = r.boundaries.reduce((s, b) => s + b.features, 0);
        console.log(
          `${r.force.name} (${r.force.slug}): ${features} boundary features from ${r.boundaries.length} files, ` +
            `${r.units} units, ${r.teams} teams, ${r.impactAreas} Impact Areas, ${r.stations} stations, ` +
            `${r.departments} departments; ${reassigned} stored crimes placed again`,
        );
        for (const n of spec.notes) console.log(`note: ${n}`);
      });
    });

  force
    .command('create')
    .description('create a force with no areas yet (then import its boundaries and crimes)')
    .requiredOption('--slug <slug>', 'lower-case words joined by hyphens, e.g. west-midlands (at most 64)')
    .requiredOption('--name <name>', 'the force\'s name, e.g. "West Midlands Police"')
    .action(async (o: { slug: string; name: string }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const f = await createForce(store.db, o.slug, o.name);
        console.log(`created ${f.name} (${f.slug})`);
      });
    });

  force
    .command('derive')
    .description('make a force description from census boundaries: units = districts, teams = MSOAs')
    .requiredOption('--slug <slug>', 'force slug as police.uk writes it, e.g. leicestershire')
    .requiredOption('--name <name>', 'force name, e.g. "Leicestershire Police"')
    .requiredOption('--lsoa <files...>', 'LSOA boundary files')
    .requiredOption('--msoa <files...>', 'MSOA boundary files')
    .option('--ward <files...>', 'ward boundary files')
    .requiredOption('--out <file>', 'where to write the force JSON')
    .action(
      async (o: {
        slug: string;
        name: string;
        lsoa: string[];
        msoa: string[];
        ward?: string[];
        out: string;
      }) => {
        const spec = await deriveForce({
          slug: o.slug,
          name: o.name,
          lsoaFiles: o.lsoa,
          msoaFiles: o.msoa,
          wardFiles: o.ward,
          out: o.out,
        });
        writeFileSync(o.out, `${JSON.stringify(spec, null, 2)}\n`);
        console.log(`wrote ${o.out}: ${spec.units.length} units, ${spec.teams.length} teams`);
      },
    );

  force
    .command('list')
    .description('forces in the store, with their areas per level')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const out = [];
        for (const f of await listForces(store.db))
          out.push({ ...f, areas: await areaCounts(store.db, f.id) });
        if (o.json) return console.log(JSON.stringify(out, null, 2));
        if (!out.length)
          return console.log(
            'no forces yet: run `npx beatwise force load FILE` or `npx beatwise force create --slug S --name N`',
          );
        for (const f of out) {
          console.log(`${f.slug}  ${f.name}`);
          for (const a of f.areas)
            console.log(
              `  ${a.level.padEnd(12)} ${String(a.areas).padStart(6)} areas, ${a.withBoundary} with boundaries`,
            );
        }
      });
    });

  importCmd
    .command('boundaries')
    .description('import boundary files (GeoJSON, KML, zipped Shapefile; WGS84 or British National Grid)')
    .requiredOption('--level <level>', `area level: ${LEVELS.filter((l) => l !== 'force').join('|')}`)
    .requiredOption('--force <slug>', 'force the areas belong to (`force create` or `force load` makes it)')
    .option('--code-field <field>', 'feature property holding the area code (default: first *CD / *code)')
    .option('--name-field <field>', 'feature property holding the area name (default: first *NM / *name)')
    .argument('<files...>')
    .action(
      async (
        files: string[],
        o: { level: string; force: string; codeField?: string; nameField?: string },
        cmd: Command,
      ) => {
        if (!(LEVELS as readonly string[]).includes(o.level) || o.level === 'force') {
          throw new BeatwiseError(
            'cli.level',
            `--level must be one of ${LEVELS.filter((l) => l !== 'force').join(', ')}; got "${o.level}"`,
          );
        }
        await withStore(cmd, async (store) => {
          const r = await importBoundaries(store, {
            force: o.force,
            level: o.level as Level,
            files,
            codeField: o.codeField,
            nameField: o.nameField,
            afterWrite: reassignInTransaction,
            // Each file is read on a thread with a bounded heap (BEATWISE_BOUNDARY_HEAP_MB).
            read: boundaryReaderThread(),
          });
          for (const b of r.results) {
            console.log(
              `${b.file}: ${b.features} ${b.level} areas (${b.format}, ${b.crs === 'bng' ? 'British National Grid' : 'WGS84'})`,
            );
            printWarnings(b.warnings);
          }
          if (r.placed) console.log(`${r.placed} stored crimes placed again`);
        });
      },
    );
}

/** Warnings go to standard error, one a line, naming file and feature. */
function printWarnings(warnings: BoundaryWarning[]): void {
  for (const w of warnings) process.stderr.write(`warning: ${w.file}, feature ${w.feature}: ${w.message}\n`);
}
