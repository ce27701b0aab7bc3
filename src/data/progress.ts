import type * as CliProgress from "cli-progress";
import { nodeBuiltin, nodeProcess } from "../backend/platform.ts";

/*
 * Progress of long reads (a 60 000-image archive, a big CSV): a cli-progress bar on stderr when stderr
 * is a terminal and `verbose` is not false; silent otherwise (a pipe, a log file, a test, a browser).
 * cli-progress needs Node's readline, so it is loaded through Node's own `require` on first use and
 * never reaches a browser bundle.
 */

/** What a reader reports to: `tick(n)` after n more units (default 1), `done()` once at the end. */
export interface Progress {
  tick(n?: number): void;
  done(): void;
}

const SILENT: Progress = { tick: () => undefined, done: () => undefined };

/** The stderr stream when it is a terminal, else null. */
function terminal(): NodeJS.WriteStream | null {
  const stderr = (nodeProcess() as { stderr?: NodeJS.WriteStream } | undefined)?.stderr;
  return stderr?.isTTY === true ? stderr : null;
}

/** Options of `progressBar`: `verbose` false silences it; `stream` replaces stderr (a terminal only). */
export interface ProgressOptions {
  verbose?: boolean;
  stream?: NodeJS.WriteStream;
}

/**
 * A progress bar labelled `label` over `total` units (bytes, images, rows) on a terminal's stderr;
 * a reporter that does nothing where that is not a terminal or `verbose` is false.
 * @example
 * const bar = progressBar("cifar10: reading data_batch_1", 10000, { verbose: options.verbose });
 * for (let i = 0; i < 10000; i++) { ...; bar.tick(); }
 * bar.done();
 */
export function progressBar(label: string, total: number, options: ProgressOptions = {}): Progress {
  const given = options.stream === undefined ? terminal() : options.stream.isTTY === true ? options.stream : null;
  const stream = options.verbose === false ? null : given;
  const module = nodeBuiltin<{ createRequire(url: string): (id: string) => unknown }>("node:module");
  if (stream === null || module === null || !(total > 0)) return SILENT;
  const cli = module.createRequire(import.meta.url)("cli-progress") as typeof CliProgress;
  const bar = new cli.SingleBar(
    { stream, format: `${label} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}`, hideCursor: false, clearOnComplete: false },
    cli.Presets.shades_classic,
  );
  bar.start(total, 0);
  let value = 0;
  return {
    tick(n = 1) {
      value += n;
      bar.update(Math.min(value, total));
    },
    done() {
      bar.update(total);
      bar.stop();
    },
  };
}
