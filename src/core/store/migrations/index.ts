import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { Migrator } from 'kysely';
import { BeatwiseError } from '../../errors.ts';
import type { Dialect } from '../store.ts';
import { initial } from './001-initial.ts';
import { harm } from './002-harm.ts';
import { workforce } from './003-workforce.ts';
import { synthetic } from './004-synthetic.ts';
import { cubeByMonth } from './005-cube-by-month.ts';
import { places } from './006-places.ts';
import { auth } from './007-auth.ts';
import { audit } from './008-audit.ts';
import { importRobustness } from './009-import-robustness.ts';
import { areasVersion } from './010-areas-version.ts';
import { monthBlocks } from './011-month-blocks.ts';
import { patrols } from './012-patrols.ts';
import { casework } from './013-casework.ts';
import { volunteersEngagement } from './014-volunteers-engagement.ts';
import { teamPublic } from './015-team-public.ts';
import { repeats } from './016-repeats.ts';
import { placesLookup } from './017-places-lookup.ts';
import { dataCounters } from './018-data-counters.ts';

/** Versioned migrations, in order. Add a file per change; never edit one that has shipped. */
function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '001-initial': initial(dialect),
    '002-harm': harm(dialect),
    '003-workforce': workforce(dialect),
    '004-synthetic': synthetic(),
    '005-cube-by-month': cubeByMonth(dialect),
    '006-places': places(dialect),
    '007-auth': auth(dialect),
    '008-audit': audit(dialect),
    '009-import-robustness': importRobustness(dialect),
    '010-areas-version': areasVersion(dialect),
    '011-month-blocks': monthBlocks(dialect),
    '012-patrols': patrols(dialect),
    '013-casework': casework(dialect),
    '014-volunteers-engagement': volunteersEngagement(dialect),
    '015-team-public': teamPublic(dialect),
    '016-repeats': repeats(dialect),
    '017-places-lookup': placesLookup(dialect),
    '018-data-counters': dataCounters(dialect),
  };
}

class StaticProvider implements MigrationProvider {
  constructor(
    private readonly dialect: Dialect,
    private readonly keep: (name: string) => boolean = () => true,
  ) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(Object.entries(migrations(this.dialect)).filter(([name]) => this.keep(name)));
  }
}

/** The migrations' names, in order ('001-initial', …): the versions a store can be at. */
export function migrationNames(): string[] {
  return Object.keys(migrations('sqlite'));
}

/**
 * The Migrator of the store's schema on `db` (with only the migrations `keep` accepts, for tests of
 * stores made by earlier versions). Unordered migrations are allowed (docs/decisions.md): a store
 * that ran a later-numbered migration first still runs an earlier one it lacks.
 */
export function storeMigrator(
  db: Kysely<unknown>,
  dialect: Dialect,
  keep?: (name: string) => boolean,
): Migrator {
  return new Migrator({ db, provider: new StaticProvider(dialect, keep), allowUnorderedMigrations: true });
}

/** Brings the schema up to date; a failure names the migration. */
export async function migrateToLatest(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const migrator = storeMigrator(db, dialect);
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new BeatwiseError('store.migration', `migration ${failed} failed: ${String(error)}`);
  }
}
