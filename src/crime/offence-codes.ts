/**
 * Home Office offence classification codes → police.uk crime categories.
 *
 * PARTIAL, on purpose: only codes whose police.uk category is clear are listed. The Home Office
 * offence groups (as ONS publishes them) were matched to police.uk's category descriptions:
 * violence against the person and sexual offences → 'Violence and sexual offences'; miscellaneous
 * crimes against society → 'Other crime' ("forgery, perjury and other miscellaneous crime"); and so
 * on. Fraud is not here: police.uk street-level data does not publish it. A few codes were left out
 * because their place is uncertain (59 threat to commit criminal damage, which ONS puts under
 * miscellaneous; 57, an older criminal damage code).
 *
 * An extract row whose code is not known here and that has no `category` value is rejected with
 * 'offence code X has no police.uk category; add a category column'. Forces can always give the
 * category themselves.
 */
import type { Category } from './categories.ts';

const V: Category = 'Violence and sexual offences';
const BURGLARY: Category = 'Burglary';
const ROBBERY: Category = 'Robbery';
const VEHICLE: Category = 'Vehicle crime';
const OTHER_THEFT: Category = 'Other theft';
const DAMAGE: Category = 'Criminal damage and arson';
const DRUGS: Category = 'Drugs';
const ORDER: Category = 'Public order';
const WEAPONS: Category = 'Possession of weapons';
const OTHER: Category = 'Other crime';

/** Exact codes (normalised: upper case, no leading zeros). */
const BY_CODE: ReadonlyMap<string, Category> = new Map<string, Category>([
  // Violence against the person: homicide, death or serious injury by driving
  ...codes(V, '1', '2', '4.1', '4.2', '4.3', '4.4', '4.6', '4.7', '4.8', '4.9', '4.10', '37.1'),
  // Violence with injury
  ...codes(V, '5D', '5E', '8N', '8P', '8S'),
  // Violence without injury, stalking and harassment
  ...codes(V, '3A', '3B', '8L', '8M', '8Q', '11A', '13', '14', '36', '104', '105A', '105B', '106'),
  // Sexual offences (rape and other sexual offences)
  ...codes(V, '19C', '19D', '19E', '19F', '19G', '19H', '17A', '17B', '20A', '20B', '21', '22A', '22B'),
  ...codes(V, '23', '70', '71', '72', '73', '88A', '88C', '88D', '88E'),
  // Burglary: residential (28E-28H since April 2017; 28A-28D before), business and community
  ...codes(BURGLARY, '28A', '28B', '28C', '28D', '28E', '28F', '28G', '28H', '29', '29A'),
  ...codes(BURGLARY, '30A', '30B', '30C', '30D', '31', '31A'),
  ...codes(ROBBERY, '34A', '34B'),
  ['39', 'Theft from the person'],
  ['44', 'Bicycle theft'],
  ['46', 'Shoplifting'],
  ...codes(VEHICLE, '37.2', '45', '48', '126'),
  // Other theft: theft by an employee, blackmail, making off without payment, ...
  ...codes(OTHER_THEFT, '35', '40', '41', '42', '43', '47', '49', '49A'),
  ...codes(DAMAGE, '56A', '56B', '58A', '58B', '58C', '58D', '58J'),
  ...codes(DRUGS, '92A', '92C', '92D', '92E'),
  ...codes(ORDER, '9A', '9B', '62A', '66'),
  ...codes(WEAPONS, '10A', '10B', '10C', '10D', '81', '90'),
  // Miscellaneous crimes against society
  ...codes(OTHER, '15', '24', '26', '27', '33', '33A', '38', '54', '60', '61', '61A', '67', '69', '76'),
  ...codes(OTHER, '79', '80', '83', '86', '95', '96', '99', '802', '814'),
]);

/**
 * Whole classes whose every subclass falls in one category, for codes not listed above
 * (e.g. an older or newer letter: '8F', '5A', '19A').
 */
const BY_CLASS: ReadonlyMap<string, Category> = new Map<string, Category>([
  ...codes(V, '1', '2', '3', '4', '5', '8', '17', '19', '20', '22', '88'),
  ...codes(BURGLARY, '28', '29', '30', '31'),
  ['34', ROBBERY],
  ['56', DAMAGE],
  ['58', DAMAGE],
  ['92', DRUGS],
  ['9', ORDER],
  ['10', WEAPONS],
]);

function codes(category: Category, ...list: string[]): [string, Category][] {
  return list.map((c) => [c, category]);
}

/** Home Office codes of violence with injury (ONS offence subgroup), for "serious youth violence". */
export const VIOLENCE_WITH_INJURY_CODES: readonly string[] = ['5D', '5E', '8N', '8P', '8S'];

/** Residential burglary ("burglary dwelling"): 28E–28H since April 2017, 28A–28D before. */
export const RESIDENTIAL_BURGLARY_CODES: readonly string[] = [
  '28A',
  '28B',
  '28C',
  '28D',
  '28E',
  '28F',
  '28G',
  '28H',
];

/** '008n ' → '8N', ' 28e' → '28E', '037.2' → '37.2'. */
export function normaliseOffenceCode(code: string): string {
  const c = code.replace(/\s+/g, '').toUpperCase();
  const stripped = c.replace(/^0+(?=\d)/, '');
  return stripped;
}

/** The police.uk category for a Home Office offence code, or null when it is not known here. */
export function offenceCategory(code: string): Category | null {
  const c = normaliseOffenceCode(code);
  const exact = BY_CODE.get(c);
  if (exact) return exact;
  const m = /^(\d+)(?:\.\d+|[A-Z]{1,2})?$/.exec(c);
  return m ? (BY_CLASS.get(m[1]) ?? null) : null;
}
