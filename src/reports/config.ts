/**
 * What the paper says about who it is from: the board, the paper's number, its author, a logo.
 * Read from a small JSON file (`--config`, or BEATWISE_REPORT_CONFIG, or data/report.json when
 * present); every field has a default, so no file is needed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { z } from 'zod';
import { dataDir } from '../core/data-dir.ts';
import { BeatwiseError } from '../core/errors.ts';

export const reportConfigSchema = z.object({
  /** The board the paper goes to. */
  board: z.string().default('Strategic Policing and Crime Board'),
  title: z.string().default('Neighbourhood Policing'),
  /** The force's name as printed; default the store's name of the force. */
  forceName: z.string().optional(),
  /** e.g. "SPCB 2023/01"; default "<force slug> <month>". */
  paperNumber: z.string().optional(),
  author: z.string().default('Beatwise (generated)'),
  authorRole: z.string().default(''),
  presentedBy: z.string().default(''),
  priority: z.string().default('Rebuilding Community Policing'),
  /** A PNG or SVG file, path relative to the config file; embedded in the paper. */
  logo: z.string().optional(),
});

export type ReportConfigInput = z.input<typeof reportConfigSchema>;

export interface ReportConfig extends z.output<typeof reportConfigSchema> {
  /** The logo as a data: URL, ready to embed, or null. */
  logoDataUrl: string | null;
}

function readLogo(path: string): string {
  if (!existsSync(path))
    throw new BeatwiseError('report.config', `the logo file ${path} does not exist`, { field: 'logo' });
  const type = extname(path).toLowerCase() === '.svg' ? 'image/svg+xml' : 'image/png';
  return `data:${type};base64,${readFileSync(path).toString('base64')}`;
}

/** The config from a JSON file, or the defaults when there is none. */
export function readReportConfig(file?: string): ReportConfig {
  const path =
    file ??
    process.env.BEATWISE_REPORT_CONFIG ??
    (existsSync(join(dataDir(), 'report.json')) ? join(dataDir(), 'report.json') : undefined);
  if (!path) return { ...reportConfigSchema.parse({}), logoDataUrl: null };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new BeatwiseError('report.config', `${path}: ${(e as Error).message}`, { file: path });
  }
  const r = reportConfigSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new BeatwiseError('report.config', `${path}: field "${i.path.join('.')}": ${i.message}`, {
      file: path,
      field: i.path.join('.'),
    });
  }
  const dir = path.replace(/[/\\][^/\\]*$/, '');
  return { ...r.data, logoDataUrl: r.data.logo ? readLogo(join(dir, r.data.logo)) : null };
}
