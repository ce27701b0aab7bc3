import { test } from "node:test";
import assert from "node:assert/strict";
import { Callback, CallbackList, type CallbackLike } from "../../../src/keras/callbacks/callback.ts";
import { History } from "../../../src/keras/callbacks/history.ts";
import { LearningRateScheduler } from "../../../src/keras/callbacks/learning_rate_scheduler.ts";
import type { Logs } from "../../../src/keras/types.ts";
import { FakeModel, runFit } from "./_fake_model.ts";

const params = { epochs: 2, steps: 3, verbose: 0 as const };

test("CallbackList awaits each async callback before calling the next, in list order", async () => {
  const events: string[] = [];
  const slow: CallbackLike = {
    async onEpochEnd(epoch: number): Promise<void> {
      events.push(`slow start ${epoch}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      events.push(`slow end ${epoch}`);
    },
  };
  const fast: CallbackLike = {
    onEpochEnd(epoch: number): void {
      events.push(`fast ${epoch}`);
    },
  };
  const list = new CallbackList([slow, fast], { model: new FakeModel(), params });
  const done = list.onEpochEnd(0);
  events.push("returned");
  await done;
  events.push("awaited");
  assert.deepEqual(events, ["slow start 0", "returned", "slow end 0", "fast 0", "awaited"]);
});

test("CallbackList gives every callback the model and params and the same logs object", async () => {
  const model = new FakeModel();
  const seen: Logs[] = [];
  class Adder extends Callback {
    override onEpochEnd(_epoch: number, logs: Logs = {}): void {
      logs.extra = 1;
    }
  }
  class Reader extends Callback {
    override onEpochEnd(_epoch: number, logs: Logs = {}): void {
      seen.push({ ...logs });
      assert.equal(this.model, model);
      assert.deepEqual(this.params, params);
    }
  }
  const list = new CallbackList([new Adder(), new Reader()], { model, params });
  await list.onEpochEnd(0, { loss: 2 });
  assert.deepEqual(seen, [{ loss: 2, extra: 1 }]);
});

test("every event reaches a plain object's methods with its arguments; missing ones are skipped", async () => {
  const calls: string[] = [];
  const names = [
    "onTrainBegin", "onTrainEnd", "onTestBegin", "onTestEnd", "onPredictBegin", "onPredictEnd",
  ] as const;
  const indexed = [
    "onEpochBegin", "onEpochEnd", "onBatchBegin", "onBatchEnd", "onTestBatchBegin", "onTestBatchEnd",
    "onPredictBatchBegin", "onPredictBatchEnd",
  ] as const;
  const cb: CallbackLike = {};
  for (const n of names) cb[n] = (logs?: Logs) => void calls.push(`${n}(${JSON.stringify(logs)})`);
  for (const n of indexed) cb[n] = (i: number, logs?: Logs) => void calls.push(`${n}(${i},${JSON.stringify(logs)})`);
  const list = new CallbackList([cb, {}], { model: new FakeModel(), params });
  for (const n of names) await list[n]();
  for (const n of indexed) await list[n](4, { loss: 1 });
  assert.deepEqual(calls, [
    ...names.map((n) => `${n}({})`),
    ...indexed.map((n) => `${n}(4,{"loss":1})`),
  ]);
});

test("the Callback base class does nothing and stores model and params", async () => {
  const cb = new Callback();
  const model = new FakeModel();
  await new CallbackList([cb], { model, params }).onEpochEnd(0, { loss: 1 });
  assert.equal(cb.model, model);
  assert.deepEqual(cb.params, params);
});

test("append sets the model and params of the new callback", () => {
  const list = new CallbackList([], { model: new FakeModel(), params });
  const h = new History();
  list.append(h);
  assert.equal(list.callbacks.length, 1);
  assert.deepEqual(h.params, params);
});

test("Keras's order [user, History] lets History record what a user callback adds (lr)", async () => {
  const model = new FakeModel();
  const history = new History();
  await runFit(model, [new LearningRateScheduler((_e, lr) => lr / 2), history], { epochLogs: [{ loss: 1 }, { loss: 0.5 }] });
  assert.deepEqual(history.history, { loss: [1, 0.5], lr: [0.005, 0.0025] });
});

test("CallbackList rejects what is not a list of callback objects", () => {
  const model = new FakeModel();
  assert.throws(() => new CallbackList([null as unknown as CallbackLike], { model, params }), /keras\.callbacks\.CallbackList: callbacks\[0\] is null/);
  assert.throws(() => new CallbackList({} as unknown as CallbackLike[], { model, params }), /callbacks must be an array/);
});
