/**
 * What the police.uk-compatible public API shares across features (src/force/police-uk-api and
 * src/crime/police-uk-api): where it is served, police.uk's limits (15 requests a second with
 * bursts of 30, custom areas of at most 10,000 crimes) and police.uk's way of failing (a bare
 * status: 404, 429, 503; the body says why in Beatwise's error shape, which clients ignore).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { BeatwiseError } from '../errors.ts';

export interface PoliceUkSettings {
  /** Path prefix, no trailing slash (default /api/police-uk). */
  prefix: string;
  /** Requests per second each client may make on average (police.uk: 15). 0 = no limit. */
  ratePerSecond: number;
  /** Requests a client may make at once before the rate applies (police.uk: 30). */
  burst: number;
  /** Most crimes a custom area (poly) may hold before the answer is a 503 (police.uk: 10,000). */
  maxAreaCrimes: number;
}

function envNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min)
    throw new BeatwiseError('config.invalid', `${name} must be a number ≥ ${min}, not "${v}"`, {
      field: name,
    });
  return n;
}

/**
 * The settings: BEATWISE_POLICE_UK_PREFIX, BEATWISE_POLICE_UK_RATE, BEATWISE_POLICE_UK_BURST,
 * BEATWISE_POLICE_UK_MAX_AREA_CRIMES, with police.uk's own values as defaults.
 */
export function policeUkSettings(env: NodeJS.ProcessEnv = process.env): PoliceUkSettings {
  const raw = env.BEATWISE_POLICE_UK_PREFIX?.trim() || '/api/police-uk';
  const prefix = `/${raw.replace(/^\/+|\/+$/g, '')}`;
  if (!/^\/api\/[a-z0-9/_-]+$/i.test(prefix))
    throw new BeatwiseError(
      'config.invalid',
      `BEATWISE_POLICE_UK_PREFIX must be a path under /api/ (letters, digits, - _ /), not "${raw}"`,
      { field: 'BEATWISE_POLICE_UK_PREFIX' },
    );
  return {
    prefix,
    ratePerSecond: envNumber(env, 'BEATWISE_POLICE_UK_RATE', 15, 0),
    burst: envNumber(env, 'BEATWISE_POLICE_UK_BURST', 30, 1),
    maxAreaCrimes: envNumber(env, 'BEATWISE_POLICE_UK_MAX_AREA_CRIMES', 10_000, 1),
  };
}

/**
 * Token buckets, one per client: each holds up to `burst` tokens and refills at `rate` a second;
 * a request takes one. Pure but for the map it keeps: the caller passes the time.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly maxClients = 100_000,
  ) {}

  /** Takes a token for `key` at `nowMs`; false when the bucket is empty (answer 429). */
  take(key: string, nowMs: number): boolean {
    if (this.rate <= 0) return true;
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= this.maxClients) this.forgetFull(nowMs);
      b = { tokens: this.burst, at: nowMs };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(this.burst, b.tokens + ((nowMs - b.at) / 1000) * this.rate);
    b.at = nowMs;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** Drops buckets that have refilled (they hold nothing worth keeping). */
  private forgetFull(nowMs: number): void {
    for (const [k, b] of this.buckets)
      if (b.tokens + ((nowMs - b.at) / 1000) * this.rate >= this.burst) this.buckets.delete(k);
    if (this.buckets.size >= this.maxClients) this.buckets.clear();
  }
}

const limited = new WeakSet<FastifyInstance>();

/**
 * police.uk's rate limit on every path under the prefix, per client address: registered once per
 * server however many features serve paths under the prefix.
 */
export function registerPoliceUkLimit(
  app: FastifyInstance,
  s: PoliceUkSettings,
  now: () => number = Date.now,
): void {
  if (limited.has(app)) return;
  limited.add(app);
  const buckets = new TokenBuckets(s.ratePerSecond, s.burst);
  const under = `${s.prefix}/`;
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith(under)) return;
    if (buckets.take(req.ip, now())) return;
    reply.header('Retry-After', '1');
    return policeUkFail(
      reply,
      429,
      'police_uk.rate_limited',
      `too many requests: at most ${s.ratePerSecond} a second with bursts of ${s.burst}`,
    );
  });
}

/** Answers as police.uk does when it cannot: the status, and a body saying why. */
export function policeUkFail(
  reply: FastifyReply,
  status: 400 | 404 | 429 | 503,
  code: string,
  message: string,
) {
  return reply.status(status).send({ error: { code, message, details: {} } });
}

/** A police.uk month parameter ('YYYY-MM'), or a 400. */
export function policeUkMonth(v: string, field = 'date'): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(v))
    throw new BeatwiseError(
      'http.bad_request',
      `query parameter "${field}": a month as YYYY-MM, not "${v}"`,
      {
        field,
      },
    );
  return v;
}

/** Parses police.uk's `poly` ("lat,lng:lat,lng:…") into [lng, lat] pairs, or a 400. */
export function parsePoly(poly: string): [number, number][] {
  const pts = poly
    .split(':')
    .filter((p) => p.trim() !== '')
    .map((pair) => {
      const [lat, lng] = pair.split(',').map((x) => Number(x.trim()));
      if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180)
        throw new BeatwiseError('http.bad_request', `query parameter "poly": "${pair}" is not lat,lng`, {
          field: 'poly',
        });
      return [lng, lat] as [number, number];
    });
  if (pts.length < 3)
    throw new BeatwiseError('http.bad_request', 'query parameter "poly": at least three lat,lng points', {
      field: 'poly',
    });
  return pts;
}

/** A coordinate as police.uk writes it: a string with 6 decimals. */
export function coord(v: number): string {
  return v.toFixed(6);
}
