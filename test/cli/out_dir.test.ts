/** `--out` handling of `backprop train`: checked before training, cleaned, filled as one unit. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OutDirError, commitOutputs, prepareOutDir } from "../../src/cli/out_dir.ts";

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "backprop-out-"));
  try {
    fn(dir);
  } finally {
    chmodSync(dir, 0o700);
    rmSync(dir, { recursive: true, force: true });
  }
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

test("prepareOutDir: creates missing levels one by one and leaves no probe behind", () => {
  withDir((dir) => {
    const out = join(dir, "a", "b", "c");
    assert.deepEqual(prepareOutDir(out), []);
    assert.deepEqual(readdirSync(out), []);
  });
});

test("prepareOutDir: /proc, /sys and /dev are refused at once, never handed to a recursive mkdir", () => {
  for (const out of ["/proc/x", "/proc/self/x/y", "/sys/x", "/dev/x"]) {
    assert.throws(() => prepareOutDir(out), (e: unknown) => e instanceof OutDirError && /--out '.*' is under \/(proc|sys|dev), which holds no real files/.test(e.message), out);
  }
});

test("prepareOutDir: a file in the way or an unwritable folder is an OutDirError naming --out", () => {
  withDir((dir) => {
    writeFileSync(join(dir, "file"), "x");
    assert.throws(() => prepareOutDir(join(dir, "file", "sub")), /--out '.*file\/sub': '.*file' is not a folder/);
    assert.throws(() => prepareOutDir(join(dir, "file")), /is not a folder/);
    if (process.getuid?.() !== 0) {
      const locked = join(dir, "locked");
      mkdirSync(locked, 0o500);
      assert.throws(() => prepareOutDir(locked), /--out '.*locked' is not writable \(EACCES\)/);
      assert.throws(() => prepareOutDir(join(locked, "sub")), /cannot create '.*locked\/sub' \(EACCES\)/);
    }
  });
});

test("prepareOutDir: removes stale writeFileAtomic temporaries of other processes, keeps everything else", () => {
  withDir((out) => {
    const old = new Date(Date.now() - 60_000);
    const stale = "model.safetensors.tmp-999999-0123456789ab";
    const fresh = "metrics.json.tmp-999998-0123456789ab";
    const mine = `loss.png.tmp-${process.pid}-0123456789ab`;
    const lookalike = "notes.tmp-12-xyz";
    for (const name of [stale, fresh, mine, lookalike, "model.safetensors"]) writeFileSync(join(out, name), "x");
    for (const name of [stale, mine, lookalike, "model.safetensors"]) utimesSync(join(out, name), old, old);
    const start = Date.now() - 1000;
    utimesSync(join(out, fresh), new Date(start + 500), new Date(start + 500));
    assert.deepEqual(prepareOutDir(out, start), [stale]);
    assert.deepEqual(readdirSync(out).sort(), [mine, fresh, "model.safetensors", lookalike].sort());
  });
});

test("commitOutputs: all files land together and the staging folder goes", () => {
  withDir((out) => {
    commitOutputs(out, new Map([["model.safetensors", bytes("new model")], ["metrics.json", bytes("new metrics")]]));
    assert.deepEqual(readdirSync(out).sort(), ["metrics.json", "model.safetensors"]);
    assert.equal(readFileSync(join(out, "metrics.json"), "utf8"), "new metrics");
  });
});

test("commitOutputs: a failure between the staged files leaves the old set untouched; the next run discards the stage", () => {
  withDir((out) => {
    commitOutputs(out, new Map([["model.safetensors", bytes("old model")], ["metrics.json", bytes("old metrics")]]));
    const kill = new Error("killed");
    assert.throws(() => commitOutputs(out, new Map([["model.safetensors", bytes("new model")], ["metrics.json", bytes("new metrics")]]), {
      afterFile: (name) => {
        if (name === "model.safetensors") throw kill;
      },
    }), kill);
    assert.equal(readFileSync(join(out, "model.safetensors"), "utf8"), "old model");
    assert.equal(readFileSync(join(out, "metrics.json"), "utf8"), "old metrics");
    assert.equal(prepareOutDir(out).length, 1);
    assert.deepEqual(readdirSync(out).sort(), ["metrics.json", "model.safetensors"]);
    assert.equal(readFileSync(join(out, "model.safetensors"), "utf8"), "old model");
  });
});

test("commitOutputs: a failure between the renames is rolled forward by the next run: never a new model beside old metrics", () => {
  withDir((out) => {
    commitOutputs(out, new Map([["model.safetensors", bytes("old model")], ["metrics.json", bytes("old metrics")]]));
    const kill = new Error("killed");
    assert.throws(() => commitOutputs(out, new Map([["model.safetensors", bytes("new model")], ["metrics.json", bytes("new metrics")]]), {
      afterRename: (name) => {
        if (name === "model.safetensors") throw kill;
      },
    }), kill);
    const staging = readdirSync(out).filter((n) => n.startsWith(".commit-"));
    assert.equal(staging.length, 1, "the journal stays until the next run");
    assert.deepEqual(prepareOutDir(out), staging);
    assert.deepEqual(readdirSync(out).sort(), ["metrics.json", "model.safetensors"]);
    assert.equal(readFileSync(join(out, "model.safetensors"), "utf8"), "new model");
    assert.equal(readFileSync(join(out, "metrics.json"), "utf8"), "new metrics");
    assert.ok(!existsSync(join(out, staging[0])));
  });
});
