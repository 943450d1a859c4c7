/** A bench output line: one JSON object on stdout with a `bench` name, its parameters and its figures. */
export type BenchLine = { bench: string } & Record<string, unknown>;
