/** Exit codes of the CLI (`npm run lab`, `npm run bench`). */
export const EXIT = {
  ok: 0,
  /** A run failed (diverged, a bug, an I/O error). */
  failure: 1,
  /** Invalid input: unknown lab, key, preset or flag; out-of-range or malformed value; missing value. */
  usage: 2,
  /** Interrupted by SIGINT (128 + 2). */
  interrupted: 130,
} as const;

/**
 * An error the CLI reports as one line on stderr (its message, no stack) and exits with `exitCode`.
 * Anything else thrown reaches `main` as `error: <message>` with exit code 1.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Collapse a message to one line (the CLI never prints multi-line errors). */
export function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
