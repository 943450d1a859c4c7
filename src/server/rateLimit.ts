/**
 * Per-connection rate limits of the session server, on an injected clock (ms).
 */

/**
 * A token bucket: `burst` messages at once, refilled at `perSecond`; `take` spends one token and says whether the
 * message may go through.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  take(now: number): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * Wrong room codes from one connection: after `maxWrong` within `windowMs`, every join is refused until the window
 * since the latest wrong code has passed, so codes cannot be guessed quickly.
 */
export class WrongCodeLimiter {
  private times: number[] = [];

  constructor(
    private readonly maxWrong: number,
    private readonly windowMs: number,
  ) {}

  /** Milliseconds until joins are allowed again (0: allowed now). */
  blockedFor(now: number): number {
    this.times = this.times.filter((t) => now - t < this.windowMs);
    if (this.times.length < this.maxWrong) return 0;
    return this.windowMs - (now - this.times[this.times.length - 1]);
  }

  recordWrong(now: number): void {
    this.times.push(now);
  }
}
