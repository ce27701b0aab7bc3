import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decode } from "fast-png";
import { Figure } from "../../src/plot/figure.ts";

const fig = Figure.fromSpec({
  width: 100, height: 60, title: "Small",
  data: { values: [{ a: 1, b: 2 }, { a: 2, b: 3 }] },
  mark: "point",
  encoding: { x: { field: "a", type: "quantitative" }, y: { field: "b", type: "quantitative" } },
});

test("Figure: svg, width and height agree with the SVG; toPng honours scale", async () => {
  assert.ok(fig.svg.startsWith("<svg"));
  assert.ok(fig.svg.includes(`width="${fig.width}"`) && fig.svg.includes(`height="${fig.height}"`));
  const one = decode(await fig.toPng());
  assert.deepEqual([one.width, one.height], [fig.width, fig.height]);
  const two = decode(await fig.toPng({ scale: 2 }));
  assert.deepEqual([two.width, two.height], [fig.width * 2, fig.height * 2]);
  await assert.rejects(fig.toPng({ scale: 0 }), /Figure\.toPng: scale must be a positive number; got 0/);
});

test("Figure.save writes SVG or PNG by the extension, atomically, and refuses others", async () => {
  const dir = mkdtempSync(join(tmpdir(), "backprop-plot-"));
  try {
    await fig.save(join(dir, "a.svg"));
    assert.equal(readFileSync(join(dir, "a.svg"), "utf8"), fig.svg);
    await fig.save(join(dir, "sub", "b.PNG"));
    const png = readFileSync(join(dir, "sub", "b.PNG"));
    assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
    assert.equal(decode(png).width, fig.width);
    await assert.rejects(fig.save(join(dir, "c.jpg")), /Figure\.save: .*c\.jpg: unknown extension "\.jpg"; use \.svg or \.png/);
    await assert.rejects(fig.save(join(dir, "noext")), /unknown extension ""/);
    assert.deepEqual(readdirSync(dir).sort(), ["a.svg", "sub"]);
    assert.deepEqual(readdirSync(join(dir, "sub")), ["b.PNG"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("every text of a figure is set in DejaVu Sans", () => {
  const families = new Set([...fig.svg.matchAll(/font-family="([^"]*)"/g)].map((m) => m[1]));
  assert.deepEqual([...families], ["DejaVu Sans"]);
});
