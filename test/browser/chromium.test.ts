/**
 * The library in a real browser: headless Chromium (Debian's, driven by playwright-core) runs
 * test/browser/smoke_entry.ts bundled by esbuild, on a page's main thread (where an engine may refuse
 * to compile the module synchronously: then js runs until the asynchronous compile is done) and in a
 * dedicated worker. Both must end up on the best wasm tier, one thread (no pool in a browser), and
 * give Node's numbers. Runs once per `npm test` (under BACKPROP_BACKEND=wasm), and is skipped where
 * /usr/bin/chromium is missing (`apt-get install -y chromium`; .ci/run installs it).
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { type Browser, chromium } from "playwright-core";
import { type SmokeResult, smoke } from "./smoke_entry.ts";

const CHROMIUM = "/usr/bin/chromium";
const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run",
];
const ENTRY = fileURLToPath(new URL("smoke_entry.ts", import.meta.url));

const skip = !existsSync(CHROMIUM)
  ? `${CHROMIUM} is missing (apt-get install -y chromium)`
  : process.env.BACKPROP_BACKEND === "js" || process.env.BACKPROP_BACKEND === "wasm-simd"
    ? "runs once, under BACKPROP_BACKEND=wasm"
    : false;

let browser: Browser | null = null;
after(async () => {
  await browser?.close();
});

/** The smoke entry as one classic script that defines `backpropSmoke`. */
async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY], bundle: true, format: "iife", globalName: "backpropSmoke", platform: "browser",
    target: "es2022", write: false, logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

declare const backpropSmoke: { smoke: () => Promise<SmokeResult> };

function assertSameNumbers(actual: SmokeResult, expected: SmokeResult, where: string): void {
  const close = (a: number, e: number, what: string): void => {
    assert.ok(Math.abs(a - e) <= 1e-5 * Math.max(1, Math.abs(e)), `${where}: ${what} ${a} vs Node's ${e}`);
  };
  close(actual.productSum, expected.productSum, "sum of the product");
  actual.productSample.forEach((v, i) => close(v, expected.productSample[i], `product entry ${i}`));
  assert.equal(actual.losses.length, 5);
  actual.losses.forEach((v, i) => close(v, expected.losses[i], `loss at step ${i}`));
  assert.ok(actual.losses[4] < actual.losses[0], `${where}: the loss goes down`);
}

test("Chromium runs backprop on the best wasm tier, on a page's main thread and in a worker, with Node's numbers", { skip, timeout: 120_000 }, async () => {
  const [code, node] = await Promise.all([bundle(), smoke()]);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.setContent("<!doctype html><title>backprop</title>");
  await page.addScriptTag({ content: code });
  const main = await page.evaluate(() => backpropSmoke.smoke());
  const worker = await page.evaluate((source) => new Promise<SmokeResult>((resolve, reject) => {
    const url = URL.createObjectURL(new Blob([`${source}\nbackpropSmoke.smoke().then((r) => postMessage(r));`], { type: "text/javascript" }));
    const w = new Worker(url);
    w.onmessage = (e: MessageEvent<SmokeResult>) => resolve(e.data);
    w.onerror = (e) => reject(new Error(e.message));
  }), code);
  assert.deepEqual(errors, []);
  // Chromium ships relaxed SIMD: the best tier, and never a pool (threads are Node-only)
  // a main thread may refuse to compile synchronously (then js runs until the async compile is done)
  assert.ok(["js", "wasm-relaxed-simd"].includes(main.backendAtLoad), `main thread at load: ${main.backendAtLoad}`);
  assert.equal(main.backend, "wasm-relaxed-simd");
  assert.equal(worker.backendAtLoad, "wasm-relaxed-simd", "a worker compiles at once");
  assert.equal(worker.backend, "wasm-relaxed-simd");
  assertSameNumbers(main, node, "main thread");
  assertSameNumbers(worker, node, "worker");
});
