/**
 * `backprop playground`: its arguments, and the static server it runs (index at `/`, content types,
 * 404 for missing files and for paths that try to leave the folder).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { buildPlayground, parsePlaygroundArgs, serveStatic } from "../../src/cli/playground.ts";

test("backprop playground: --port and --open, defaults, and wrong ports", () => {
  assert.deepEqual(parsePlaygroundArgs([]), { port: 4173, open: false });
  assert.deepEqual(parsePlaygroundArgs(["--port", "8080", "--open"]), { port: 8080, open: true });
  assert.equal(parsePlaygroundArgs(["--help"]), "help");
  assert.throws(() => parsePlaygroundArgs(["--port", "http"]), /--port must be an integer in 0\.\.65535, got 'http'/);
  assert.throws(() => parsePlaygroundArgs(["--port", "70000"]), /--port must be/);
  assert.throws(() => parsePlaygroundArgs(["--colour"]), /Unknown option '--colour'/);
});

/** GETs a raw path (not normalised by a URL parser) and returns the status, type and body. */
function get(port: number, path: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: "GET" }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"]), body }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("the playground's server: index at /, files with their types, 404 outside the folder", async () => {
  const dir = mkdtempSync(join(tmpdir(), "bp-playground-"));
  const outside = mkdtempSync(join(tmpdir(), "bp-outside-"));
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>pg</title>");
  writeFileSync(join(dir, "app.js"), "console.log(1)");
  writeFileSync(join(dir, "k.wasm"), new Uint8Array([0, 97, 115, 109]));
  writeFileSync(join(outside, "secret.txt"), "secret");
  const server = await serveStatic(dir, 0);
  const { port } = server.address() as AddressInfo;
  try {
    const index = await get(port, "/?dataset=xor");
    assert.equal(index.status, 200);
    assert.match(index.type, /^text\/html/);
    assert.match(index.body, /<title>pg<\/title>/);
    assert.match((await get(port, "/app.js")).type, /^text\/javascript/);
    assert.equal((await get(port, "/k.wasm")).type, "application/wasm");
    assert.equal((await get(port, "/missing.js")).status, 404);
    const escape = await get(port, `/..%2F${outside.split("/").pop()}%2Fsecret.txt`);
    assert.equal(escape.status, 404);
    assert.doesNotMatch(escape.body, /secret/);
  } finally {
    server.close();
    rmSync(dir, { recursive: true });
    rmSync(outside, { recursive: true });
  }
});

test("the playground builds (Vite, playground/vite.config.ts) to static files with relative paths", { timeout: 60_000 }, async () => {
  const out = mkdtempSync(join(tmpdir(), "bp-playground-build-"));
  try {
    await buildPlayground(out);
    const html = readFileSync(join(out, "index.html"), "utf8");
    assert.match(html, /<script type="module" crossorigin src="\.\/assets\/index-[\w-]+\.js"><\/script>/);
    assert.doesNotMatch(html, /(src|href)="(\/|https?:)/, "no absolute or remote paths");
    const assets = readdirSync(join(out, "assets"));
    const worker = assets.find((f) => /^worker-[\w-]+\.js$/.test(f));
    assert.ok(worker !== undefined, `a worker chunk among ${assets.join(", ")}`);
    const page = readFileSync(join(out, "assets", assets.find((f) => /^index-[\w-]+\.js$/.test(f))!), "utf8");
    assert.ok(page.includes(worker), "the page starts the worker by its relative URL");
    assert.doesNotMatch(readFileSync(join(out, "assets", worker), "utf8"), /from\s*["']node:/, "the worker imports no Node built-in");
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
