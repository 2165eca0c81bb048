import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { BeatwiseError } from '../core/errors.ts';
import { withStore } from '../core/store/with-store.ts';
import { readReportConfig } from './config.ts';
import { reportHtml, reportPdf } from './report.ts';

/** `beatwise report`: the board paper for a month, as HTML or PDF (by the --out file's extension). */
export function registerReportCommands(program: Command): void {
  program
    .command('report')
    .description('the monthly board paper for a force or unit, as HTML or PDF (by the --out extension)')
    .requiredOption('--force <slug>', 'the force')
    .requiredOption('--month <YYYY-MM>', 'the month the paper reports')
    .option('--unit <code>', 'one unit (NPU) instead of the whole force')
    .requiredOption('--out <file>', 'paper.html or paper.pdf')
    .option('--config <file>', 'report config JSON (board, paper number, author, logo); see docs/report.md')
    .action(
      async (
        o: { force: string; month: string; unit?: string; out: string; config?: string },
        cmd: Command,
      ) => {
        const kind = /\.pdf$/i.test(o.out) ? 'pdf' : /\.html?$/i.test(o.out) ? 'html' : null;
        if (!kind)
          throw new BeatwiseError('report.out', `--out must end in .html or .pdf; got "${o.out}"`, {
            field: 'out',
          });
        const config = readReportConfig(o.config);
        await withStore(cmd, async (store) => {
          const opts = { force: o.force, month: o.month, unit: o.unit };
          const t = Date.now();
          if (kind === 'html') {
            const { html } = await reportHtml(store, opts, config);
            writeFileSync(o.out, html);
          } else {
            const { pdf } = await reportPdf(store, opts, config);
            writeFileSync(o.out, pdf);
          }
          console.log(
            `${o.out}: the ${o.unit ? `${o.unit} ` : ''}${o.force} paper for ${o.month} (${Date.now() - t} ms)`,
          );
        });
      },
    );
}
