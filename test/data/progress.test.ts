import { test } from "node:test";
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { progressBar } from "../../src/data/progress.ts";

/** A stream that says it is a terminal and keeps what is written to it. */
function fakeTerminal(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & PassThrough;
  Object.assign(stream, { isTTY, columns: 120 });
  const chunks: string[] = [];
  stream.on("data", (c: Buffer) => chunks.push(c.toString()));
  return { stream, text: () => chunks.join("") };
}

test("progressBar draws the label, the count and 100% on a terminal", async () => {
  const { stream, text } = fakeTerminal(true);
  const bar = progressBar("reading data_batch_1", 40, { stream });
  for (let i = 0; i < 40; i++) bar.tick();
  bar.done();
  await new Promise((r) => setImmediate(r));
  assert.match(text(), /reading data_batch_1/);
  assert.match(text(), /100% \| 40\/40/);
});

test("progressBar is silent when the stream is not a terminal, or with verbose: false", async () => {
  for (const [tty, verbose] of [[false, true], [true, false]] as const) {
    const { stream, text } = fakeTerminal(tty);
    const bar = progressBar("reading", 10, { stream, verbose });
    bar.tick(5);
    bar.done();
    await new Promise((r) => setImmediate(r));
    assert.equal(text(), "", `isTTY ${tty}, verbose ${verbose}`);
  }
});
