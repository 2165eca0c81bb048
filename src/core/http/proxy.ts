/**
 * Which reverse proxies to believe about the client's address (X-Forwarded-For). Behind a force's
 * load balancer every request would otherwise come from the balancer's address: one rate-limit
 * bucket for everyone, and sign-in lockouts keyed to the wrong address. Believing every proxy
 * would let anyone claim any address, so the default believes none.
 */
import { BeatwiseError } from '../errors.ts';

/**
 * Fastify's `trustProxy`: believe no proxy, the proxies at these addresses / CIDR ranges, or (for a
 * hop count) the nearest `n` hops.
 */
export type TrustProxy = false | string[] | ((address: string, hop: number) => boolean);

/**
 * `BEATWISE_TRUST_PROXY`: unset or empty (believe no proxy), a number of hops (`1`: the one proxy in
 * front), or a comma-separated list of proxy addresses or CIDR ranges (`10.0.0.0/8,127.0.0.1`).
 */
export function parseTrustProxy(text: string | undefined): TrustProxy {
  const t = (text ?? '').trim();
  if (t === '' || t === 'false' || t === '0') return false;
  if (/^\d+$/.test(t)) {
    const hops = Number(t);
    return (_address, hop) => hop < hops;
  }
  const list = t
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = list.find((s) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(s));
  if (bad !== undefined || t === 'true')
    throw new BeatwiseError(
      'config.invalid',
      `BEATWISE_TRUST_PROXY must be a number of proxy hops or a comma-separated list of proxy addresses or CIDR ranges; got "${bad ?? t}"`,
      { field: 'BEATWISE_TRUST_PROXY' },
    );
  return list;
}
