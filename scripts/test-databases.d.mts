// Types of scripts/test-databases.mjs, for the tests that use it (test/pg/leaks.test.ts).
export function testServer(env?: NodeJS.ProcessEnv): string;
export function pgQuery(
  sql: string,
  server?: string,
): Promise<{ ok: boolean; rows?: Record<string, unknown>[]; error?: string }>;
export function parseName(name: string): { run: string; made: number } | null;
export function dropDatabases(opts?: {
  run?: string;
  maxAgeMs?: number;
  now?: number;
  server?: string;
}): Promise<string[]>;
