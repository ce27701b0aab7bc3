/*
 * PyTorch 1.13's CPU sort and selection, element for element: ports of the libstdc++ algorithms
 * (std::sort's introsort, std::partial_sort, std::nth_element) that PyTorch calls, and of PyTorch's own
 * quick-select (kthvalue), so that equal values come out in the order PyTorch gives them. They work on
 * parallel arrays of values `v` and source positions `ix`, in [first, last), with a strict weak order
 * `less(a value, b value)` on the values alone (as PyTorch's comparators).
 */

/** A strict weak order on values. */
export type Less = (a: number, b: number) => boolean;

/** PyTorch's ascending order: NaN after every number. */
export const ASCENDING: Less = (a, b) => (a === a && b !== b) || a < b;
/** PyTorch's descending order: NaN before every number. */
export const DESCENDING: Less = (a, b) => (a !== a && b === b) || a > b;

const THRESHOLD = 16;

function swap(v: Float64Array, ix: Int32Array, i: number, j: number): void {
  const t = v[i];
  v[i] = v[j];
  v[j] = t;
  const u = ix[i];
  ix[i] = ix[j];
  ix[j] = u;
}

function lg(n: number): number {
  return 31 - Math.clz32(n);
}

/** std::sort on [first, last). */
export function stdSort(v: Float64Array, ix: Int32Array, first: number, last: number, less: Less): void {
  if (last - first < 2) return;
  introsortLoop(v, ix, first, last, lg(last - first) * 2, less);
  finalInsertionSort(v, ix, first, last, less);
}

/** std::partial_sort: the smallest middle - first, in order, at [first, middle). */
export function stdPartialSort(v: Float64Array, ix: Int32Array, first: number, middle: number, last: number, less: Less): void {
  heapSelect(v, ix, first, middle, last, less);
  sortHeap(v, ix, first, middle, less);
}

/** std::nth_element: the element at nth is the one a sort would put there, smaller ones before it. */
export function stdNthElement(v: Float64Array, ix: Int32Array, first: number, nth: number, last: number, less: Less): void {
  if (first === last || nth === last) return;
  let depth = lg(last - first) * 2;
  while (last - first > 3) {
    if (depth === 0) {
      heapSelect(v, ix, first, nth + 1, last, less);
      swap(v, ix, first, nth);
      return;
    }
    depth--;
    const cut = partitionPivot(v, ix, first, last, less);
    if (cut <= nth) first = cut;
    else last = cut;
  }
  insertionSort(v, ix, first, last, less);
}

function introsortLoop(v: Float64Array, ix: Int32Array, first: number, last: number, depth: number, less: Less): void {
  while (last - first > THRESHOLD) {
    if (depth === 0) {
      stdPartialSort(v, ix, first, last, last, less);
      return;
    }
    depth--;
    const cut = partitionPivot(v, ix, first, last, less);
    introsortLoop(v, ix, cut, last, depth, less);
    last = cut;
  }
}

function partitionPivot(v: Float64Array, ix: Int32Array, first: number, last: number, less: Less): number {
  const mid = first + ((last - first) >> 1);
  moveMedianToFirst(v, ix, first, first + 1, mid, last - 1, less);
  return unguardedPartition(v, ix, first + 1, last, first, less);
}

function moveMedianToFirst(v: Float64Array, ix: Int32Array, result: number, a: number, b: number, c: number, less: Less): void {
  if (less(v[a], v[b])) {
    if (less(v[b], v[c])) swap(v, ix, result, b);
    else if (less(v[a], v[c])) swap(v, ix, result, c);
    else swap(v, ix, result, a);
  } else if (less(v[a], v[c])) swap(v, ix, result, a);
  else if (less(v[b], v[c])) swap(v, ix, result, c);
  else swap(v, ix, result, b);
}

function unguardedPartition(v: Float64Array, ix: Int32Array, first: number, last: number, pivot: number, less: Less): number {
  for (;;) {
    while (less(v[first], v[pivot])) first++;
    last--;
    while (less(v[pivot], v[last])) last--;
    if (!(first < last)) return first;
    swap(v, ix, first, last);
    first++;
  }
}

function finalInsertionSort(v: Float64Array, ix: Int32Array, first: number, last: number, less: Less): void {
  if (last - first > THRESHOLD) {
    insertionSort(v, ix, first, first + THRESHOLD, less);
    for (let i = first + THRESHOLD; i < last; i++) unguardedLinearInsert(v, ix, i, less);
  } else insertionSort(v, ix, first, last, less);
}

function insertionSort(v: Float64Array, ix: Int32Array, first: number, last: number, less: Less): void {
  if (first === last) return;
  for (let i = first + 1; i < last; i++) {
    if (less(v[i], v[first])) {
      const val = v[i];
      const vi = ix[i];
      v.copyWithin(first + 1, first, i);
      ix.copyWithin(first + 1, first, i);
      v[first] = val;
      ix[first] = vi;
    } else unguardedLinearInsert(v, ix, i, less);
  }
}

function unguardedLinearInsert(v: Float64Array, ix: Int32Array, last: number, less: Less): void {
  const val = v[last];
  const vi = ix[last];
  let next = last - 1;
  while (less(val, v[next])) {
    v[last] = v[next];
    ix[last] = ix[next];
    last = next;
    next--;
  }
  v[last] = val;
  ix[last] = vi;
}

function heapSelect(v: Float64Array, ix: Int32Array, first: number, middle: number, last: number, less: Less): void {
  makeHeap(v, ix, first, middle, less);
  for (let i = middle; i < last; i++) if (less(v[i], v[first])) popHeap(v, ix, first, middle, i, less);
}

function makeHeap(v: Float64Array, ix: Int32Array, first: number, last: number, less: Less): void {
  const len = last - first;
  if (len < 2) return;
  for (let parent = (len - 2) >> 1; ; parent--) {
    adjustHeap(v, ix, first, parent, len, v[first + parent], ix[first + parent], less);
    if (parent === 0) return;
  }
}

function popHeap(v: Float64Array, ix: Int32Array, first: number, last: number, result: number, less: Less): void {
  const val = v[result];
  const vi = ix[result];
  v[result] = v[first];
  ix[result] = ix[first];
  adjustHeap(v, ix, first, 0, last - first, val, vi, less);
}

function adjustHeap(v: Float64Array, ix: Int32Array, first: number, hole: number, len: number, val: number, vi: number, less: Less): void {
  const top = hole;
  let child = hole;
  while (child < (len - 1) >> 1) {
    child = 2 * (child + 1);
    if (less(v[first + child], v[first + child - 1])) child--;
    v[first + hole] = v[first + child];
    ix[first + hole] = ix[first + child];
    hole = child;
  }
  if ((len & 1) === 0 && child === (len - 2) >> 1) {
    child = 2 * (child + 1);
    v[first + hole] = v[first + child - 1];
    ix[first + hole] = ix[first + child - 1];
    hole = child - 1;
  }
  // push_heap
  let parent = (hole - 1) >> 1;
  while (hole > top && less(v[first + parent], val)) {
    v[first + hole] = v[first + parent];
    ix[first + hole] = ix[first + parent];
    hole = parent;
    parent = (hole - 1) >> 1;
  }
  v[first + hole] = val;
  ix[first + hole] = vi;
}

function sortHeap(v: Float64Array, ix: Int32Array, first: number, last: number, less: Less): void {
  while (last - first > 1) {
    last--;
    popHeap(v, ix, first, last, last, less);
  }
}

/**
 * PyTorch's own quick-select (kthvalue, SortingUtils.h): after it, position k holds the k-th smallest
 * (NaN the largest), by median-of-three partitioning.
 */
export function quickSelect(v: Float64Array, ix: Int32Array, n: number, k: number): void {
  const gt = (a: number, b: number): boolean => (a !== a && b === b) || a > b;
  let L = 0;
  let R = n - 1;
  for (;;) {
    if (R <= L) return;
    if (R === L + 1) {
      if (gt(v[L], v[R])) swap(v, ix, L, R);
      return;
    }
    const P = L + ((R - L) >> 1);
    swap(v, ix, P, L + 1);
    if (gt(v[L + 1], v[R])) swap(v, ix, L + 1, R);
    if (gt(v[L], v[R])) swap(v, ix, L, R);
    if (gt(v[L + 1], v[L])) swap(v, ix, L + 1, L);
    let i = L + 1;
    let j = R;
    const piv = v[L];
    for (;;) {
      do i++;
      while (gt(piv, v[i]));
      do j--;
      while (gt(v[j], piv));
      if (j < i) break;
      swap(v, ix, i, j);
    }
    swap(v, ix, L, j);
    if (j <= k) L = i;
    if (j >= k) R = j - 1;
  }
}
