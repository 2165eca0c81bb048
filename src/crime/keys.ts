/**
 * Natural keys for crime rows, as 63-bit integers (the store indexes integers far faster than text).
 * - A row with a Crime ID (police.uk) or crime reference (force extract) is keyed by it.
 * - A row without one (anti-social behaviour) is keyed by its content plus how many identical rows
 *   came before it in the same month of the same file, so genuinely repeated rows stay apart while
 *   re-importing the file, or an overlapping one, finds them again.
 * Two different keys collide with probability about n²/2⁶⁴ for n rows in one force-month
 * (below 1e-8 at a million rows); IDs that are already SHA-256 hex (police.uk) use their own bits.
 */
const HEX64 = /^[0-9a-f]{16}/;

export function idKey(id: string): bigint {
  if (id.length >= 32 && HEX64.test(id)) return BigInt.asIntN(64, BigInt(`0x${id.slice(0, 16)}`)) & MASK63;
  return hash63(`id\u0000${id}`);
}

export function contentKey(content: string, occurrence: number): bigint {
  return hash63(`row\u0000${content}\u0000${occurrence}`);
}

const MASK63 = (1n << 63n) - 1n;

/** Two independent 32-bit FNV-1a-style lanes of a string, written to out[0] and out[1]. */
export function hashLanes(s: string, out: Uint32Array): void {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  out[0] = finalH1(h1);
  out[1] = finalH2(h2);
}

/** hashLanes's last mixing of its first lane (for code that runs the lanes itself). */
export function finalH1(h1: number): number {
  let h = h1 ^ (h1 >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}

/** hashLanes's last mixing of its second lane. */
export function finalH2(h2: number): number {
  const h = Math.imul(h2, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const lanes = new Uint32Array(2);

/** The two lanes combined into a non-negative 63-bit integer: ((h1 << 31) ^ h2) & (2⁶³ − 1). */
export function hash63(s: string): bigint {
  hashLanes(s, lanes);
  return ((BigInt(lanes[0]) << 31n) ^ BigInt(lanes[1])) & MASK63;
}
