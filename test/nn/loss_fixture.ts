/**
 * The PyTorch 1.13 cases of test/fixtures/losses.json (written by test/fixtures/gen_losses.py) for the
 * losses, distances and padding. They have nn.json's layout, so `checkCase` of ./helpers.ts runs them:
 * forward values, input gradients after backward with the fixture's upstream gradient, and a gradcheck
 * for the finite float64 cases. NaN and infinities ("nan", "inf", "-inf" in the JSON) must match exactly.
 */
import { readFileSync } from "node:fs";
import type { NNCase } from "./helpers.ts";

const fixture = JSON.parse(readFileSync(new URL("../fixtures/losses.json", import.meta.url), "utf8")) as { cases: NNCase[] };

/** The fixture case called `name`. */
export function lossCase(name: string): NNCase {
  const c = fixture.cases.find((x) => x.name === name);
  if (c === undefined) throw new Error(`losses.json has no case "${name}"; add it to test/fixtures/gen_losses.py and regenerate`);
  return c;
}

/** The fixture cases of the given ops (optionally only those whose name starts with `prefix`). */
export function lossCases(ops: readonly string[], prefix = ""): NNCase[] {
  return fixture.cases.filter((c) => ops.includes(c.op) && c.name.startsWith(prefix));
}
