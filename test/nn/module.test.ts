import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import * as bp from "../../src/index.ts";
import * as nn from "../../src/nn/index.ts";

/** The seed's MNIST network. */
class Net extends nn.Module {
  fc1: nn.Linear;
  fc2: nn.Linear;

  constructor() {
    super();
    this.fc1 = new nn.Linear(28 * 28, 128);
    this.fc2 = new nn.Linear(128, 10);
  }

  override forward(x: bp.Tensor): bp.Tensor {
    const h = x.view(-1, 28 * 28);
    return this.fc2.forward(nn.functional.relu(this.fc1.forward(h)));
  }
}

/** Submodules in a Sequential, an array, a direct Parameter and a buffer. */
class Deep extends nn.Module {
  scale = new nn.Parameter(bp.ones(1));
  block = new nn.Sequential(new nn.Linear(4, 3), new nn.ReLU(), new nn.Dropout(0.5));
  layers = [new nn.Linear(3, 3), new nn.Tanh(), new nn.Linear(3, 2)];
  notState = bp.zeros(2);

  constructor() {
    super();
    this.registerBuffer("runningMean", bp.zeros(2));
  }

  override forward(x: bp.Tensor): bp.Tensor {
    let h = this.block.forward(x).mul(this.scale);
    for (const l of this.layers) h = l.forward(h);
    return h;
  }
}

test("parameters held in fields are found, named like PyTorch, in registration order", () => {
  const net = new Net();
  assert.deepEqual(net.namedParameters().map(([n]) => n), ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]);
  assert.equal(net.parameters().length, 4);
  assert.equal(net.parameters()[0], net.fc1.weight);
  assert.deepEqual(net.namedChildren().map(([n]) => n), ["fc1", "fc2"]);
  assert.deepEqual(net.children(), [net.fc1, net.fc2]);
  assert.deepEqual(net.namedModules().map(([n]) => n), ["", "fc1", "fc2"]);
  assert.equal(net.modules()[0], net);
  assert.equal(net.parameters(false).length, 0);
});

test("nested Sequentials, arrays of modules, direct Parameters and buffers are discovered", () => {
  const m = new Deep();
  assert.deepEqual(m.namedParameters().map(([n]) => n), [
    "scale", "block.0.weight", "block.0.bias", "layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias",
  ]);
  assert.deepEqual(m.namedModules().map(([n]) => n), ["", "block", "block.0", "block.1", "block.2", "layers.0", "layers.1", "layers.2"]);
  assert.deepEqual(m.namedBuffers().map(([n]) => n), ["runningMean"]);
  assert.deepEqual(Object.keys(m.stateDict()), [
    "scale", "runningMean", "block.0.weight", "block.0.bias", "layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias",
  ]);
  assert.deepEqual(m.namedParameters({ prefix: "model" }).slice(0, 2).map(([n]) => n), ["model.scale", "model.block.0.weight"]);
  assert.deepEqual(m.namedParameters({ recurse: false }).map(([n]) => n), ["scale"]);
  assert.deepEqual(m.forward(bp.randn(5, 4)).shape, [5, 2]);
});

test("a parameter shared by two modules is listed once by parameters() and under both names by stateDict()", () => {
  class Tied extends nn.Module {
    a = new nn.Linear(3, 3);
    b = new nn.Linear(3, 3);
    constructor() {
      super();
      this.b.weight = this.a.weight;
    }
  }
  const t = new Tied();
  assert.deepEqual(t.namedParameters().map(([n]) => n), ["a.weight", "a.bias", "b.bias"]);
  assert.deepEqual(Object.keys(t.stateDict()), ["a.weight", "a.bias", "b.weight", "b.bias"]);
});

test("the seed's Net prints like PyTorch's repr", () => {
  assert.equal(
    String(new Net()),
    "Net(\n  (fc1): Linear(in_features=784, out_features=128, bias=True)\n  (fc2): Linear(in_features=128, out_features=10, bias=True)\n)",
  );
  assert.equal(inspect(new Net()), String(new Net()));
  assert.equal(
    String(new Deep()),
    [
      "Deep(",
      "  (block): Sequential(",
      "    (0): Linear(in_features=4, out_features=3, bias=True)",
      "    (1): ReLU()",
      "    (2): Dropout(p=0.5, inplace=False)",
      "  )",
      "  (layers): ModuleList(",
      "    (0): Linear(in_features=3, out_features=3, bias=True)",
      "    (1): Tanh()",
      "    (2): Linear(in_features=3, out_features=2, bias=True)",
      "  )",
      ")",
    ].join("\n"),
  );
});

test("stateDict holds detached tensors sharing the parameters' data; a round trip reproduces the outputs", () => {
  bp.manualSeed(1);
  const a = new Net();
  const b = new Net();
  const x = bp.randn(2, 784);
  assert.notDeepEqual(Array.from(a.forward(x).data), Array.from(b.forward(x).data));
  const state = a.stateDict();
  assert.deepEqual(Object.keys(state), ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]);
  assert.equal(state["fc1.weight"].requiresGrad, false);
  assert.equal(state["fc1.weight"].data, a.fc1.weight.data);
  assert.equal(a.stateDict({ keepVars: true })["fc1.weight"], a.fc1.weight);
  const result = b.loadStateDict(state);
  assert.deepEqual(result, { missingKeys: [], unexpectedKeys: [] });
  assert.deepEqual(Array.from(b.forward(x).data), Array.from(a.forward(x).data));
  assert.notEqual(b.fc1.weight.data, a.fc1.weight.data, "loading copies the values");
  assert.ok(b.fc1.weight.requiresGrad && b.fc1.weight instanceof nn.Parameter);
});

test("loadStateDict lists missing and unexpected keys, and names a shape mismatch with both shapes", () => {
  const net = new Net();
  const state = net.stateDict();
  const { "fc2.bias": _dropped, ...partial } = state;
  assert.throws(
    () => net.loadStateDict({ ...partial, "fc3.weight": bp.zeros(1) }),
    { message: 'Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "fc2.bias".\n\tUnexpected key(s) in state_dict: "fc3.weight".' },
  );
  assert.throws(
    () => net.loadStateDict({ ...state, "fc1.weight": bp.zeros(10, 5) }),
    /size mismatch for fc1\.weight: copying a param with shape \[10, 5\] from checkpoint, the shape in current model is \[128, 784\]/,
  );
  // non-strict loading reports the keys and still refuses shape mismatches
  const before = Array.from(net.fc1.bias!.data);
  const r = net.loadStateDict({ "fc1.bias": bp.ones(128), extra: bp.ones(1) }, { strict: false });
  assert.deepEqual(r, { missingKeys: ["fc1.weight", "fc2.weight", "fc2.bias"], unexpectedKeys: ["extra"] });
  assert.ok(Array.from(net.fc1.bias!.data).every((v) => v === 1));
  assert.notDeepEqual(before, Array.from(net.fc1.bias!.data));
  assert.throws(() => net.loadStateDict({ "fc1.bias": bp.ones(3) }, { strict: false }), /size mismatch for fc1\.bias/);
  // nothing is copied when loading fails
  const w = Array.from(net.fc2.weight.data);
  assert.throws(() => net.loadStateDict({ ...state, "fc2.weight": bp.zeros(10, 128), "fc1.bias": bp.zeros(7) }));
  assert.deepEqual(Array.from(net.fc2.weight.data), w);
});

test("loadStateDict converts dtypes", () => {
  const fc = new nn.Linear(2, 2);
  fc.loadStateDict({ weight: bp.tensor([[1, 2], [3, 4]], { dtype: "float64" }), bias: bp.tensor([5, 6], { dtype: "int32" }) });
  assert.equal(fc.weight.dtype, "float32");
  assert.deepEqual(fc.bias!.toArray(), [5, 6]);
});

test("train() and eval() propagate to every submodule and return the module", () => {
  const m = new Deep();
  assert.ok(m.modules().every((x) => x.training));
  assert.equal(m.eval(), m);
  assert.ok(m.modules().every((x) => !x.training));
  assert.equal(m.layers[1].training, false);
  m.train();
  assert.ok(m.modules().every((x) => x.training));
  m.block.train(false);
  assert.equal(m.training, true);
  assert.equal(m.block.at(2).training, false);
  // Dropout inside follows the mode
  m.eval();
  const x = bp.randn(3, 4);
  assert.deepEqual(Array.from(m.forward(x).data), Array.from(m.forward(x).data));
});

test("zeroGrad fills gradients with zeros in place (PyTorch 1.13) or sets them to null", () => {
  const net = new Net();
  assert.doesNotThrow(() => net.zeroGrad());
  net.forward(bp.randn(2, 784)).sum().backward();
  const g = net.fc1.weight.grad!;
  assert.ok(Array.from(g.data).some((v) => v !== 0));
  net.zeroGrad();
  assert.equal(net.fc1.weight.grad, g);
  assert.ok(net.parameters().every((p) => p.grad !== null && Array.from(p.grad.data).every((v) => v === 0)));
  net.zeroGrad({ setToNone: true });
  assert.ok(net.parameters().every((p) => p.grad === null));
});

test("gradients accumulate over two backward passes until zeroGrad", () => {
  const fc = new nn.Linear(2, 1);
  const x = bp.tensor([[1, 2]]);
  fc.forward(x).sum().backward();
  const once = Array.from(fc.weight.grad!.data);
  fc.forward(x).sum().backward();
  assert.deepEqual(Array.from(fc.weight.grad!.data), once.map((v) => 2 * v));
  fc.zeroGrad();
  fc.forward(x).sum().backward();
  assert.deepEqual(Array.from(fc.weight.grad!.data), once);
});

test("apply visits children first, then the module", () => {
  const net = new Net();
  const seen: string[] = [];
  assert.equal(net.apply((m) => seen.push(m.constructor.name)), net);
  assert.deepEqual(seen, ["Linear", "Linear", "Net"]);
  net.apply((m) => {
    if (m instanceof nn.Linear) nn.init.zeros_(m.bias!);
  });
  assert.ok(Array.from(net.fc2.bias!.data).every((v) => v === 0));
});

test("to('float64') converts every parameter and buffer, keeping Parameters and requiresGrad", () => {
  const m = new Deep();
  m.layers[0].requiresGrad_(false);
  assert.equal(m.double(), m);
  assert.ok(m.parameters().every((p) => p.dtype === "float64" && p instanceof nn.Parameter));
  assert.equal(m.buffers()[0].dtype, "float64");
  assert.equal((m.layers[0] as nn.Linear).weight.requiresGrad, false);
  assert.equal((m.layers[2] as nn.Linear).weight.requiresGrad, true);
  const x = bp.randn([2, 4], { dtype: "float64", requiresGrad: true });
  m.eval();
  assert.ok(bp.autograd.gradcheck((t) => m.forward(t), [x]));
  m.float();
  assert.ok(m.parameters().every((p) => p.dtype === "float32"));
});

test("requiresGrad_(false) freezes every parameter", () => {
  const net = new Net();
  net.fc1.requiresGrad_(false);
  net.forward(bp.randn(1, 784)).sum().backward();
  assert.equal(net.fc1.weight.grad, null);
  assert.notEqual(net.fc2.weight.grad, null);
});

test("a Module without forward says so; registration validates names and types", () => {
  class Empty extends nn.Module {}
  assert.throws(() => new Empty().forward(bp.zeros(1)), /Module \[Empty\] is missing the required "forward" function/);
  const m = new Empty();
  assert.throws(() => m.registerParameter("a.b", new nn.Parameter(bp.zeros(1))), /name can't contain "\."/);
  assert.throws(() => m.registerParameter("w", bp.zeros(1) as nn.Parameter), /registerParameter: "w" must be a Parameter/);
  assert.throws(() => m.registerModule("x", {} as nn.Module), /registerModule: "x" is not a Module/);
  m.registerParameter("w", new nn.Parameter(bp.zeros(2)));
  m.registerModule("sub", new nn.Linear(1, 1));
  m.registerBuffer("buf", bp.ones(1));
  assert.deepEqual(m.namedParameters().map(([n]) => n), ["w", "sub.weight", "sub.bias"]);
  assert.deepEqual(Object.keys(m.stateDict()), ["w", "buf", "sub.weight", "sub.bias"]);
  assert.equal(String(m), "Empty(\n  (sub): Linear(in_features=1, out_features=1, bias=True)\n)");
});

test("one SGD step on the seed's Net lowers the cross-entropy of a batch", () => {
  bp.manualSeed(3);
  const net = new Net();
  const x = bp.randn(16, 1, 28, 28);
  const y = bp.randint(0, 10, [16]);
  const lossFn = new nn.CrossEntropyLoss();
  const losses: number[] = [];
  for (let step = 0; step < 5; step++) {
    net.zeroGrad();
    const loss = lossFn.forward(net.forward(x), y);
    losses.push(loss.item());
    loss.backward();
    bp.noGrad(() => {
      for (const p of net.parameters()) p.sub_(p.grad!.mul(0.1));
    });
  }
  assert.ok(losses[4] < losses[0] - 0.1, `losses ${losses}`);
});
