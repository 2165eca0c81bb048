import { basename, dirname, relative, resolve } from 'node:path';
import { BeatwiseError } from '../core/errors.ts';
import { featureCode, featureName, readBoundaryFile } from '../core/geo/readers.ts';
import type { ForceSpec } from './model.ts';

export interface DeriveOptions {
  slug: string;
  name: string;
  lsoaFiles: string[];
  msoaFiles: string[];
  wardFiles?: string[];
  /** Where the force file will be written: boundary paths in it are made relative to its folder. */
  out: string;
}

const DISTRICT_CODE = /E0[6-9]\d{6}|W06\d{6}/;

/**
 * A force structure made from census boundaries alone: one unit per local authority district and
 * one neighbourhood per MSOA. The ONS names carry the nesting: LSOA "Leicester 001A" lies in MSOA
 * "Leicester 001", in district "Leicester". District codes are read from the boundary file names
 * (lsoa_2011_E06000016.geojson) where present, else made from the district name.
 */
export async function deriveForce(opts: DeriveOptions): Promise<ForceSpec> {
  if (!opts.lsoaFiles.length || !opts.msoaFiles.length) {
    throw new BeatwiseError(
      'force.derive_inputs',
      'force derive needs LSOA and MSOA boundary files (--lsoa, --msoa)',
    );
  }
  const districts = new Map<string, { code: string; lsoas: string[] }>();
  for (const file of opts.lsoaFiles) {
    const fileCode = DISTRICT_CODE.exec(basename(file))?.[0];
    for (const f of (await readBoundaryFile(file)).features) {
      const code = featureCode(f, undefined, file);
      const name = featureName(f, undefined, file) ?? '';
      const district = lsoaDistrict(name);
      if (!district) {
        throw new BeatwiseError(
          'force.derive_name',
          `LSOA name "${name}" is not of the form "District 001A"`,
          {
            file,
            feature: f.index,
          },
        );
      }
      const d = districts.get(district) ?? { code: fileCode ?? '', lsoas: [] };
      d.lsoas.push(code);
      districts.set(district, d);
    }
  }
  const units = unitCodes([...districts.keys()]);
  const teams: ForceSpec['teams'] = [];
  for (const file of opts.msoaFiles) {
    for (const f of (await readBoundaryFile(file)).features) {
      const code = featureCode(f, undefined, file);
      const name = featureName(f, undefined, file) ?? code;
      const unit = units.get(name.replace(/\s+\d{3}$/, ''));
      if (!unit) {
        throw new BeatwiseError(
          'force.derive_name',
          `MSOA "${name}" belongs to no district found among the LSOAs`,
          {
            file,
            feature: f.index,
          },
        );
      }
      teams.push({ code, name, unit, areas: { level: 'msoa', codes: [code] } });
    }
  }
  const base = dirname(resolve(opts.out));
  const rel = (files: string[]) => files.map((f) => relative(base, resolve(f)).split('\\').join('/'));
  const boundaries: ForceSpec['boundaries'] = [
    { level: 'lsoa', files: rel(opts.lsoaFiles) },
    { level: 'msoa', files: rel(opts.msoaFiles) },
  ];
  if (opts.wardFiles?.length) boundaries.push({ level: 'ward', files: rel(opts.wardFiles) });
  const districtList = [...districts.entries()].sort(([a], [b]) => a.localeCompare(b));
  return {
    slug: opts.slug,
    name: opts.name,
    notes: [
      `Derived by \`beatwise force derive\` from ONS 2011 census boundaries: each unit is a local authority district and each neighbourhood team is an MSOA. ${opts.name}'s real neighbourhood areas differ; load the force's own structure when you have it.`,
    ],
    boundaries,
    districts: districtList.map(([name, d]) => ({
      code: d.code || `district-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
      name,
      areas: { level: 'lsoa', codes: d.lsoas.sort() },
    })),
    units: districtList.map(([name, d]) => ({
      code: units.get(name) as string,
      name,
      areas: {
        level: 'district',
        codes: [d.code || `district-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`],
      },
    })),
    teams: teams.sort((a, b) => a.name.localeCompare(b.name)),
    stations: [],
    impactAreas: [],
    departments: [],
  };
}

/** "Leicester 001A" → "Leicester"; null when the name does not follow the ONS pattern. */
export function lsoaDistrict(name: string): string | null {
  const m = /^(.*\S)\s+\d{3}[A-Z]$/.exec(name.trim());
  return m ? m[1] : null;
}

/** Short unit codes from district names: initials ("Hinckley and Bosworth" → "HB"), made unique. */
function unitCodes(names: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const name of [...names].sort()) {
    const words = name.split(/\s+/).filter((w) => !/^(and|of|the|upon|on)$/i.test(w));
    let code = words.length > 1 ? words.map((w) => w[0]).join('') : name.slice(0, 2);
    code = code.toUpperCase();
    let candidate = code;
    for (let i = 2; used.has(candidate); i++) candidate = `${code}${i}`;
    used.add(candidate);
    out.set(name, candidate);
  }
  return out;
}
