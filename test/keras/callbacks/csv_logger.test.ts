import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CSVLogger } from "../../../src/keras/callbacks/csv_logger.ts";
import { FakeModel, runFit } from "./_fake_model.ts";

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "backprop-csvlogger-"));
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const epochs = [
  { loss: 0.6931471824645996, acc: 0.5, val_loss: 0.7, val_acc: 0.25 },
  { loss: 0.1, acc: 1, val_loss: 1e-5, val_acc: Number.NaN },
];

test("CSVLogger writes Keras's header (sorted keys) and rows as Python's csv module does", async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, "sub", "log.csv");
    await runFit(new FakeModel(), [new CSVLogger(file)], { epochLogs: epochs });
    assert.equal(
      readFileSync(file, "utf8"),
      "epoch,acc,loss,val_acc,val_loss\r\n" + "0,0.5,0.6931471824645996,0.25,0.7\r\n" + "1,1.0,0.1,nan,1e-05\r\n",
    );
  });
});

test("without val_ keys, val_ columns are added and filled with NA (Keras 2)", async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, "log.csv");
    await runFit(new FakeModel(), [new CSVLogger(file, { separator: ";" })], { epochLogs: [{ loss: 2 }, { loss: 1, lr: 0.5 }] });
    assert.equal(readFileSync(file, "utf8"), "epoch;loss;val_loss\r\n0;2.0;NA\r\n1;1.0;NA\r\n");
  });
});

test("append adds rows to an existing file without a second header; overwrite starts afresh", async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, "log.csv");
    await runFit(new FakeModel(), [new CSVLogger(file)], { epochLogs: [epochs[0]] });
    await runFit(new FakeModel(), [new CSVLogger(file, { append: true })], { epochLogs: [epochs[1]] });
    assert.equal(
      readFileSync(file, "utf8"),
      "epoch,acc,loss,val_acc,val_loss\r\n0,0.5,0.6931471824645996,0.25,0.7\r\n0,1.0,0.1,nan,1e-05\r\n",
    );
    await runFit(new FakeModel(), [new CSVLogger(file)], { epochLogs: [epochs[1]] });
    assert.equal(readFileSync(file, "utf8"), "epoch,acc,loss,val_acc,val_loss\r\n0,1.0,0.1,nan,1e-05\r\n");
    const empty = join(dir, "empty.csv");
    writeFileSync(empty, "");
    await runFit(new FakeModel(), [new CSVLogger(empty, { append: true })], { epochLogs: [{ loss: 1, val_loss: 2 }] });
    assert.equal(readFileSync(empty, "utf8"), "epoch,loss,val_loss\r\n0,1.0,2.0\r\n");
  });
});

test("each epoch's row is on disk when the epoch ends", async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, "log.csv");
    const seen: string[] = [];
    await runFit(new FakeModel(), [new CSVLogger(file), { onEpochEnd: () => void seen.push(readFileSync(file, "utf8")) }], {
      epochLogs: [{ loss: 1, val_loss: 1 }, { loss: 2, val_loss: 2 }],
    });
    assert.deepEqual(seen, ["epoch,loss,val_loss\r\n0,1.0,1.0\r\n", "epoch,loss,val_loss\r\n0,1.0,1.0\r\n1,2.0,2.0\r\n"]);
  });
});

test("a field holding the separator is quoted", async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, "log.csv");
    await runFit(new FakeModel(), [new CSVLogger(file)], { epochLogs: [{ "a,b": 1, val_x: 2 }] });
    assert.equal(readFileSync(file, "utf8"), 'epoch,"a,b",val_x\r\n0,1.0,2.0\r\n');
  });
});

test("bad arguments are errors naming them", () => {
  assert.throws(() => new CSVLogger(""), /keras\.callbacks\.CSVLogger: filename must be a non-empty string/);
  assert.throws(() => new CSVLogger("x.csv", { separator: ",," }), /CSVLogger: separator must be one character, got ",,"/);
  assert.throws(() => new CSVLogger("x.csv", { separator: '"' }), /CSVLogger: separator must not be a quote/);
});
