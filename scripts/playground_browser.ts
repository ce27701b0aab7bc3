/**
 * The built playground in headless Chromium, for the scripts that measure it or photograph it
 * (bench/playground.ts, scripts/playground-screenshots.ts): builds the page with Vite's JS API into a
 * temporary folder, serves it like `backprop playground`, and launches Debian's /usr/bin/chromium
 * through playwright-core (never a downloaded browser).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { type Browser, chromium } from "playwright-core";
import { build } from "vite";
import { playgroundConfig } from "../playground/vite.config.ts";
import { serveStatic } from "../src/cli/playground.ts";

/** Debian's Chromium, as the tests use it. */
export const CHROMIUM = "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

/** A served build and a browser; `close()` stops both and removes the build. */
export interface PlaygroundBrowser {
  browser: Browser;
  /** e.g. "http://127.0.0.1:40123" */
  origin: string;
  close(): Promise<void>;
}

/**
 * Builds, serves and launches.
 * @example
 * const pg = await openPlayground();
 * const page = await pg.browser.newPage();
 * await page.goto(`${pg.origin}/?dataset=spiral`);
 * await pg.close();
 */
export async function openPlayground(): Promise<PlaygroundBrowser> {
  const dist = mkdtempSync(join(tmpdir(), "bp-playground-"));
  await build({ ...playgroundConfig(dist), logLevel: "error" });
  const server = await serveStatic(dist, 0);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  return {
    browser,
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      await browser.close();
      server.close();
      rmSync(dist, { recursive: true, force: true });
    },
  };
}
