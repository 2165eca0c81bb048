/**
 * What each count counts, said beside it, so pages that differ say why: the home page counts every
 * row loaded (anti-social behaviour included), the overview, tables and trends count crimes without
 * anti-social behaviour (unlocated rows included, as police.uk counts them), the hotspot map counts
 * only the crimes that have a location.
 */
export const ROWS_DEFINITION = 'records loaded: crimes and anti-social behaviour, located or not';
export const CRIMES_DEFINITION = 'crimes without anti-social behaviour; rows with no location included';
export const LOCATED_DEFINITION =
  'crimes of the selection that have a location (unlocated rows cannot be mapped)';
