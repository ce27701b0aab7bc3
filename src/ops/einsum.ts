import { Tensor } from "../tensor/tensor.ts";
import { formatShape, numel } from "../tensor/shape.ts";
import { matmul } from "./matmul.ts";
import { diagonal, permute, reshape } from "./shape.ts";
import { checkTensorList, describeNonTensor } from "./operands.ts";

/*
 * einsum as a composition of recorded ops, so its gradient follows from theirs: a letter repeated
 * within one operand takes that operand's diagonal; a letter that appears in no other operand nor in
 * the output is summed away at once; then the operands are contracted left to right, each pair as one
 * batched matmul ([batch, left, summed] x [batch, summed, right]) after a permute and a reshape; a
 * final permute puts the letters in the output's order.
 */

/** A tensor together with the letter of each of its dims. */
interface Labeled {
  t: Tensor;
  labels: string[];
}

/**
 * Einstein summation, like `torch.einsum`: `"ij,jk->ik"` is a matrix product, `"ii->"` a trace,
 * `"ii->i"` a diagonal, `"ij->ji"` a transpose, `"bij,bjk->bik"` a batched product, `"i,j->ij"` an
 * outer product, `"bi,ij,bj->b"` a bilinear form. Letters are a-z and A-Z; without `->` the output
 * holds the letters seen once, in alphabetical order; `...` stands for the leading dims (broadcast
 * between operands). Any number of operands; their dtypes must match.
 * @example bp.einsum("ij,jk->ik", bp.ones(2, 3), bp.ones(3, 4)).shape; // [2, 4]
 */
export function einsum(equation: string, ...operands: (Tensor | readonly Tensor[])[]): Tensor {
  if (typeof equation !== "string") throw new Error(`einsum: argument 'equation' must be a string, got ${describeNonTensor(equation)}`);
  const tensors = operands.length === 1 && Array.isArray(operands[0]) ? [...(operands[0] as readonly Tensor[])] : (operands as Tensor[]);
  if (tensors.length > 0) checkTensorList("einsum", tensors, "operands"); // none: the "at least one operand" error below
  const eq = equation.replace(/\s+/g, "");
  const arrow = eq.indexOf("->");
  const lhs = arrow === -1 ? eq : eq.slice(0, arrow);
  const terms = lhs.split(",");
  if (tensors.length === 0) throw new Error("einsum: must provide at least one operand");
  if (terms.length !== tensors.length) {
    throw new Error(`einsum: the equation "${equation}" has ${terms.length} operand(s) but ${tensors.length} were given`);
  }
  tensors.forEach((t, i) => {
    if (t.dtype !== tensors[0].dtype) throw new Error(`einsum: operand ${i} is ${t.dtype} but operand 0 is ${tensors[0].dtype}`);
  });
  // the ellipsis becomes letters of its own ("0", "1", ...: never a user's letter), right-aligned
  const ellipsisDims = Math.max(0, ...terms.map((term, i) => (term.includes("...") ? tensors[i].dim() - (term.length - 3) : 0)));
  const ellipsis = Array.from({ length: ellipsisDims }, (_, i) => String(i));
  const inputs: Labeled[] = terms.map((term, i) => ({ t: tensors[i], labels: parseTerm(equation, term, tensors[i], ellipsis) }));
  const sizes = new Map<string, number>();
  inputs.forEach(({ t, labels }, i) => {
    labels.forEach((l, d) => {
      const size = t.shape[d];
      const seen = sizes.get(l);
      const name = isEllipsis(l) ? "..." : l;
      if (labels.indexOf(l) !== d && size !== t.shape[labels.indexOf(l)]) {
        throw new Error(`einsum: subscript ${name} is repeated for operand ${i} but the sizes don't match, ${t.shape[labels.indexOf(l)]} != ${size}`);
      }
      if (seen !== undefined && seen !== 1 && size !== 1 && size !== seen) {
        throw new Error(`einsum: subscript ${name} has size ${size} in operand ${i} (shape ${formatShape(t.shape)}), which does not broadcast with the size ${seen} it has elsewhere`);
      }
      if (seen === undefined || seen === 1) sizes.set(l, size);
    });
  });
  const output = arrow === -1 ? implicitOutput(inputs, ellipsis) : parseOutput(equation, eq.slice(arrow + 2), ellipsis, sizes);
  let pending = inputs.map((x) => takeDiagonals(x));
  pending = pending.map((x, i) => sumUnshared(x, [...output, ...pending.filter((_, j) => j !== i).flatMap((p) => p.labels)]));
  let acc = pending[0];
  for (let i = 1; i < pending.length; i++) {
    const later = [...output, ...pending.slice(i + 1).flatMap((p) => p.labels)];
    acc = contract(acc, pending[i], later);
  }
  return arrange(acc, output);
}

function isEllipsis(label: string): boolean {
  return label >= "0" && label <= "9";
}

/** The letters of one operand's dims, with `...` expanded to the ellipsis letters it covers. */
function parseTerm(equation: string, term: string, t: Tensor, ellipsis: string[]): string[] {
  const parts = term.split("...");
  if (parts.length > 2) throw new Error(`einsum: more than one ellipsis in the operand "${term}" of "${equation}"`);
  for (const ch of parts.join("")) {
    if (!/[a-zA-Z]/.test(ch)) throw new Error(`einsum: invalid subscript "${ch}" in "${equation}" (letters a-z and A-Z only)`);
  }
  const letters = [...parts.join("")];
  if (parts.length === 1) {
    if (letters.length !== t.dim()) {
      throw new Error(`einsum: the operand "${term}" has ${letters.length} subscripts but its tensor has ${t.dim()} dims (shape ${formatShape(t.shape)})`);
    }
    return letters;
  }
  const covered = t.dim() - letters.length;
  if (covered < 0) {
    throw new Error(`einsum: the operand "${term}" has more subscripts than its tensor has dims (shape ${formatShape(t.shape)})`);
  }
  return [...parts[0], ...ellipsis.slice(ellipsis.length - covered), ...parts[1]];
}

/** The explicit output's letters, each once and each seen in an input. */
function parseOutput(equation: string, rhs: string, ellipsis: string[], sizes: Map<string, number>): string[] {
  const parts = rhs.split("...");
  if (parts.length > 2) throw new Error(`einsum: more than one ellipsis in the output of "${equation}"`);
  const letters = parts.length === 2 ? [...parts[0], ...ellipsis, ...parts[1]] : [...rhs];
  letters.forEach((l, i) => {
    if (!isEllipsis(l) && !/[a-zA-Z]/.test(l)) throw new Error(`einsum: invalid subscript "${l}" in the output of "${equation}"`);
    if (letters.indexOf(l) !== i) throw new Error(`einsum: output subscript ${l} appears more than once in "${equation}"`);
    if (!sizes.has(l)) throw new Error(`einsum: output subscript ${l} does not appear in any operand of "${equation}"`);
  });
  return letters;
}

/** Without `->`: the ellipsis dims, then the letters that appear exactly once, alphabetically. */
function implicitOutput(inputs: Labeled[], ellipsis: string[]): string[] {
  const counts = new Map<string, number>();
  for (const { labels } of inputs) for (const l of labels) if (!isEllipsis(l)) counts.set(l, (counts.get(l) ?? 0) + 1);
  const once = [...counts.keys()].filter((l) => counts.get(l) === 1).sort();
  return [...ellipsis, ...once];
}

/** A letter repeated within one operand ("ii") reads its diagonal, until every letter is unique. */
function takeDiagonals(x: Labeled): Labeled {
  let { t, labels } = x;
  for (let d = 0; d < labels.length; d++) {
    const again = labels.indexOf(labels[d], d + 1);
    if (again === -1) continue;
    // diagonal() removes both dims and appends the diagonal as the last one
    t = diagonal(t, 0, d, again);
    labels = [...labels.filter((_, i) => i !== d && i !== again), labels[d]];
    d = -1;
  }
  return { t, labels };
}

/** Sums away the dims whose letters are not in `keep` (nothing else needs them). */
function sumUnshared(x: Labeled, keep: string[]): Labeled {
  const dims = x.labels.map((l, d) => (keep.includes(l) ? -1 : d)).filter((d) => d !== -1);
  if (dims.length === 0) return x;
  return { t: x.t.sum(dims), labels: x.labels.filter((l) => keep.includes(l)) };
}

/**
 * Contracts two operands into one holding the letters of either that `later` still needs: letters in
 * both and needed later are batch dims, in both and not needed are summed by the matmul, in one only
 * are its rows (left) or columns (right).
 */
function contract(a: Labeled, b: Labeled, later: string[]): Labeled {
  const inB = (l: string): boolean => b.labels.includes(l);
  const batch = a.labels.filter((l) => inB(l) && later.includes(l));
  const summed = a.labels.filter((l) => inB(l) && !later.includes(l));
  const left = a.labels.filter((l) => !inB(l));
  const right = b.labels.filter((l) => !a.labels.includes(l));
  // a size-1 dim of one side broadcasts against the other's (an ellipsis of [1] against [5])
  const shared = [...batch, ...summed];
  const full = new Map(shared.map((l) => [l, Math.max(dimOf(a, l), dimOf(b, l))]));
  const ta = broadcastTo(a, full);
  const tb = broadcastTo(b, full);
  const size = (x: Labeled, ls: string[]): number => numel(ls.map((l) => dimOf(x, l)));
  const am = reshape(arrange(ta, [...batch, ...left, ...summed]), [size(ta, batch), size(ta, left), size(ta, summed)]);
  const bm = reshape(arrange(tb, [...batch, ...summed, ...right]), [size(tb, batch), size(tb, summed), size(tb, right)]);
  const shape = [...batch.map((l) => dimOf(ta, l)), ...left.map((l) => dimOf(ta, l)), ...right.map((l) => dimOf(tb, l))];
  return { t: reshape(matmul(am, bm), shape), labels: [...batch, ...left, ...right] };
}

function dimOf(x: Labeled, label: string): number {
  return x.t.shape[x.labels.indexOf(label)];
}

/** Expands x's size-1 dims whose letters `full` gives a larger size. */
function broadcastTo(x: Labeled, full: Map<string, number>): Labeled {
  const target = x.labels.map((l, d) => full.get(l) ?? x.t.shape[d]);
  if (target.every((s, d) => s === x.t.shape[d])) return x;
  return { t: x.t.expand(target), labels: x.labels };
}

/** x's tensor with its dims permuted into the order of `order` (which holds the same letters). */
function arrange(x: Labeled, order: string[]): Tensor {
  const perm = order.map((l) => x.labels.indexOf(l));
  return perm.every((p, i) => p === i) ? x.t : permute(x.t, perm);
}
