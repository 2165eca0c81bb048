/**
 * Force slugs: the short name a force has in the store, the API's URLs and the CLI's `--force`
 * (`west-midlands`). Checked wherever one comes in (a command, an upload, a force description, a
 * crime file's "Falls within" name), so that no request can make a force named by a 100,000-character
 * string or by text that is not a URL segment.
 */
import { BeatwiseError, type Where } from '../core/errors.ts';

/** Lower-case letters and digits, in words joined by single hyphens. */
export const FORCE_SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const FORCE_SLUG_MAX = 64;

/** Why `slug` is not a force slug, or null when it is one. */
export function forceSlugProblem(slug: string): string | null {
  if (slug.length > FORCE_SLUG_MAX)
    return `a force slug has at most ${FORCE_SLUG_MAX} characters; this one has ${slug.length}`;
  if (!FORCE_SLUG_PATTERN.test(slug))
    return 'a force slug is lower-case letters and digits in words joined by hyphens, e.g. "west-midlands"';
  return null;
}

/** `slug` itself, or a `force.bad_slug` error saying what is wrong with it (never echoing all of it). */
export function checkForceSlug(slug: string, where: Where = {}): string {
  const problem = forceSlugProblem(slug);
  if (problem === null) return slug;
  const shown = slug.length > 40 ? `${slug.slice(0, 37)}...` : slug;
  throw new BeatwiseError('force.bad_slug', `"${shown}" is not a force slug: ${problem}.`, where);
}

/** How a user makes a force the store does not know, for messages. */
export function howToCreateForce(slug: string): string {
  return (
    `create it first with \`beatwise force create --slug ${slug} --name "Its Name Police"\` ` +
    'or load its description with `beatwise force load FILE.json`'
  );
}
