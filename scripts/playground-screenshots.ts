/**
 * Regenerates the playground's screenshots in docs/playground/ (for the README): the idle page, the
 * spiral being learned by a 6 x 8 ReLU network, and the deep-sigmoid preset with its gradient chart.
 * Uses Debian's Chromium through playwright-core, like the tests.
 *
 *   npx tsx scripts/playground-screenshots.ts
 */
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { CHROMIUM, openPlayground } from "./playground_browser.ts";

const OUT = fileURLToPath(new URL("../docs/playground/", import.meta.url));

async function ready(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-testid="train-loss"]')?.getAttribute("data-value") != null);
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install -y chromium)`);
  mkdirSync(OUT, { recursive: true });
  const pg = await openPlayground();
  try {
    const page = await pg.browser.newPage({ viewport: { width: 1360, height: 820 } });
    await page.goto(`${pg.origin}/`);
    await ready(page);
    await page.screenshot({ path: `${OUT}idle.png` });

    await page.goto(`${pg.origin}/?dataset=spiral&hidden=8,8,8,8,8,8&activation=relu`);
    await ready(page);
    await page.getByRole("button", { name: "Play" }).click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="epoch"]')?.textContent) >= 600, null, { timeout: 120_000 });
    await page.getByRole("button", { name: "Pause" }).click();
    await page.screenshot({ path: `${OUT}spiral.png` });

    await page.goto(`${pg.origin}/`);
    await ready(page);
    await page.getByLabel("Presets").selectOption("deep-sigmoid");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="neuron"]').length === 48);
    await page.getByRole("button", { name: "Play" }).click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="epoch"]')?.textContent) >= 200, null, { timeout: 120_000 });
    await page.getByRole("button", { name: "Pause" }).click();
    await page.screenshot({ path: `${OUT}deep-sigmoid.png` });
    console.log(`wrote ${OUT}idle.png, spiral.png, deep-sigmoid.png`);
  } finally {
    await pg.close();
  }
}

await main();
