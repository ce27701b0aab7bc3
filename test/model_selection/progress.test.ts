import { test } from "node:test";
import assert from "node:assert/strict";
import { formatSeconds, Progress } from "../../src/model_selection/progress.ts";

function capture(t: { mock: { method: (o: object, m: string, f: (c: string) => boolean) => unknown } }, tty: boolean): string[] {
  const out: string[] = [];
  Object.defineProperty(process.stderr, "isTTY", { value: tty, configurable: true });
  t.mock.method(process.stderr, "write", (chunk: string) => {
    out.push(chunk);
    return true;
  });
  return out;
}

test("Progress off a TTY: the header, then a line at each quarter", (t) => {
  const had = process.stderr.isTTY;
  const out = capture(t, false);
  const p = new Progress("GridSearchCV", 8, 1, "Fitting 2 folds for each of 4 candidates, totalling 8 fits");
  for (let i = 0; i < 8; i++) p.tick();
  t.mock.restoreAll();
  Object.defineProperty(process.stderr, "isTTY", { value: had, configurable: true });
  assert.equal(out[0], "Fitting 2 folds for each of 4 candidates, totalling 8 fits\n");
  assert.deepEqual(out.slice(1).map((l) => l.replace(/elapsed .*$/s, "")), ["[GridSearchCV] 2/8 fits, ", "[GridSearchCV] 4/8 fits, ", "[GridSearchCV] 6/8 fits, ", "[GridSearchCV] 8/8 fits, "]);
  assert.match(out[4], /ETA 0\.0s\n$/);
});

test("Progress on a TTY rewrites one line in place; verbose 0 prints nothing", (t) => {
  const had = process.stderr.isTTY;
  const out = capture(t, true);
  const p = new Progress("crossValidate", 3, 1);
  p.tick();
  p.tick();
  p.tick();
  new Progress("quiet", 2, 0, "header").tick();
  t.mock.restoreAll();
  Object.defineProperty(process.stderr, "isTTY", { value: had, configurable: true });
  assert.equal(out.length, 3);
  assert.ok(out.every((l) => l.startsWith("\r[crossValidate] ") && l.includes("\x1b[K")));
  assert.ok(out[2].endsWith("\n") && !out[1].endsWith("\n"));
});

test("formatSeconds", () => {
  assert.equal(formatSeconds(1.234), "1.2s");
  assert.equal(formatSeconds(125), "2m05s");
  assert.equal(formatSeconds(Infinity), "?");
});
