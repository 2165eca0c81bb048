import cliProgress from 'cli-progress';

/**
 * Progress for long work: a bar on a terminal, a plain line every few seconds otherwise (logs, CI).
 * Writes to stderr so stdout stays clean for --json.
 */
export class Progress {
  private bar: cliProgress.SingleBar | null = null;
  private lastLine = 0;
  private readonly tty: boolean;
  /** How often the plain-line form reports (BEATWISE_PROGRESS_MS, default 5 s). */
  private readonly everyMs = Number(process.env.BEATWISE_PROGRESS_MS ?? 5000);

  constructor(
    private readonly label: string,
    private readonly quiet = false,
  ) {
    this.tty = Boolean(process.stderr.isTTY) && !quiet;
  }

  start(total: number): void {
    if (!this.tty) return;
    this.bar = new cliProgress.SingleBar(
      {
        format: `${this.label} [{bar}] {percentage}% | {value}/{total} {unit}`,
        stream: process.stderr,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(total, 0, { unit: '' });
  }

  update(value: number, unit = ''): void {
    if (this.bar) {
      this.bar.update(value, { unit });
      return;
    }
    if (this.quiet) return;
    const now = Date.now();
    if (now - this.lastLine > this.everyMs) {
      this.lastLine = now;
      process.stderr.write(`${this.label}: ${value} ${unit}\n`);
    }
  }

  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
