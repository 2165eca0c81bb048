import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { type Command, Option } from 'commander';
import { withStore } from '../core/store/with-store.ts';
import { METHODS } from '../hotspots/index.ts';
import { createPlan, importTrack, planDosage } from './api.ts';
import { registerEvaluateCommand } from './evaluation/commands.ts';
import { planBriefing, planCsv, planGeoJson, planIcs } from './exports.ts';
import { listPlans, loadPlan, planAllocation, setTactics, tactics } from './store.ts';

function pct(v: number | null): string {
  return v === null ? '–' : `${(v * 100).toFixed(1)}%`;
}

const num = (v: string) => Number(v);

interface PlanOptions {
  force: string;
  area?: string;
  start: string;
  end: string;
  from?: string;
  to?: string;
  types?: string;
  method?: (typeof METHODS)[number];
  hotspots?: number;
  coverage?: number;
  radius?: number;
  minSeparation?: number;
  visitMinutes?: number;
  visitsPerDay?: number;
  capMinutes?: number;
  randomise?: boolean;
  patrolShare?: number;
  seed?: number;
  name?: string;
  by: string;
  format: string;
}

export function registerPatrolCommands(program: Command): void {
  const pc = program
    .command('patrols')
    .description('Targeted Guardian Patrols: plans, logs, dosage and evaluation');
  registerEvaluateCommand(pc);

  pc.command('plan')
    .description('build and store a patrol plan from the hotspot lab')
    .requiredOption('--force <slug>', 'force')
    .option('--area <area>', 'unit or team (LEVEL:CODE, e.g. team:E02005334); default the whole force')
    .requiredOption('--start <date>', 'first day of the plan, YYYY-MM-DD')
    .requiredOption('--end <date>', 'last day of the plan, YYYY-MM-DD')
    .option('--from <month>', 'first month of crimes to rank from')
    .option('--to <month>', 'last month of crimes to rank from')
    .option('--types <selection>', 'named selection or categories (default all-crime)')
    .addOption(
      new Option('--method <method>', 'ranking method (default: best in a back-test)').choices([...METHODS]),
    )
    .option('--hotspots <n>', 'how many hotspots (default 20)', num)
    .option('--coverage <share>', 'or: the share of area to cover, e.g. 0.014', num)
    .option('--radius <m>', 'hotspot radius in metres (default 150)', num)
    .option('--min-separation <m>', 'minimum metres between centres (default 500)', num)
    .option('--visit-minutes <n>', 'visit length (default 15)', num)
    .option('--visits-per-day <n>', 'visits per hotspot per patrol day (default 2)', num)
    .option('--cap-minutes <n>', 'longest patrol (default and at most 60)', num)
    .option(
      '--randomise',
      'randomised crossover: each day a share of hotspots is patrolled, the rest are controls',
    )
    .option('--patrol-share <share>', 'share of hotspots patrolled each day (default 0.5)', num)
    .option('--seed <n>', 'seed of the allocation (default: drawn and stored)', num)
    .option('--name <name>', 'plan name')
    .option('--by <user>', 'who made it (recorded)', 'cli')
    .addOption(new Option('--format <format>', 'output').choices(['table', 'json']).default('table'))
    .action(async (o: PlanOptions, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const plan = await createPlan(
          store,
          o.force,
          {
            name: o.name,
            area: o.area,
            from: o.from,
            to: o.to,
            types: o.types,
            method: o.method,
            hotspots: o.hotspots,
            coverage: o.coverage,
            radius: o.radius,
            minSeparation: o.minSeparation,
            visitMinutes: o.visitMinutes,
            visitsPerDay: o.visitsPerDay,
            capMinutes: o.capMinutes,
            startDate: o.start,
            endDate: o.end,
            randomise: Boolean(o.randomise),
            patrolShare: o.patrolShare,
            seed: o.seed,
          },
          o.by,
        );
        if (o.format === 'json') return console.log(JSON.stringify(plan, null, 2));
        console.log(
          `${plan.synthetic ? 'SYNTHETIC ' : ''}plan ${plan.planId} v${plan.version}: ${plan.name}`,
        );
        console.log(plan.summary.sentence);
        console.log(`method: ${plan.summary.methodReason}`);
        console.log(`windows: ${plan.summary.windowsFrom}`);
        if (plan.allocation)
          console.log(
            `randomised: ${(plan.allocation.patrolShare * 100).toFixed(0)}% of hotspots patrolled each day, seed ${plan.allocation.seed}`,
          );
        for (const h of plan.hotspots)
          console.log(
            `  ${h.label.padEnd(4)} ${String(h.x)},${h.y}  ${h.lat.toFixed(5)},${h.lon.toFixed(5)}  team ${h.teamCode || '–'}  ` +
              `${pct(h.crimeShare)} crime ${pct(h.harmShare)} harm  ${h.windows.map((w) => w.label).join('; ')}`,
          );
        for (const w of plan.summary.warnings) console.log(`warning: ${w}`);
      });
    });

  pc.command('list')
    .description('patrol plans of a force')
    .requiredOption('--force <slug>', 'force')
    .action(async (o: { force: string }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        for (const p of await listPlans(store, o.force))
          console.log(
            `${p.planId}\tv${p.latestVersion}\t${p.startDate}..${p.endDate}\t${p.hotspots} hotspots\t${p.randomised ? 'randomised' : ''}\t${p.synthetic ? 'SYNTHETIC ' : ''}${p.name}`,
          );
      });
    });

  pc.command('dosage')
    .description('dosage of a plan: visits, minutes, compliance per team, hotspot and week, flags')
    .requiredOption('--force <slug>', 'force')
    .requiredOption('--plan <id>', 'plan id', num)
    .addOption(new Option('--format <format>', 'output').choices(['table', 'json']).default('table'))
    .action(async (o: { force: string; plan: number; format: string }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const d = await planDosage(store, o.force, o.plan);
        if (o.format === 'json')
          return console.log(JSON.stringify({ ...d, patrols: d.patrols.length }, null, 2));
        for (const c of d.caveats) console.log(`note: ${c}`);
        const t = d.dosage.total;
        console.log(
          `${d.patrols.length} patrols; ${t.allMinutes.toFixed(0)} minutes delivered; compliance ${pct(t.compliance)} (${t.deliveredMinutes.toFixed(0)} of ${t.plannedMinutes} planned minutes); ` +
            `${pct(d.dosage.trackedShare)} of minutes tracked; ${d.dosage.controlMinutes.toFixed(0)} minutes in control hotspots`,
        );
        console.log('hotspot\tteam\tvisits\tminutes\tmin/visit\tdays\tlongest run\tcompliance');
        for (const h of d.dosage.hotspots)
          console.log(
            `H${h.rank}\t${h.teamCode || '–'}\t${h.visits}\t${h.allMinutes.toFixed(0)}\t${h.minutesPerVisit?.toFixed(1) ?? '–'}\t${h.daysPatrolled}\t${h.longestRun}\t${pct(h.compliance)}`,
          );
        for (const w of d.dosage.weeks) console.log(`${w.key}\t${pct(w.compliance)}`);
        for (const tm of d.dosage.teams) console.log(`team ${tm.key}\t${pct(tm.compliance)}`);
        for (const f of d.flags) if (f.patrols) console.log(`flag: ${f.patrols} ${f.label}`);
      });
    });

  pc.command('export')
    .description('a plan as CSV, GeoJSON, ICS (per team) or a printable briefing (HTML)')
    .requiredOption('--force <slug>', 'force')
    .requiredOption('--plan <id>', 'plan id', num)
    .addOption(
      new Option('--format <format>', 'format').choices(['csv', 'geojson', 'ics', 'briefing']).default('csv'),
    )
    .option('--team <code>', 'one team only (ICS, briefing)')
    .option('--out <file>', 'write to a file (default: standard output)')
    .action(
      async (
        o: { force: string; plan: number; format: string; team?: string; out?: string },
        cmd: Command,
      ) => {
        await withStore(cmd, async (store) => {
          const plan = await loadPlan(store, o.force, o.plan);
          const text =
            o.format === 'csv'
              ? planCsv(plan)
              : o.format === 'geojson'
                ? JSON.stringify(planGeoJson(plan), null, 1)
                : o.format === 'ics'
                  ? planIcs(plan, o.team, planAllocation(plan), plan.days)
                  : planBriefing(plan, o.team);
          if (o.out) writeFileSync(o.out, text);
          else process.stdout.write(text);
        });
      },
    );

  pc.command('track')
    .description('load a GPS/radio track: CSV (officer_id,time,lat,lon) or GPX (one officer)')
    .argument('<file>')
    .requiredOption('--force <slug>', 'force')
    .option('--officer <id>', 'whose track (GPX; CSV without officer_id)')
    .action(async (file: string, o: { force: string; officer?: string }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const format = /\.gpx$/i.test(file) ? 'gpx' : 'csv';
        const r = await importTrack(store, o.force, {
          format,
          text: readFileSync(file, 'utf8'),
          file: basename(file),
          officerId: o.officer,
        });
        console.log(
          `${r.file}: ${r.pings} pings of ${r.officers.length} officer(s); ${r.stored} stored, ${r.duplicates} already held`,
        );
      });
    });

  pc.command('tactics')
    .description('show the force’s patrol tactics, or replace them (--set code=Label,…)')
    .requiredOption('--force <slug>', 'force')
    .option('--set <list>', 'e.g. "visible-foot=Visible foot patrol,engagement=Engaged with residents"')
    .action(async (o: { force: string; set?: string }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        if (o.set)
          await setTactics(
            store,
            o.force,
            o.set.split(',').map((pair) => {
              const [code, ...label] = pair.split('=');
              return { code: code.trim(), label: (label.join('=') || code).trim() };
            }),
          );
        for (const t of await tactics(store, o.force)) console.log(`${t.code}\t${t.label}`);
      });
    });
}
