/**
 * The CLI's progress line on stderr: done/total in the lab's own unit (steps, auctions, rounds …), its rate and ETA. On a terminal one line is redrawn in place
 * (`\r`) at most twice a second; otherwise (a pipe, a CI log) a plain line is written at most every 2 s.
 */

/** The part of a stream the reporter writes to (`process.stderr` or a test double). */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** One progress reading, from a run's `progress` events. */
export interface ProgressReading {
  done: number;
  total: number;
  /** Work units per second so far (wall clock, recording included). */
  unitsPerSecond: number;
  phase: string;
  /** Sweep position, e.g. `N=3 (2/7)`; undefined for a single run. */
  part?: string;
}

/** Compact duration: `0.4s`, `12s`, `3m05s`, `1h02m`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m}m${String(Math.round(seconds - m * 60)).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  return `${h}h${String(m - h * 60).padStart(2, '0')}m`;
}

/** A rate with 3 significant digits: `1520`, `45.2`, `0.813`. */
export function formatRate(x: number): string {
  if (!Number.isFinite(x)) return '?';
  if (x >= 100) return String(Math.round(x));
  return x.toPrecision(3);
}

/**
 * The progress line (no newline), counting `unit` (plural, the lab's `progressUnit`):
 * `learn-to-bid N=3 (2/7)  1200/2000 steps 60%  1520 steps/s  ETA 0.5s`.
 */
export function formatProgress(label: string, r: ProgressReading, unit = 'steps'): string {
  const pct = r.total > 0 ? Math.floor((100 * r.done) / r.total) : 0;
  const eta = r.unitsPerSecond > 0 ? (r.total - r.done) / r.unitsPerSecond : NaN;
  const part = r.part ? ` ${r.part}` : '';
  return `${label}${part}  ${Math.round(r.done)}/${Math.round(r.total)} ${unit} ${pct}%  ${formatRate(r.unitsPerSecond)} ${unit}/s  ETA ${formatDuration(eta)}`;
}

/**
 * Throttled progress output. `update` may be called for every progress event; it writes only when the
 * interval has passed (TTY: 0.5 s, redrawn in place; otherwise 2 s, one line each). `end` finishes the line.
 */
export class ProgressReporter {
  private last = -Infinity;
  private drawn = false;
  private readonly tty: boolean;
  private readonly intervalMs: number;

  constructor(
    private readonly stream: ProgressStream,
    private readonly label: string,
    private readonly now: () => number = () => performance.now(),
    /** What the runs count, plural (the lab's `progressUnit`). */
    private readonly unit = 'steps',
  ) {
    this.tty = !!stream.isTTY;
    this.intervalMs = this.tty ? 500 : 2000;
    // Plain logs: the first line after 2 s, so short runs stay silent.
    if (!this.tty) this.last = now();
  }

  update(r: ProgressReading): void {
    const t = this.now();
    if (t - this.last < this.intervalMs) return;
    this.last = t;
    const line = formatProgress(this.label, r, this.unit);
    if (this.tty) {
      this.stream.write(`\r${line}\x1b[K`);
      this.drawn = true;
    } else this.stream.write(`${line}\n`);
  }

  /** Write a message on its own line (clearing a progress line drawn in place). */
  note(message: string): void {
    this.end();
    this.stream.write(`${message}\n`);
  }

  /** Finish a line drawn in place so later output starts on a fresh line. */
  end(): void {
    if (this.drawn) {
      this.stream.write('\r\x1b[K');
      this.drawn = false;
    }
  }
}
