/**
 * A least-recently-used map bounded by the bytes its values hold rather than by their number:
 * setting past the bound evicts the least recently used entries until the total fits again, and a
 * value larger than a quarter of the bound is not kept at all (it would evict everything else).
 */
export class ByteLru<V> {
  private readonly map = new Map<string, { value: V; bytes: number }>();
  private total = 0;

  constructor(readonly maxBytes: number) {}

  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.map.size;
  }

  /** The value, now the most recently used. */
  get(key: string): V | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    this.map.delete(key);
    this.map.set(key, e);
    return e.value;
  }

  /** Keeps the value (replacing one of the same key) unless it is too large; true when kept. */
  set(key: string, value: V, bytes: number): boolean {
    this.delete(key);
    if (bytes > this.maxBytes / 4) return false;
    this.map.set(key, { value, bytes });
    this.total += bytes;
    this.evict();
    return this.map.has(key);
  }

  /** Counts more bytes against an entry already kept (e.g. its compressed copy). */
  grow(key: string, bytes: number): void {
    const e = this.map.get(key);
    if (!e) return;
    e.bytes += bytes;
    this.total += bytes;
    this.evict();
  }

  delete(key: string): void {
    const e = this.map.get(key);
    if (!e) return;
    this.map.delete(key);
    this.total -= e.bytes;
  }

  private evict(): void {
    for (const key of this.map.keys()) {
      if (this.total <= this.maxBytes) return;
      this.delete(key);
    }
  }
}
