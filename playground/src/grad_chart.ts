/**
 * The per-layer gradient-magnitude chart: one bar per weight layer (first hidden .. output) whose
 * height is log10 of the mean |dL/dW| of the last step, on a scale of whole decades that covers the
 * values (at least four decades, one below the smallest), so a vanishing signal in a deep sigmoid
 * network shows as bars that shrink layer by layer towards the input. Each bar carries its value in `data-value` (and the chart its list in `data-grads`), so a
 * test reads the numbers the chart shows.
 */

/** The fewest decades the chart spans. */
const MIN_DECADES = 4;

/**
 * The decades [lo, hi] (powers of ten) that the bars of `values` are drawn on.
 * @example decades([1e-6, 3e-3]); // [-7, -2]
 */
export function decades(values: number[]): [number, number] {
  const logs = values.filter((v) => v > 0 && Number.isFinite(v)).map(Math.log10);
  if (logs.length === 0) return [-MIN_DECADES, 0];
  const hi = Math.ceil(Math.max(...logs)) + 0; // + 0: no -0
  return [Math.min(Math.floor(Math.min(...logs)) - 1, hi - MIN_DECADES), hi];
}

/**
 * A bar per layer, as HTML elements inside `root`.
 * @example
 * const chart = new GradChart(document.querySelector("#grads")!);
 * chart.update([1e-6, 1e-4, 1e-2]);
 */
export class GradChart {
  private bars: HTMLElement[] = [];

  constructor(readonly root: HTMLElement) {
    root.setAttribute("data-testid", "grad-chart");
    root.classList.add("grad-chart");
  }

  /** Shows `values` (mean |dL/dW| per layer, first hidden .. output). */
  update(values: number[]): void {
    if (this.bars.length !== values.length) this.rebuild(values.length);
    this.root.dataset.grads = values.map((v) => v.toExponential(3)).join(",");
    const [lo, hi] = decades(values);
    this.root.dataset.decades = `${lo},${hi}`;
    this.root.title = `log scale from 1e${lo} (bottom) to 1e${hi} (top)`;
    values.forEach((v, i) => {
      const bar = this.bars[i];
      const exp = v > 0 && Number.isFinite(v) ? Math.log10(v) : lo;
      const frac = Math.min(1, Math.max(0, (exp - lo) / (hi - lo)));
      const fill = bar.firstElementChild as HTMLElement;
      fill.style.height = `${(frac * 100).toFixed(1)}%`;
      bar.dataset.value = String(v);
      bar.title = `${this.label(i, values.length)}: mean |dL/dW| = ${v.toExponential(2)}`;
      (bar.lastElementChild as HTMLElement).textContent = v > 0 ? `1e${Math.round(exp)}` : "0";
    });
  }

  private label(i: number, n: number): string {
    return i === n - 1 ? "output layer" : `hidden layer ${i + 1}`;
  }

  private rebuild(n: number): void {
    this.root.replaceChildren();
    this.bars = [];
    for (let i = 0; i < n; i++) {
      const bar = document.createElement("div");
      bar.className = "grad-bar";
      bar.dataset.layer = String(i);
      const fill = document.createElement("div");
      fill.className = "grad-fill";
      const caption = document.createElement("span");
      caption.className = "grad-caption";
      bar.append(fill, caption);
      this.root.append(bar);
      this.bars.push(bar);
    }
  }
}
