/**
 * Checks made on an upload before any of it is read: the file's type, by its name. Crime files are
 * CSV (police.uk or a force extract, optionally gzipped); boundary files are GeoJSON, KML or a zipped
 * Shapefile. Anything else is refused with 415 (upload.unsupported_type) naming what is accepted.
 */
import { basename } from 'node:path';
import { BeatwiseError } from '../core/errors.ts';

const ACCEPTED = /\.(csv|geojson|json|kml)(\.gz)?$|\.zip$/i;

export function checkUploadName(filename: string | undefined): void {
  const name = basename(filename || 'upload.csv');
  if (ACCEPTED.test(name)) return;
  throw new BeatwiseError(
    'upload.unsupported_type',
    `"${name.slice(0, 200)}" is not a file type Beatwise imports: send crimes as .csv or .csv.gz (police.uk or a force extract), or boundaries as .geojson, .json, .kml or a zipped Shapefile (.zip)`,
    { field: 'file' },
  );
}
