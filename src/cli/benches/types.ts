/**
 * A lab's own benchmarks for `npm run bench`, registered in `benches/registry.ts`. Each planned measurement runs
 * in a fresh child process (`--one`), like the built-in ones; what `measure` returns is printed as JSON lines.
 */
import type { BenchLine } from './line';

export interface LabBench<P = Record<string, unknown>> {
  /** Bench name(s) this module emits; `--only PREFIX` matches against these (e.g. `['all-pay-design', 'all-pay-design-loop']`). */
  names: readonly string[];
  /** Parameters of every measurement, in order (a few small ones when `quick`). Must be JSON-serialisable. */
  plan(quick: boolean): P[];
  /** The bench name one planned measurement emits (used by `--only`). */
  nameOf(params: P): string;
  /** One line for the progress log on stderr. */
  describe(params: P): string;
  /** Run one measurement (inside the child process) and return its line(s), each with `bench` and the parameters. */
  measure(params: P): Promise<BenchLine[]>;
}
