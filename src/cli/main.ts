#!/usr/bin/env node
import { runTrain } from "./train.ts";
import { runPlayground } from "./playground.ts";

const USAGE = `usage: backprop <command> [options]

commands:
  train        train the seed's MNIST network (Linear(784,128) -> ReLU -> Linear(128,10)); see 'backprop train --help'
  playground   serve the web playground on localhost (--port P, --open); see 'backprop playground --help'`;

/** The `backprop` command: dispatches to a subcommand and turns usage errors into exit code 2. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === "train") return runTrain(rest);
  if (command === "playground") return runPlayground(rest);
  console.error(`backprop: unknown command '${command}' (try 'backprop --help')`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`backprop: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
