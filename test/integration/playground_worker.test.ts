/**
 * The playground's training worker (playground/src/worker.ts) in headless Chromium, as the page starts it:
 * bundled as an ES module (esbuild, no externals), run as a module Worker, driven only by the protocol's
 * messages. Its first losses equal Node's Trainer's, a step is an epoch, and while playing it posts
 * snapshots with training steps between them, no more than ~30 a second. Prints the steps per second of a
 * 6x8 ReLU network in the worker. Skipped where /usr/bin/chromium is missing.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { type Browser, chromium } from "playwright-core";
import { DEFAULT_STATE, type PlaygroundState } from "../../playground/src/state.ts";
import { Trainer } from "../../playground/src/trainer.ts";

const CHROMIUM = "/usr/bin/chromium";
const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run",
];
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (apt-get install -y chromium)`;
const WORKER = fileURLToPath(new URL("../../playground/src/worker.ts", import.meta.url));

let browser: Browser | null = null;
let server: Server | null = null;
after(async () => {
  await browser?.close();
  server?.close();
});

interface Seen {
  backend: string;
  losses: [number, number][];
  steps: number[];
  playing: boolean[];
  times: number[];
  errors: string[];
}

test("the training worker runs in Chromium with Node's numbers and posts at most ~30 snapshots a second", { skip, timeout: 90_000 }, async () => {
  const code = (await build({
    entryPoints: [WORKER], bundle: true, format: "esm", platform: "browser", target: "es2022", write: false, logLevel: "silent",
  })).outputFiles[0].text;
  server = createServer((req, res) => {
    if (req.url === "/worker.js") res.writeHead(200, { "Content-Type": "text/javascript" }).end(code);
    else res.writeHead(200, { "Content-Type": "text/html" }).end("<!doctype html><title>worker</title>");
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  const state: PlaygroundState = { ...DEFAULT_STATE, hidden: [8, 8, 8, 8, 8, 8], activation: "relu" };
  const seen = await page.evaluate((s) => new Promise<Seen>((resolve, reject) => {
    const out: Seen = { backend: "", losses: [], steps: [], playing: [], times: [], errors: [] };
    const w = new Worker("/worker.js", { type: "module" });
    w.onerror = (e) => reject(new Error(`worker failed: ${e.message}`));
    w.onmessage = (e: MessageEvent) => {
      const m = e.data as { type: string; message?: string; backend: string; playing: boolean; snapshot: { trainLoss: number; testLoss: number; steps: number } };
      if (m.type === "error") { out.errors.push(m.message ?? ""); return; }
      out.backend = m.backend;
      out.losses.push([m.snapshot.trainLoss, m.snapshot.testLoss]);
      out.steps.push(m.snapshot.steps);
      out.playing.push(m.playing);
      out.times.push(performance.now());
      if (out.losses.length === 2) w.postMessage({ type: "play" });
      if (out.losses.length === 2 + 45) { w.postMessage({ type: "pause" }); }
      if (out.playing.length > 2 + 45 && !m.playing) resolve(out);
    };
    w.postMessage({ type: "init", state: s });
    w.postMessage({ type: "step" });
  }), state);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(seen.errors, []);
  assert.match(seen.backend, /^wasm/);
  const node = new Trainer(state);
  const close = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) <= 1e-5, `${what}: ${a} vs Node's ${b}`);
  close(seen.losses[0][0], node.losses().train, "first train loss");
  close(seen.losses[0][1], node.losses().test, "first test loss");
  node.step();
  assert.equal(seen.steps[1], 25, "a step is an epoch of batches");
  close(seen.losses[1][0], node.losses().train, "train loss after one epoch");
  const playing = seen.times.slice(2, 2 + 45);
  const gaps = playing.slice(1).map((t, i) => t - playing[i]);
  const meanGap = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  assert.ok(meanGap >= 30, `snapshots ${meanGap.toFixed(1)} ms apart on average: no more than ~30 a second`);
  const stepsPlayed = seen.steps[2 + 44] - seen.steps[2];
  assert.ok(stepsPlayed > 44 * 5, `several training steps between snapshots (${stepsPlayed} in 44 frames)`);
  assert.ok(seen.losses[2 + 44][0] < seen.losses[0][0], "the loss goes down while playing");
  const seconds = (playing[44] - playing[0]) / 1000;
  console.log(`# 6x8 ReLU in the worker (${seen.backend}): ${(stepsPlayed / seconds).toFixed(0)} steps/s, `
    + `${(44 / seconds).toFixed(1)} snapshots/s`);
});
