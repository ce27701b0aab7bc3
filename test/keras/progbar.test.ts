import { test } from "node:test";
import assert from "node:assert/strict";
import { Progbar, consoleStream, formatEta, formatMetric, formatUnitTime, defaultStream } from "../../src/keras/utils/progbar.ts";
import { CallbackList } from "../../src/keras/callbacks/callback.ts";
import { ProgbarLogger } from "../../src/keras/callbacks/progbar_logger.ts";
import type { Logs } from "../../src/keras/types.ts";
import { Capture, FakeModel } from "./callbacks/_fake_model.ts";

/** Replaces every time field (`1s`, `4ms`, `52us`, `1:02`, `1:02:03`) by `N` so snapshots hold no timing. */
function maskTimes(s: string): string {
  return s.replace(/\b\d+(?::\d\d){1,2}\b/g, "N").replace(/\b\d+(?:ms|us|s)\b/g, "N");
}

/** What a terminal shows after `text`: `\r` returns to column 0, `\b` steps back, characters overwrite. */
function renderTerminal(text: string): string[] {
  const lines: string[][] = [[]];
  let col = 0;
  for (const ch of text) {
    const line = lines[lines.length - 1];
    if (ch === "\n") {
      lines.push([]);
      col = 0;
    } else if (ch === "\r") col = 0;
    else if (ch === "\b") col = Math.max(0, col - 1);
    else {
      line[col] = ch;
      col += 1;
    }
  }
  return lines.map((l) => Array.from(l, (c) => c ?? " ").join("").trimEnd());
}

/** The seed's run: `epochs` epochs of 250 batches, 4 ms a batch on a fake clock, logs as fit gives them. */
async function drive(verbose: 0 | 1 | 2, isTTY: boolean, epochs = 3, steps = 250): Promise<Capture> {
  let clock = 1000;
  const stream = new Capture(isTTY);
  const logger = new ProgbarLogger({ stream, now: () => clock });
  const list = new CallbackList([logger], { model: new FakeModel(), params: { epochs, steps, verbose } });
  await list.onTrainBegin();
  for (let epoch = 0; epoch < epochs; epoch++) {
    await list.onEpochBegin(epoch);
    for (let batch = 0; batch < steps; batch++) {
      clock += 0.004;
      // running means over the epoch so far, as fit reports them
      const logs: Logs = { loss: 0.6931 - 0.1 * epoch - batch * 1e-4, acc: 0.5 + 0.1 * epoch + batch * 1e-3 };
      await list.onBatchEnd(batch, logs);
    }
    // the validation pass inside fit must stay silent
    await list.onTestBegin();
    await list.onTestBatchEnd(0, { loss: 9 });
    await list.onTestEnd({ loss: 9 });
    await list.onEpochEnd(epoch, { loss: 0.3521 + epoch, acc: 0.87, val_loss: 0.3, val_acc: 0.9 });
  }
  await list.onTrainEnd();
  return stream;
}

test("verbose 1 on a non-TTY prints the Epoch line and only the finished bar per epoch", async () => {
  const out = await drive(1, false);
  assert.equal(
    maskTimes(out.text),
    [
      "Epoch 1/3",
      "250/250 [==============================] - N N/step - loss: 0.3521 - acc: 0.8700 - val_loss: 0.3000 - val_acc: 0.9000",
      "Epoch 2/3",
      "250/250 [==============================] - N N/step - loss: 1.3521 - acc: 0.8700 - val_loss: 0.3000 - val_acc: 0.9000",
      "Epoch 3/3",
      "250/250 [==============================] - N N/step - loss: 2.3521 - acc: 0.8700 - val_loss: 0.3000 - val_acc: 0.9000",
      "",
    ].join("\n"),
  );
  assert.ok(!out.text.includes("\r") && !out.text.includes("\b"), "no redraw characters in a pipe");
});

test("verbose 1 on a TTY redraws in place; the screen ends with the finished bars", async () => {
  const out = await drive(1, true);
  assert.deepEqual(renderTerminal(maskTimes(out.text)), [
    "Epoch 1/3",
    "250/250 [==============================] - N N/step - loss: 0.3521 - acc: 0.8700 - val_loss: 0.3000 - val_acc: 0.9000",
    "Epoch 2/3",
    "250/250 [==============================] - N N/step - loss: 1.3521 - acc: 0.8700 - val_loss: 0.3000 - val_acc: 0.9000",
    "Epoch 3/3",
    "250/250 [==============================] - N N/step - loss: 2.3521 - acc: 0.8700 - val_loss: 0.3000 - val_acc: 0.9000",
    "",
  ]);
  // redrawn at most every 0.05 s: at 4 ms a batch, batches 1, 14, ..., 248 (20 frames), then the finished bar
  const frames = out.writes.filter((w) => w.includes("\r"));
  assert.equal(frames.length, 3 * 21);
  // the first frame of an epoch: nothing to erase yet, an empty bar, the batch logs as given
  assert.equal(out.writes[1], "\r  1/250 [..............................] - ETA: 0s - loss: 0.6931 - acc: 0.5000");
  // later frames erase the previous one (79 characters) with backspaces, then \r, as Keras does
  assert.equal(out.writes[2], "\b".repeat(79) + "\r 14/250 [>" + ".".repeat(29) + "] - ETA: 0s - loss: 0.6918 - acc: 0.5130");
});

test("verbose 2 prints one line per epoch with Keras 2.15's epoch and step times", async () => {
  const out = await drive(2, false);
  assert.equal(
    maskTimes(out.text),
    [
      "Epoch 1/3",
      "250/250 - N - loss: 0.3521 - acc: 0.8700 - val_loss: 0.3000 - val_acc: 0.9000 - N/epoch - N/step",
      "Epoch 2/3",
      "250/250 - N - loss: 1.3521 - acc: 0.8700 - val_loss: 0.3000 - val_acc: 0.9000 - N/epoch - N/step",
      "Epoch 3/3",
      "250/250 - N - loss: 2.3521 - acc: 0.8700 - val_loss: 0.3000 - val_acc: 0.9000 - N/epoch - N/step",
      "",
    ].join("\n"),
  );
  // on the fake clock the times are exact: 250 batches of 4 ms
  assert.match(out.text, /^250\/250 - 1s - loss: 0\.3521 .* - 1s\/epoch - 4ms\/step$/m);
});

test("the finished verbose-1 line leaves the first (slow) step out of the step time", async () => {
  const out = await drive(1, false, 2, 250);
  assert.match(out.text, /250\/250 \[=+\] - 1s 4ms\/step - loss/);
});

test("verbose 0 prints nothing; one epoch prints no Epoch line (as Keras)", async () => {
  assert.equal((await drive(0, false)).text, "");
  const one = await drive(1, false, 1, 3);
  assert.equal(maskTimes(one.text), "3/3 [==============================] - N N/step - loss: 0.3521 - acc: 0.8700 - val_loss: 0.3000 - val_acc: 0.9000\n");
});

test("evaluate and predict outside fit draw their own bar", async () => {
  const stream = new Capture(false);
  let clock = 0;
  const logger = new ProgbarLogger({ stream, now: () => clock });
  const list = new CallbackList([logger], { model: new FakeModel(), params: { epochs: 1, steps: 12, verbose: 1 } });
  await list.onTestBegin();
  for (let b = 0; b < 12; b++) {
    clock += 0.002;
    await list.onTestBatchEnd(b, { loss: 0.25, acc: 0.75 });
  }
  await list.onTestEnd({ loss: 0.25, acc: 0.75 });
  await list.onPredictBegin();
  for (let b = 0; b < 12; b++) {
    clock += 0.0005;
    await list.onPredictBatchEnd(b, { outputs: 1 });
  }
  await list.onPredictEnd();
  assert.equal(
    stream.text,
    "12/12 [==============================] - 0s 2ms/step - loss: 0.2500 - acc: 0.7500\n" +
      "12/12 [==============================] - 0s 500us/step\n",
  );
});

test("Progbar averages non-stateful values weighted by the steps each update covers", () => {
  const stream = new Capture(false);
  let clock = 0;
  const bar = new Progbar({ target: 4, stream, now: () => clock });
  clock = 1;
  bar.update(1, [["loss", 1]]);
  clock = 2;
  bar.update(3, [["loss", 4]]); // covers 2 steps: (1*1 + 4*2) / 3 = 3
  clock = 3;
  bar.update(4, { loss: 7 }); // (9 + 7) / 4 = 4
  // step time without the first step: (3 - 1) / (4 - 1) s
  assert.equal(stream.text, "4/4 [==============================] - 3s 667ms/step - loss: 4.0000\n");
});

test("Progbar with an unknown target counts up and shows the step time", () => {
  const stream = new Capture(true);
  let clock = 0;
  const bar = new Progbar({ target: null, stream, now: () => clock, statefulMetrics: ["acc"] });
  clock = 0.5;
  bar.update(5, [["acc", 0.5]]);
  assert.equal(stream.writes[0], "\r      5/Unknown - 0s 100ms/step - acc: 0.5000");
});

test("verbose 2 keeps Keras's sign quirk: a value <= 1e-3 (negatives too) is written %.4e", () => {
  const stream = new Capture(false);
  const bar = new Progbar({ target: 1, verbose: 2, stream, now: () => 0, statefulMetrics: ["a", "b", "c"] });
  bar.update(1, [["a", -0.5], ["b", 0.00001], ["c", 2]]);
  assert.equal(stream.text, "1/1 - 0s - a: -5.0000e-01 - b: 1.0000e-05 - c: 2.0000 - 0s/epoch - 0s/step\n");
});

test("time and number formats follow Keras", () => {
  assert.equal(formatUnitTime(2.4, "step"), " 2s/step");
  assert.equal(formatUnitTime(0, "step"), " 0s/step");
  assert.equal(formatUnitTime(0.0042, "step"), " 4ms/step");
  assert.equal(formatUnitTime(0.0000523, "sample"), " 52us/sample");
  assert.equal(formatUnitTime(0.0025, "step"), " 2ms/step"); // Python's %.0f: 2.5 rounds to even
  assert.equal(formatEta(3723), "1:02:03");
  assert.equal(formatEta(62.5), "1:02");
  assert.equal(formatEta(60), "60s");
  assert.equal(formatEta(3.9), "3s");
  assert.equal(formatMetric(0.35214), "0.3521");
  assert.equal(formatMetric(-0.5), "-0.5000");
  assert.equal(formatMetric(0.001), "1.0000e-03");
  assert.equal(formatMetric(0.00001), "1.0000e-05");
  assert.equal(formatMetric(0), "0.0000e+00");
  assert.equal(formatMetric(Number.NaN), "nan");
  assert.equal(formatMetric(Infinity), "inf");
});

test("the counter is padded to the target's digits and the bar is 30 wide", () => {
  const stream = new Capture(true);
  const bar = new Progbar({ target: 1000, stream, now: () => 0, interval: 0 });
  bar.update(500);
  assert.equal(stream.writes[0], "\r 500/1000 [==============>...............] - ETA: 0s");
  bar.update(1000);
  const erase = "\b".repeat(" 500/1000 [==============>...............] - ETA: 0s".length);
  assert.equal(stream.writes[1], `${erase}\r1000/1000 [${"=".repeat(30)}] - 0s 0s/step\n`);
});

test("Progbar rejects bad options with the argument named", () => {
  assert.throws(() => new Progbar({ target: 0 }), /keras\.utils\.Progbar: target must be a positive integer/);
  assert.throws(() => new Progbar({ target: 3, width: 0 }), /keras\.utils\.Progbar: width/);
  assert.throws(() => new Progbar({ target: 3, verbose: 3 as 1 }), /keras\.utils\.Progbar: verbose must be 0, 1 or 2/);
});

test("the default stream is process.stdout in Node", () => {
  assert.equal(defaultStream(), process.stdout);
});

test("the console stream hands each finished line to console.log", (t) => {
  const log = t.mock.method(console, "log", () => {});
  const stream = consoleStream();
  assert.equal(stream.isTTY, false);
  stream.write("Epoch 1/2\n3/3 [====");
  stream.write("] - loss: 1\nEpoch 2/2\n");
  assert.deepEqual(log.mock.calls.map((c) => c.arguments), [["Epoch 1/2"], ["3/3 [====] - loss: 1"], ["Epoch 2/2"]]);
});
