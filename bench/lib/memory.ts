/**
 * Peak memory of the current process, two ways:
 *  - sampled: `process.memoryUsage.rss()` every `intervalMs` on a timer (misses peaks shorter than
 *    the interval, and any peak inside a long synchronous stretch that starves the timer);
 *  - VmHWM from /proc/self/status: the kernel's resident-set high-water mark for the whole life of
 *    the process, the authoritative figure (Linux only; null elsewhere).
 */
import { readFileSync } from 'node:fs';

/** Decimal megabytes, as the targets are stated (1 GB = 1,000 MB). */
export const MB = 1_000_000;

export class PeakRss {
  private peak = 0;
  private samples = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(readonly intervalMs = 50) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
    this.samples++;
  }

  /** Stops sampling (after one last sample) and returns the largest RSS seen, in bytes. */
  stop(): { peakBytes: number; samples: number } {
    this.sample();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return { peakBytes: this.peak, samples: this.samples };
  }
}

/** The process's peak resident set size (VmHWM) in bytes, or null when /proc is not available. */
export function vmHwmBytes(): number | null {
  let status: string;
  try {
    status = readFileSync('/proc/self/status', 'utf8');
  } catch {
    return null;
  }
  const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
  return m ? Number(m[1]) * 1024 : null;
}
