/**
 * The code and name of an area, from its feature's properties. Boundary files name these fields in
 * many ways (ONS: LSOA11CD/LSOA11NM, MSOA11CD/MSOA11NM, WD13CD/WD13NM, LAD13CD/LAD13NM; forces:
 * BeatCode, Ward_Name, KML <name>), so without an explicit field we take the first one that ends in
 * CD/code or NM/name.
 */
import { BeatwiseError } from '../errors.ts';
import type { BoundaryFeature } from './types.ts';

const CODE_FIELD = /(CD|code)$/i;
const NAME_FIELD = /(NM|name)$/i;

/** The feature's area code, from `codeField` or else the first property ending in CD/code. */
export function featureCode(f: BoundaryFeature, codeField?: string, file?: string): string {
  return pick(f, codeField, CODE_FIELD, 'code', 'CD or "code" (e.g. LSOA11CD)', file);
}

/** The feature's area name, from `nameField` or else the first property ending in NM/name. */
export function featureName(f: BoundaryFeature, nameField?: string, file?: string): string {
  return pick(f, nameField, NAME_FIELD, 'name', 'NM or "name" (e.g. LSOA11NM)', file);
}

function pick(
  f: BoundaryFeature,
  field: string | undefined,
  pattern: RegExp,
  what: string,
  patternText: string,
  file: string | undefined,
): string {
  const keys = Object.keys(f.properties);
  const available = keys.length ? `it has: ${keys.join(', ')}` : 'it has no properties';
  const chosen = field ?? keys.find((k) => pattern.test(k));
  if (chosen === undefined || !(chosen in f.properties)) {
    const problem =
      field === undefined
        ? `No ${what} field found: no property name ends in ${patternText}; ${available}. Choose the ${what} field explicitly.`
        : `The ${what} field "${field}" is not in this feature; ${available}.`;
    throw new BeatwiseError('missing_field', problem, { file, feature: f.index, field: chosen ?? field });
  }
  const value = f.properties[chosen];
  if (
    (typeof value === 'string' && value.trim() !== '') ||
    (typeof value === 'number' && Number.isFinite(value))
  ) {
    return String(value).trim();
  }
  throw new BeatwiseError(
    'missing_value',
    `The ${what} field "${chosen}" is empty for this feature; every area needs a ${what}.`,
    { file, feature: f.index, field: chosen },
  );
}
