/**
 * Entry of `npm run lab` (bundled and started by scripts/run-node.mjs; `process.argv` is `[node, bundle, …args]`).
 * Parses argv (`args.ts`), dispatches to `list`, help or a run (`runLab.ts`), and owns every exit:
 * 0 done, 1 run failed, 2 invalid input (one line on stderr naming the field and its range) or a run that needs
 * more memory than a worker has (`checkCost`), 130 SIGINT. Before a run, its estimate goes to stderr.
 * Progress and notes go to stderr; stdout carries only `list`/help text or, for a run, the result JSON as
 * its last line.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { checkCost, describeEstimate, estimateJob } from '../core/jobs/estimate';
import { findLab, labs } from '../core/labs/registry';
import { RunCancelled, RunController } from '../core/labs/runControl';
import type { RunEvent } from '../core/labs/types';
import { parseArgs, quote, type CliCommand } from './args';
import { resolveExperiment } from './config';
import { CliError, EXIT, oneLine } from './errors';
import { labHelpText, listText, usageText } from './help';
import { routeConsoleToStderr } from './nodeConsole';
import { ProgressReporter } from './progress';
import { runLab, type RunPart } from './runLab';

const debug = process.env.AUCTION_LAB_DEBUG === '1';

/** Write to stdout and wait until it is handed to the OS (so a following `process.exit` loses nothing). */
function writeStdout(text: string): Promise<void> {
  return new Promise((resolve) => {
    process.stdout.write(text, () => resolve());
  });
}

function findLabOrFail(id: string) {
  const lab = findLab(id);
  if (!lab) throw new CliError(`unknown lab ${quote(id)}; expected one of ${labs.map((l) => l.id).join('|')} (see \`npm run lab -- list\`)`);
  return lab;
}

/** An open `--out` file: one JSON object per line, written synchronously (nothing is lost on Ctrl-C). */
class JsonlFile {
  private fd: number;
  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, 'w');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      throw new CliError(`--out ${quote(path)}: cannot write that file (${code})`);
    }
  }
  write(value: unknown): void {
    writeSync(this.fd, `${JSON.stringify(value)}\n`);
  }
  close(): void {
    closeSync(this.fd);
  }
}

async function runCommand(command: Extract<CliCommand, { kind: 'run' }>): Promise<number> {
  const lab = findLabOrFail(command.lab);
  const experiment = resolveExperiment(lab, command.preset, command.sets);
  const progress = command.quiet ? null : new ProgressReporter(process.stderr, lab.id, undefined, lab.progressUnit(experiment.config));
  for (const note of experiment.notes) progress?.note(`note: ${note}`);
  // Parts run one after another in process (`runLab` plans on one core), so the estimate does too.
  const estimate = estimateJob(lab, experiment.config, experiment.seed, 1);
  const verdict = checkCost(estimate);
  if (verdict.kind === 'refuse') throw new CliError(`${lab.id}: ${verdict.message}`);
  const out = command.out !== undefined ? new JsonlFile(command.out) : null;
  const isSweep = lab.expand(experiment.config).length > 1;

  const controller = new RunController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT.interrupted);
    progress?.note('interrupted: stopping the run (Ctrl-C again to quit at once)');
    controller.cancel();
  };
  process.on('SIGINT', onSigint);

  let backendShown = false;
  try {
    const result = await runLab({
      lab,
      config: experiment.config,
      seed: experiment.seed,
      backend: command.backend,
      controller,
      onEvent: out
        ? (event: RunEvent, part: RunPart) => out.write(isSweep ? { ...event, run: part.index, part: part.label } : event)
        : undefined,
      onProgress: progress ? (r) => progress.update(r) : undefined,
      onBackend: (choice) => {
        if (backendShown) return;
        backendShown = true;
        // Printed once the run has started, so input the run itself refuses (a forced backend) stays one line.
        progress?.note(`estimate: ${describeEstimate(estimate)}`);
        progress?.note(`backend: ${choice.name} (${choice.reason})`);
      },
    });
    progress?.end();
    if (out && isSweep) out.write({ type: 'final', metrics: result.metrics });
    await writeStdout(`${JSON.stringify(result)}\n`);
    return EXIT.ok;
  } catch (e) {
    progress?.end();
    if (e instanceof RunCancelled) {
      process.stderr.write('cancelled\n');
      return EXIT.interrupted;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
    out?.close();
  }
}

/** Run the CLI on `argv` (the arguments after the script) and resolve to the exit code. Throws only for bugs. */
export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) throw new CliError(parsed.error);
  const command = parsed.command;
  switch (command.kind) {
    case 'usage':
      await writeStdout(`${usageText(labs)}\n`);
      return EXIT.ok;
    case 'list':
      await writeStdout(`${listText(labs)}\n`);
      return EXIT.ok;
    case 'labHelp':
      await writeStdout(`${labHelpText(findLabOrFail(command.lab))}\n`);
      return EXIT.ok;
    case 'run':
      return runCommand(command);
  }
}

/** Report an error as one line (a stack only with AUCTION_LAB_DEBUG=1) and choose the exit code. */
function report(e: unknown): number {
  if (e instanceof CliError) {
    process.stderr.write(`error: ${oneLine(e.message)}\n`);
    if (debug && e.stack) process.stderr.write(`${e.stack}\n`);
    return e.exitCode;
  }
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`error: ${oneLine(message) || 'unknown error'}\n`);
  if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  return EXIT.failure;
}

// Libraries may log to stdout (console.log); the result line must stay the last stdout line, so route
// console output to stderr. Our own stdout output goes through process.stdout.write.
routeConsoleToStderr();
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(EXIT.ok);
});

let code: number;
try {
  code = await main(process.argv.slice(2));
} catch (e) {
  code = report(e);
}
process.exit(code);
