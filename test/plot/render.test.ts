import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { decode } from "fast-png";
import { FONT_FAMILY, configure, renderSpec, svgToPng } from "../../src/plot/render.ts";

const spec = {
  width: 120, height: 80, title: "Render",
  data: { values: [{ a: 1, b: 2 }, { a: 3, b: 1 }] },
  mark: "line",
  encoding: { x: { field: "a", type: "quantitative" }, y: { field: "b", type: "quantitative" } },
};

test("renderSpec: synchronous SVG with the data rectangle inside the figure", () => {
  const { svg, width, height, layout } = renderSpec(spec);
  assert.ok(svg.startsWith("<svg") && svg.includes("Render"));
  assert.equal(layout.plot.width, 120);
  assert.equal(layout.plot.height, 80);
  assert.ok(layout.plot.x > 0 && layout.plot.x + 120 < width && layout.plot.y > 0 && layout.plot.y + 80 < height);
  assert.ok(svg.includes(`font-family="${FONT_FAMILY}"`));
});

test("outside Node, toPng asks for plot.configure; with the wasm and font handed over, it renders", async () => {
  const proc = process as unknown as { getBuiltinModule?: unknown };
  const saved = proc.getBuiltinModule;
  const require = createRequire(import.meta.url);
  const wasm = readFileSync(require.resolve("@resvg/resvg-wasm/index_bg.wasm"));
  const font = readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf"));
  const { svg, width } = renderSpec(spec);
  proc.getBuiltinModule = undefined; // what the library sees in a browser: no Node built-ins
  try {
    await assert.rejects(svgToPng(svg), /Figure\.toPng: outside Node the rasteriser needs plot\.configure\(\{ resvgWasm, font \}\) first/);
    configure({ resvgWasm: new Uint8Array(wasm), font: new Uint8Array(font) });
    const png = decode(await svgToPng(svg));
    assert.equal(png.width, width);
    let dark = 0;
    for (let i = 0; i < png.data.length; i += png.channels) if (png.data[i] < 100 && png.data[i + 1] < 100 && png.data[i + 2] < 100) dark++;
    assert.ok(dark > 50, `text and axes drawn: ${dark} dark pixels`);
  } finally {
    proc.getBuiltinModule = saved;
  }
});
