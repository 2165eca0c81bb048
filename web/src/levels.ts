/** Area levels as people say them. */
export const LEVEL_LABELS: Record<string, { one: string; many: string }> = {
  lsoa: { one: 'LSOA', many: 'LSOAs' },
  msoa: { one: 'MSOA', many: 'MSOAs' },
  ward: { one: 'Ward', many: 'Wards' },
  district: { one: 'District', many: 'Districts' },
  team: { one: 'Neighbourhood team', many: 'Neighbourhood teams' },
  unit: { one: 'Unit', many: 'Units' },
  'impact-area': { one: 'Impact Area', many: 'Impact Areas' },
  force: { one: 'Force', many: 'Forces' },
};

export function levelLabel(level: string, many = false): string {
  const l = LEVEL_LABELS[level];
  return l ? (many ? l.many : l.one) : level;
}

/** Levels a person picks areas from, coarsest first. */
export const PICK_LEVELS = ['unit', 'impact-area', 'team', 'district', 'ward', 'msoa', 'lsoa'] as const;
