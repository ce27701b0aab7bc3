/**
 * `backprop playground [--port P] [--open]`: serves the web playground's static files (playground/dist)
 * on 127.0.0.1 with node:http, building them first with Vite's JS API when dist is missing, and prints
 * the URL. Nothing is fetched from elsewhere: the page, its worker and backprop's wasm are all in dist.
 */
import { parseArgs } from "node:util";
import { createServer, type Server } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { spawn } from "node:child_process";
import type { AddressInfo } from "node:net";

const HELP = `usage: backprop playground [options]

Serves the web playground (TF Playground rebuilt on backprop) on http://127.0.0.1:<port>/, building
it first (Vite) if playground/dist is missing.

options:
  --port <n>    port (default 4173; 0 picks a free one)
  --open        open the page in the default browser
  -h, --help    this help`;

/** The playground's folder: two levels above this file, in src/cli/ as in dist/cli/. */
const PLAYGROUND = fileURLToPath(new URL("../../playground/", import.meta.url));

/** Options of `backprop playground`. */
export interface PlaygroundOptions {
  port: number;
  open: boolean;
}

/** A wrong command line: one line on stderr and exit code 2. */
class UsageError extends Error {}

/**
 * Parses `backprop playground` arguments.
 * @example parsePlaygroundArgs(["--port", "8080"]); // { port: 8080, open: false }
 */
export function parsePlaygroundArgs(args: string[]): PlaygroundOptions | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args, strict: true, allowPositionals: false,
      options: { port: { type: "string" }, open: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    }));
  } catch (error) {
    throw new UsageError((error instanceof Error ? error.message : String(error)).split("\n")[0]);
  }
  if (values.help === true) return "help";
  const port = Number(values.port ?? "4173");
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer in 0..65535, got '${values.port}'`);
  return { port, open: values.open === true };
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".wasm": "application/wasm", ".json": "application/json", ".svg": "image/svg+xml",
  ".png": "image/png", ".ico": "image/x-icon", ".map": "application/json", ".txt": "text/plain; charset=utf-8",
};

/**
 * A static file server for `dir` on 127.0.0.1: `/` is index.html, paths cannot leave `dir`, unknown
 * paths get 404. Resolves once listening (`port` 0 picks a free one).
 * @example const server = await serveStatic("playground/dist", 0);
 */
export async function serveStatic(dir: string, port: number): Promise<Server> {
  const root = normalize(dir.endsWith(sep) ? dir : dir + sep);
  const server = createServer((req, res) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    } catch {
      res.writeHead(400).end("bad request");
      return;
    }
    const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found");
      return;
    }
    res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream", "Cache-Control": "no-cache" });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return server;
}

/**
 * Builds the playground into `outDir` (default playground/dist) with Vite's JS API and
 * playground/vite.config.ts.
 * @example await buildPlayground();
 */
export async function buildPlayground(outDir?: string): Promise<void> {
  const vite = await import("vite");
  await vite.build({
    configFile: join(PLAYGROUND, "vite.config.ts"), root: PLAYGROUND, logLevel: "warn",
    ...(outDir === undefined ? {} : { build: { outDir, emptyOutDir: true } }),
  });
}

/** Opens `url` in the default browser, quietly doing nothing when no opener exists. */
function openBrowser(url: string): void {
  const [cmd, args] = process.platform === "darwin" ? ["open", [url]] : process.platform === "win32" ? ["cmd", ["/c", "start", "", url]] : ["xdg-open", [url]];
  const child = spawn(cmd, args, { detached: true, stdio: "ignore" });
  child.on("error", () => console.error(`backprop playground: could not open a browser; visit ${url}`));
  child.unref();
}

/**
 * Runs `backprop playground`: resolves with the exit code once the server closes (Ctrl-C).
 * @example process.exitCode = await runPlayground(["--port", "8080"]);
 */
export async function runPlayground(args: string[]): Promise<number> {
  let options: PlaygroundOptions | "help";
  try {
    options = parsePlaygroundArgs(args);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`backprop playground: ${error.message}`);
      return 2;
    }
    throw error;
  }
  if (options === "help") {
    console.log(HELP);
    return 0;
  }
  const dist = join(PLAYGROUND, "dist");
  if (!existsSync(join(dist, "index.html"))) {
    console.log("building the playground (playground/dist) ...");
    await buildPlayground();
  }
  const server = await serveStatic(dist, options.port);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  console.log(`backprop playground: ${url}`);
  if (options.open) openBrowser(url);
  return new Promise<number>((resolve) => {
    const stop = (): void => {
      server.close(() => resolve(0));
      server.closeAllConnections();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
