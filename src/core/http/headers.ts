/**
 * Hardening of the HTTP server: security headers with a strict Content-Security-Policy (helmet),
 * a rate limit on /api per signed-in user (or address, for the public), and CSRF protection for
 * state-changing requests that carry a cookie. Settings come from the environment.
 */
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BeatwiseError } from '../errors.ts';

export interface HardeningSettings {
  /** Requests per window per user (or address) on /api; 0 turns the limit off. */
  rateLimitMax: number;
  rateLimitWindowMs: number;
  /** The base-map tile URL template (BEATWISE_TILE_URL), whose origin the CSP must allow. */
  tileUrl: string | null;
}

function positiveInt(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw new BeatwiseError('config.invalid', `${name} must be a whole number ≥ 0, not "${text}"`, {
      field: name,
    });
  return n;
}

/** From the environment: BEATWISE_RATE_LIMIT (default 1200), BEATWISE_RATE_WINDOW_MS (60000). */
export function hardeningFromEnv(env: NodeJS.ProcessEnv = process.env): HardeningSettings {
  return {
    rateLimitMax: positiveInt('BEATWISE_RATE_LIMIT', env.BEATWISE_RATE_LIMIT, 1200),
    rateLimitWindowMs: positiveInt('BEATWISE_RATE_WINDOW_MS', env.BEATWISE_RATE_WINDOW_MS, 60_000),
    tileUrl: env.BEATWISE_TILE_URL || null,
  };
}

/** The origin of a tile URL template ('https://tile.example.org/{z}/{x}/{y}.png'), if it has one. */
export function tileOrigin(template: string | null): string[] {
  if (!template) return [];
  try {
    const u = new URL(template.replace(/\{[^}]*\}/g, '0'));
    return u.protocol === 'https:' || u.protocol === 'http:' ? [u.origin] : [];
  } catch {
    return [];
  }
}

/**
 * The Content-Security-Policy: only our own scripts; MapLibre's worker from our origin or a blob:;
 * images from us, data: and blob: (map canvases, icons) and the tile server; fetches to us and the
 * tile server; no plugins, no framing, no foreign form targets. Inline styles are allowed: Observable
 * Plot writes a <style> into each chart (styles cannot run code).
 */
export function cspDirectives(tileUrl: string | null): Record<string, string[]> {
  const tiles = tileOrigin(tileUrl);
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:', ...tiles],
    connectSrc: ["'self'", ...tiles],
    workerSrc: ["'self'", 'blob:'],
    childSrc: ["'self'", 'blob:'],
    fontSrc: ["'self'", 'data:'],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a state-changing request may be a cross-site forgery: it carries a cookie (so the browser
 * could have sent it for another site) and shows no sign of coming from our own pages: neither
 * `Sec-Fetch-Site: same-origin`, nor an `Origin` equal to our host, nor an `X-Requested-With`
 * header (which a cross-site form cannot send, and a cross-site script only after a CORS preflight
 * we never grant). better-auth's /api/auth routes check origins themselves.
 */
export function isCrossSiteWrite(req: FastifyRequest): boolean {
  if (SAFE_METHODS.has(req.method)) return false;
  if (!req.headers.cookie) return false;
  if (req.url.startsWith('/api/auth/')) return false;
  if (req.headers['x-requested-with']) return false;
  if (req.headers['sec-fetch-site'] === 'same-origin') return false;
  const origin = req.headers.origin;
  if (origin && origin !== 'null') {
    try {
      if (new URL(origin).host === req.headers.host) return false;
    } catch {
      return true;
    }
  }
  return true;
}

/**
 * Registers helmet and the rate limiter, and (once they are loaded) the rate-limit and CSRF hooks:
 * call it after the identify hook and before the guard and the response cache, so a cached answer
 * is rate-limited too and every answer carries the headers.
 */
export function registerHardening(app: FastifyInstance, s: HardeningSettings): void {
  app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(s.tileUrl) },
    crossOriginEmbedderPolicy: false,
  });
  if (s.rateLimitMax > 0)
    app.register(rateLimit, {
      global: false,
      max: s.rateLimitMax,
      timeWindow: s.rateLimitWindowMs,
      keyGenerator: (req) => (req.principal ? `user:${req.principal.userId}` : `ip:${req.ip}`),
      allowList: (req) => !req.url.startsWith('/api/'),
      errorResponseBuilder: (_req, ctx) =>
        new BeatwiseError(
          'http.rate_limited',
          `too many requests: at most ${ctx.max} per ${Math.round(s.rateLimitWindowMs / 1000)} s; try again in ${ctx.after}`,
        ),
    });
  app.after(() => {
    if (s.rateLimitMax > 0) {
      // Its own per-route hook would run after the cache: run it as a global hook, in order.
      const limit = app.rateLimit();
      app.addHook('onRequest', async function (req, reply) {
        await limit.call(this, req, reply);
      });
    }
    app.addHook('onRequest', async (req) => {
      if (isCrossSiteWrite(req))
        throw new BeatwiseError(
          'access.csrf',
          'refused: a state-changing request with a cookie must come from Beatwise’s own pages (send X-Requested-With, or a same-origin Origin)',
        );
    });
  });
}
