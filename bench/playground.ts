/**
 * The playground's speed in Chromium, from the page's own timing: frames per second (its
 * requestAnimationFrame loop) and training steps per second (the worker's step counts over time),
 * sampled every second while a network trains, for the 6 x 8 network and two smaller ones,
 * plus the idle page. Prints one row per configuration: median and worst second.
 *
 *   npx tsx bench/playground.ts                 # 8 s per configuration
 *   npx tsx bench/playground.ts --seconds 20
 */
import { existsSync } from "node:fs";
import { CHROMIUM, openPlayground } from "../scripts/playground_browser.ts";

const CONFIGS: { name: string; query: string; play: boolean }[] = [
  { name: "idle page (default 4-2 tanh, paused)", query: "", play: false },
  { name: "default 4-2 tanh, circle", query: "?dataset=circle", play: true },
  { name: "6 x 8 ReLU, spiral", query: "?dataset=spiral&hidden=8,8,8,8,8,8&activation=relu", play: true },
  { name: "6 x 8 sigmoid, circle (deep-sigmoid preset)", query: "?dataset=circle&seed=5&hidden=8,8,8,8,8,8&activation=sigmoid", play: true },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 === 1 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function main(): Promise<void> {
  const at = process.argv.indexOf("--seconds");
  const seconds = at >= 0 ? Number(process.argv[at + 1]) : 8;
  if (!(seconds >= 2)) throw new Error("--seconds must be at least 2");
  if (!existsSync(CHROMIUM)) {
    console.log(`bench/playground: ${CHROMIUM} is missing (apt-get install -y chromium); nothing measured`);
    return;
  }
  const pg = await openPlayground();
  try {
    console.log(`playground in headless Chromium, ${seconds} s per configuration (the first second is dropped)`);
    console.log("configuration                                  fps median  fps worst  longest frame ms  steps/s median  draw ms");
    for (const config of CONFIGS) {
      const page = await pg.browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.goto(`${pg.origin}/${config.query}`);
      await page.waitForFunction(() => document.querySelector('[data-testid="train-loss"]')?.getAttribute("data-value") != null);
      if (config.play) await page.getByRole("button", { name: "Play" }).click();
      await page.waitForTimeout(1000);
      const fps: number[] = [];
      const steps: number[] = [];
      const draw: number[] = [];
      const longest: number[] = [];
      for (let i = 1; i < seconds; i++) {
        await page.waitForTimeout(1000);
        const d = await page.evaluate(() => ({ ...document.body.dataset }));
        fps.push(Number(d.fps));
        steps.push(Number(d.stepsPerSecond));
        if (d.drawMs !== undefined) draw.push(Number(d.drawMs));
        longest.push(Number(d.longestFrameMs));
      }
      console.log(`${config.name.padEnd(46)} ${median(fps).toFixed(1).padStart(10)} ${Math.min(...fps).toFixed(1).padStart(10)} ${Math.max(...longest).toFixed(0).padStart(17)} ${median(steps).toFixed(0).padStart(15)} ${median(draw).toFixed(1).padStart(8)}`);
      await page.close();
    }
  } finally {
    await pg.close();
  }
}

await main();
