/**
 * What the paper says about who it is from: the board, the paper's number, its author, a logo.
 * Read from a small JSON file (`--config`, or BEATWISE_REPORT_CONFIG, or data/report.json when
 * present); every field has a default, so no file is needed.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
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
  logo: z.string().min(1).optional(),
  /** The logo's alt text; default "<force name> logo" (or "Beatwise" for the default logo). */
  logoAlt: z.string().min(1).optional(),
});

export type ReportConfigInput = z.input<typeof reportConfigSchema>;

export interface ReportConfig extends z.output<typeof reportConfigSchema> {
  /** The logo as a data: URL, ready to embed (the HTML stays one file), or null. */
  logoDataUrl: string | null;
}

/** The logo the paper carries when the config names none (data/beatwise-logo.svg). */
export function defaultLogoFile(): string {
  return join(dataDir(), 'beatwise-logo.svg');
}

/** A logo larger than this is refused: it is embedded in every paper (and its PDF). */
export const MAX_LOGO_BYTES = 256 * 1024;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * The logo file as a data: URL, checked: it exists, is a PNG or SVG by its name and by its bytes,
 * and is no larger than MAX_LOGO_BYTES. Errors name the config field and the file.
 */
export function readLogo(path: string, config = 'the report config'): string {
  const fail = (why: string) =>
    new BeatwiseError('report.config', `${config}: field "logo": ${why}`, { file: path, field: 'logo' });
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw fail(`${path} is not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof BeatwiseError) throw e;
    throw fail(`the logo file ${path} does not exist`);
  }
  const ext = extname(path).toLowerCase();
  if (ext !== '.svg' && ext !== '.png') throw fail(`${path} must be a PNG or SVG file (.png or .svg)`);
  if (size > MAX_LOGO_BYTES)
    throw fail(
      `${path} is ${Math.ceil(size / 1024)} KB; a logo may be at most ${MAX_LOGO_BYTES / 1024} KB (it is embedded in every paper)`,
    );
  const bytes = readFileSync(path);
  if (ext === '.png' && !bytes.subarray(0, 8).equals(PNG_SIGNATURE))
    throw fail(`${path} is named .png but is not a PNG image`);
  if (ext === '.svg') {
    const head = bytes.toString('utf8');
    // An SVG document: optional XML declaration, comments and doctype, then the <svg> element.
    if (!/^\uFEFF?\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i.test(head))
      throw fail(`${path} is named .svg but is not an SVG image`);
  }
  return `data:${ext === '.svg' ? 'image/svg+xml' : 'image/png'};base64,${bytes.toString('base64')}`;
}

function defaultLogo(): { logoDataUrl: string | null; logoAlt?: string } {
  const file = defaultLogoFile();
  return existsSync(file) ? { logoDataUrl: readLogo(file), logoAlt: 'Beatwise' } : { logoDataUrl: null };
}

/** The config from a JSON file, or the defaults when there is none. */
export function readReportConfig(file?: string): ReportConfig {
  const path =
    file ??
    process.env.BEATWISE_REPORT_CONFIG ??
    (existsSync(join(dataDir(), 'report.json')) ? join(dataDir(), 'report.json') : undefined);
  if (!path) return { ...reportConfigSchema.parse({}), ...defaultLogo() };
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
  if (!r.data.logo) return { ...defaultLogo(), ...r.data };
  return { ...r.data, logoDataUrl: readLogo(resolve(dirname(path), r.data.logo), path) };
}
