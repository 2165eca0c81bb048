/**
 * Rows without a Crime ID (anti-social behaviour) are counted by repeats: two identical rows in
 * one file are two incidents. That is right for real files, where the same point, month and type
 * recur a few times, maybe a few hundred in a city centre; but a file of one row repeated millions
 * of times (an 8 MB .gz loaded 15 million crimes) is not data. Past `warnAt` repeats of one row a
 * file gets a warning; past `max` it is refused, and nothing of it is stored.
 */
import { BeatwiseError } from '../core/errors.ts';

/** Default: one row without an ID may come 10,000 times in a file; a warning from 1,000. */
export const DEFAULT_MAX_REPEATS = 10_000;

export class RepeatLimit {
  /** Most copies of one row seen so far (counted from 11, the rare path), and a line of one. */
  most = 0;
  mostLine = 0;
  readonly warnAt: number;

  constructor(
    readonly file: string,
    readonly max: number = DEFAULT_MAX_REPEATS,
  ) {
    RepeatLimit.check(max);
    this.warnAt = Math.max(11, Math.ceil(max / 10));
  }

  /** Refuses a limit that is not a whole number ≥ 1. */
  static check(max: number): void {
    if (!Number.isInteger(max) || max < 1) {
      throw new BeatwiseError(
        'import.max_repeats',
        `the repeat limit must be a whole number ≥ 1, got ${max}`,
        {
          field: 'maxRepeats',
        },
      );
    }
  }

  /** A row at `line` is copy number `occurrence + 1` of its content (called for occurrence ≥ 10). */
  see(occurrence: number, line: number): void {
    const copies = occurrence + 1;
    if (copies > this.most) {
      this.most = copies;
      this.mostLine = line;
    }
    if (copies > this.max) {
      throw new BeatwiseError(
        'import.repeats',
        `one row without a Crime ID comes more than ${this.max.toLocaleString('en-GB')} times in this file ` +
          '(identical rows count as separate incidents, so a file of one repeated row would load them all); ' +
          'the file was not imported. If the repeats are real, raise the limit (--max-repeats N)',
        { file: this.file, line },
      );
    }
  }

  /** The warning to give when one row came implausibly often, or null. */
  warning(): string | null {
    if (this.most < this.warnAt) return null;
    return (
      `one row without a Crime ID comes ${this.most.toLocaleString('en-GB')} times (line ${this.mostLine} is one); ` +
      `each copy was loaded as an incident: check the file (more than ${this.max.toLocaleString('en-GB')} stops the import)`
    );
  }
}
