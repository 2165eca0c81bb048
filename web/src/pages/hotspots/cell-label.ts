/**
 * What a cell is called on the page: its most common police.uk location ("On or near …"); for data
 * with no location text (force extracts), its ward and LSOA; else its id.
 */
export function cellLabel(c: {
  cell_id: string;
  place: string | null;
  ward: string | null;
  lsoa: string | null;
}): string {
  if (c.place) return c.place;
  if (c.ward || c.lsoa) return [c.ward, c.lsoa && `LSOA ${c.lsoa}`].filter(Boolean).join(', ');
  return `Cell ${c.cell_id}`;
}

/** A location as listed: the text, or what its absence means. */
export function locationText(location: string): string {
  return location || '(no location text: force extract)';
}

/** "On or near Regent Street" → "Regent Street": the street for a map label. */
export function streetOf(location: string): string {
  return location.replace(/^on or near\s+/i, '').trim();
}
