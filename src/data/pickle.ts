/*
 * A RESTRICTED reader of Python pickles: enough of the pickle machine (protocols 2 to 5, and the simple
 * opcodes of 0 and 1) to read plain data (None, bools, ints, floats, str, bytes, lists, tuples, dicts)
 * and numpy arrays of uint8 / int64, as CIFAR-10's batches hold them. It never executes or
 * instantiates anything: the only globals it accepts are the handful numpy's arrays are pickled
 * through, each checked for the exact arguments numpy writes, and it builds plain JavaScript values.
 * Any other global, or a REDUCE / BUILD on anything else, is an error that names it.
 *
 * Hostile input is bounded: every declared length is checked against the bytes left before anything
 * is allocated, and the stack, the memo and the nesting depth have caps.
 */
import { shortText } from "../tensor/format.ts"; // a line of the file may run to 4096 characters

/**
 * A Python tuple (kept apart from lists, which are plain arrays).
 * @example
 * const t = readPickle(bytes) as PickleTuple; // pickle.dumps((1, 2))
 * t.items;                                   // [1, 2]
 */
export class PickleTuple {
  constructor(readonly items: PickleValue[]) {}
}

/**
 * A Python dict, its entries in order. Keys may be `str` (a JS string) or, in Python 2 files, `str`
 * that Python 3 reads as bytes (a `Uint8Array`); `get("data")` finds either.
 * @example
 * const d = readPickle(bytes) as PickleDict;
 * d.keys();        // ["data", "labels", "batch_label", "filenames"]
 * d.get("labels"); // [6, 9, 9, ...]
 */
export class PickleDict {
  readonly entries: Array<[PickleValue, PickleValue]> = [];

  /** The value under the text key `key`, given as a str or as its Latin-1 bytes; undefined if absent. */
  get(key: string): PickleValue | undefined {
    for (const [k, v] of this.entries) if (keyText(k) === key) return v;
    return undefined;
  }

  /** The keys as text (bytes keys decoded as Latin-1; other keys described). */
  keys(): string[] {
    return this.entries.map(([k]) => keyText(k) ?? describePickle(k));
  }
}

/**
 * A numpy array as read from a pickle: C-ordered data (Fortran-ordered arrays are reordered), its
 * dtype and shape.
 * @example
 * const a = (readPickle(bytes) as PickleDict).get("data") as NdArray;
 * a.dtype; a.shape; // "uint8", [10000, 3072]
 */
export class NdArray {
  constructor(
    /** "uint8" or "int64" (the only dtypes accepted). */
    readonly dtype: "uint8" | "int64",
    /** The shape, e.g. [10000, 3072]. */
    readonly shape: number[],
    /** The elements in C (row-major) order. */
    readonly data: Uint8Array | BigInt64Array,
  ) {}
}

/**
 * A numpy dtype as read from a pickle (it appears inside arrays' pickled state).
 * @example
 * new DType("int64").byteOrder; // "<"
 */
export class DType {
  /** "<" little-endian, ">" big-endian, "|" not applicable (uint8). */
  byteOrder: "<" | ">" | "|" = "|";
  constructor(readonly kind: "uint8" | "int64") {
    if (kind === "int64") this.byteOrder = "<";
  }
}

/**
 * The values a restricted pickle can hold: `null` (None), booleans, numbers (ints that fit a double
 * exactly, and floats), bigints (larger ints), strings (str), `Uint8Array` (bytes, bytearray, and
 * Python 2 str), arrays (lists), tuples, dicts, numpy arrays and dtypes, and references to the few
 * accepted numpy globals (names only).
 */
export type PickleValue = null | boolean | number | bigint | string | Uint8Array | PickleValue[] | PickleTuple | PickleDict | NdArray | DType | PickleGlobal;

/**
 * Caps of `readPickle`.
 * @example
 * readPickle(bytes, { name: "cifar10: data_batch_1", maxDepth: 32 });
 */
export interface ReadPickleOptions {
  /** Most values on the stack at once (default 1 000 000). */
  maxStack?: number;
  /** Most memo entries (default 1 000 000). */
  maxMemo?: number;
  /** Deepest nesting of containers and MARKs (default 64). */
  maxDepth?: number;
  /** Name used in error messages (default "pickle"). */
  name?: string;
}

/**
 * A reference to one of the few globals the reader accepts (numpy's array functions and types), as it
 * appears inside the arguments numpy writes, e.g. `numpy.ndarray` in `_reconstruct(ndarray, (0,), b"b")`.
 * It is a name only: nothing is looked up or called.
 * @example
 * new PickleGlobal("numpy", "ndarray").qualified; // "numpy.ndarray"
 */
export class PickleGlobal {
  constructor(readonly module: string, readonly name: string) {}
  /** "module.name". */
  get qualified(): string {
    return `${this.module}.${this.name}`;
  }
}

// Objects on the stack while reading that are not values yet.
class PendingArray {
  // What numpy.core.multiarray._reconstruct(ndarray, (0,), b"b") returns; filled by BUILD.
  built: NdArray | null = null;
}
const MARK = Symbol("mark");
type Item = PickleValue | PendingArray | typeof MARK;

const RECONSTRUCT = new Set(["numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct"]);
const FROMBUFFER = new Set(["numpy.core.numeric._frombuffer", "numpy._core.numeric._frombuffer"]);
const NDARRAY = "numpy.ndarray";
const DTYPE = "numpy.dtype";
const ENCODE = new Set(["_codecs.encode"]);
const ALLOWED = new Set([...RECONSTRUCT, ...FROMBUFFER, NDARRAY, DTYPE, ...ENCODE]);
const DTYPES: Record<string, "uint8" | "int64"> = { u1: "uint8", uint8: "uint8", i8: "int64", int64: "int64" };

const latin1 = new TextDecoder("latin1");
const utf8 = new TextDecoder("utf-8", { fatal: true });


/** The first arguments of a call, described, and how many there are. */
function describeArgs(args: readonly PickleValue[]): string {
  const head = args.slice(0, 4).map(describePickle).join(", ");
  return args.length > 4 ? `${head}, ... (${args.length} arguments)` : head;
}

function keyText(k: PickleValue): string | undefined {
  if (typeof k === "string") return k;
  if (k instanceof Uint8Array) return latin1.decode(k);
  return undefined;
}

/**
 * A short description of a pickled value for error messages: `uint8 array [4, 3072]`, `list of 4`,
 * `str 'abc'`, `int 7`, `dict with keys 'a', 'b'` ...
 * @example
 * describePickle(readPickle(bytes)); // "dict with keys 'data', 'labels'"
 */
export function describePickle(v: PickleValue | undefined): string {
  if (v === undefined) return "nothing";
  if (v === null) return "None";
  if (typeof v === "boolean") return `bool ${v ? "True" : "False"}`;
  if (typeof v === "number") return Number.isInteger(v) ? `int ${v}` : `float ${v}`;
  if (typeof v === "bigint") return `int ${v}`;
  if (typeof v === "string") return `str '${v.length > 40 ? `${v.slice(0, 40)}...` : v}'`;
  if (v instanceof Uint8Array) return `bytes of length ${v.length}`;
  if (Array.isArray(v)) return `list of ${v.length}`;
  if (v instanceof PickleTuple) return `tuple of ${v.items.length}`;
  if (v instanceof NdArray) return `${v.dtype} array [${v.shape.slice(0, 8).join(", ")}${v.shape.length > 8 ? ", ..." : ""}]`;
  if (v instanceof DType) return `numpy dtype ${v.kind}`;
  if (v instanceof PickleGlobal) return `global ${v.qualified}`;
  const keys = v.keys();
  return `dict with keys ${keys.slice(0, 8).map((k) => `'${shortText(k)}'`).join(", ")}${keys.length > 8 ? ", ..." : ""}`;
}

function describeItem(v: Item): string {
  if (v === MARK) return "a MARK";
  if (v instanceof PendingArray) return "a numpy array being built";
  return describePickle(v);
}

// Nesting depth of containers, tracked as they are built (a best-effort bound; see maxDepth).
const depths = new WeakMap<object, number>();
function depthOf(v: Item): number {
  return typeof v === "object" && v !== null ? (depths.get(v) ?? 1) : 0;
}

/**
 * Reads one pickle from `bytes` (protocols 2-5 as Python 2's cPickle and Python 3's pickle write them,
 * and the simple opcodes of protocols 0-1) into plain values: see `PickleValue`. Only numpy's array
 * globals are accepted (`numpy.core.multiarray._reconstruct`, `numpy.ndarray`, `numpy.dtype` for
 * "u1"/"uint8" and "i8"/"int64", `numpy.core.numeric._frombuffer`, `_codecs.encode` with "latin1"),
 * each only with the arguments numpy writes; anything else is an error naming the global or opcode.
 * @param bytes the pickle.
 * @param options caps and the name used in errors (default "pickle").
 * @returns the value the pickle holds.
 * @example
 * const batch = readPickle(bytes) as PickleDict;   // a CIFAR-10 batch
 * const data = batch.get("data") as NdArray;        // uint8 array [10000, 3072]
 */
export function readPickle(bytes: Uint8Array, options: ReadPickleOptions = {}): PickleValue {
  const name = options.name ?? "pickle";
  const maxStack = options.maxStack ?? 1_000_000;
  const maxMemo = options.maxMemo ?? 1_000_000;
  const maxDepth = options.maxDepth ?? 64;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  let stack: Item[] = [];
  const metastack: Item[][] = [];
  const memo = new Map<number, Item>();
  const budget: Budget = { left: 4 * bytes.length + (1 << 20) };

  const fail = (msg: string, at = pos): never => {
    throw new Error(`${name}: ${msg} (at byte ${at})`);
  };
  const need = (n: number, what: string): void => {
    if (n > bytes.length - pos) fail(`${what} needs ${n} bytes but only ${bytes.length - pos} are left`);
  };
  const u8 = (): number => {
    need(1, "an argument");
    return bytes[pos++];
  };
  const u16 = (): number => {
    need(2, "an argument");
    const v = view.getUint16(pos, true);
    pos += 2;
    return v;
  };
  const u32 = (): number => {
    need(4, "an argument");
    const v = view.getUint32(pos, true);
    pos += 4;
    return v;
  };
  const i32 = (): number => {
    need(4, "an argument");
    const v = view.getInt32(pos, true);
    pos += 4;
    return v;
  };
  const u64 = (what: string): number => {
    need(8, "an argument");
    const v = view.getBigUint64(pos, true);
    pos += 8;
    if (v > BigInt(bytes.length - pos)) fail(`${what} declares ${v} bytes but only ${bytes.length - pos} are left`);
    return Number(v);
  };
  const take = (n: number, what: string): Uint8Array => {
    if (n < 0) fail(`${what} declares a negative length ${n}`);
    if (n > bytes.length - pos) fail(`${what} declares ${n} bytes but only ${bytes.length - pos} are left`);
    const out = bytes.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  const line = (what: string): string => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0 || end - pos > 4096) fail(`${what}: no end of line`);
    const text = latin1.decode(bytes.subarray(pos, end));
    pos = end + 1;
    return text;
  };
  const text = (raw: Uint8Array, what: string): string => {
    try {
      return utf8.decode(raw);
    } catch {
      return fail(`${what}: invalid UTF-8`);
    }
  };
  const push = (v: Item): void => {
    if (stack.length >= maxStack) fail(`more than ${maxStack} values on the stack`);
    stack.push(v);
  };
  const pop = (what: string): Item => {
    const v = stack.pop();
    if (v === undefined) fail(`${what} on an empty stack`);
    if (v === MARK) fail(`${what} found a MARK where a value was expected`);
    return v as Item;
  };
  const top = (what: string): Item => {
    if (stack.length === 0) fail(`${what} on an empty stack`);
    return stack[stack.length - 1];
  };
  const popMark = (what: string): Item[] => {
    const items = stack;
    const prev = metastack.pop();
    if (prev === undefined) fail(`${what} without a MARK`);
    stack = prev as Item[];
    return items;
  };
  const value = (v: Item, what: string): PickleValue => {
    if (v === MARK) return fail(`${what}: found a MARK`);
    if (v instanceof PendingArray) {
      if (v.built === null) return fail(`${what}: a numpy array that was never built`);
      return v.built;
    }
    return v;
  };
  const container = <T extends object>(c: T, children: PickleValue[]): T => {
    let d = 1;
    for (const ch of children) d = Math.max(d, depthOf(ch) + 1);
    if (d > maxDepth) fail(`nesting deeper than ${maxDepth} levels`);
    depths.set(c, d);
    return c;
  };
  const grow = (c: object, child: PickleValue): void => {
    const d = Math.max(depths.get(c) ?? 1, depthOf(child) + 1);
    if (d > maxDepth) fail(`nesting deeper than ${maxDepth} levels`);
    depths.set(c, d);
  };
  const memoPut = (idx: number): void => {
    if (!memo.has(idx) && memo.size >= maxMemo) fail(`more than ${maxMemo} memo entries`);
    memo.set(idx, top("PUT"));
  };
  const memoGet = (idx: number): void => {
    const v = memo.get(idx);
    if (v === undefined) fail(`GET of memo entry ${idx}, which was never stored`);
    push(v as Item);
  };
  const int = (v: bigint): number | bigint => (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
  const long = (raw: Uint8Array): number | bigint => {
    if (raw.length === 0) return 0;
    let v = 0n;
    for (let k = raw.length - 1; k >= 0; k--) v = (v << 8n) | BigInt(raw[k]);
    if (raw[raw.length - 1] & 0x80) v -= 1n << BigInt(8 * raw.length);
    return int(v);
  };
  const global = (module: string, qual: string, at: number): PickleGlobal => {
    const g = new PickleGlobal(module, qual);
    if (!ALLOWED.has(g.qualified)) fail(`global '${shortText(g.qualified)}' is not allowed (only numpy uint8/int64 arrays and plain data are read)`, at);
    return g;
  };

  for (;;) {
    if (pos >= bytes.length) fail("ended without STOP");
    const at = pos;
    const op = bytes[pos++];
    switch (op) {
      case 0x80: // PROTO
        if (u8() > 5) fail(`protocol ${bytes[pos - 1]} is newer than 5`, at);
        break;
      case 0x95: // FRAME: advisory, the frame's bytes follow in line
        u64("FRAME");
        break;
      case 0x2e: // STOP
        {
          const v = pop("STOP");
          if (stack.length !== 0 || metastack.length !== 0) fail("STOP with values left on the stack", at);
          return value(v, "STOP");
        }
      case 0x28: // MARK
        if (metastack.length >= maxDepth) fail(`nesting deeper than ${maxDepth} levels`, at);
        metastack.push(stack);
        stack = [];
        break;
      case 0x30: // POP
        if (stack.length === 0) fail("POP on an empty stack", at);
        stack.pop();
        break;
      case 0x31: // POP_MARK
        popMark("POP_MARK");
        break;
      case 0x32: // DUP
        push(top("DUP"));
        break;
      case 0x4e: // NONE
        push(null);
        break;
      case 0x88: // NEWTRUE
        push(true);
        break;
      case 0x89: // NEWFALSE
        push(false);
        break;
      case 0x4a: // BININT
        push(i32());
        break;
      case 0x4b: // BININT1
        push(u8());
        break;
      case 0x4d: // BININT2
        push(u16());
        break;
      case 0x8a: // LONG1
        push(long(take(u8(), "LONG1")));
        break;
      case 0x8b: {
        // LONG4
        const n = i32();
        if (n > 64) fail(`LONG4 of ${n} bytes is larger than any int read here`, at);
        push(long(take(n, "LONG4")));
        break;
      }
      case 0x49: {
        // INT (protocol 0): "I<digits>\n", "I00\n" False, "I01\n" True
        const t = line("INT");
        if (t === "00") push(false);
        else if (t === "01") push(true);
        else if (/^[+-]?\d{1,20}$/.test(t)) push(int(BigInt(t)));
        else fail(`INT with text '${shortText(t)}'`, at);
        break;
      }
      case 0x4c: {
        // LONG (protocol 0): "L<digits>L\n"
        const t = line("LONG").replace(/L$/, "");
        if (!/^[+-]?\d{1,40}$/.test(t)) fail(`LONG with text '${shortText(t)}'`, at);
        push(int(BigInt(t)));
        break;
      }
      case 0x47: // BINFLOAT: big-endian double
        need(8, "BINFLOAT");
        push(view.getFloat64(pos, false));
        pos += 8;
        break;
      case 0x55: // SHORT_BINSTRING (Python 2 str): bytes
        push(take(u8(), "SHORT_BINSTRING"));
        break;
      case 0x54: // BINSTRING (Python 2 str): bytes
        push(take(i32(), "BINSTRING"));
        break;
      case 0x43: // SHORT_BINBYTES
        push(take(u8(), "SHORT_BINBYTES"));
        break;
      case 0x42: // BINBYTES
        push(take(u32(), "BINBYTES"));
        break;
      case 0x8e: // BINBYTES8
        push(take(u64("BINBYTES8"), "BINBYTES8"));
        break;
      case 0x96: // BYTEARRAY8
        push(take(u64("BYTEARRAY8"), "BYTEARRAY8"));
        break;
      case 0x8c: // SHORT_BINUNICODE
        push(text(take(u8(), "SHORT_BINUNICODE"), "SHORT_BINUNICODE"));
        break;
      case 0x58: // BINUNICODE
        push(text(take(u32(), "BINUNICODE"), "BINUNICODE"));
        break;
      case 0x8d: // BINUNICODE8
        push(text(take(u64("BINUNICODE8"), "BINUNICODE8"), "BINUNICODE8"));
        break;
      case 0x7d: // EMPTY_DICT
        push(container(new PickleDict(), []));
        break;
      case 0x5d: // EMPTY_LIST
        push(container([] as PickleValue[], []));
        break;
      case 0x29: // EMPTY_TUPLE
        push(container(new PickleTuple([]), []));
        break;
      case 0x64: {
        // DICT (protocol 0/1): MARK k v k v ... DICT
        const items = popMark("DICT").map((v) => value(v, "DICT"));
        if (items.length % 2 !== 0) fail("DICT with an odd number of items", at);
        const d = container(new PickleDict(), items);
        for (let k = 0; k < items.length; k += 2) setItem(d, items[k], items[k + 1]);
        push(d);
        break;
      }
      case 0x6c: {
        // LIST (protocol 0/1): MARK items LIST
        const items = popMark("LIST").map((v) => value(v, "LIST"));
        push(container(items, items));
        break;
      }
      case 0x74: {
        // TUPLE
        const items = popMark("TUPLE").map((v) => value(v, "TUPLE"));
        push(container(new PickleTuple(items), items));
        break;
      }
      case 0x85:
      case 0x86:
      case 0x87: {
        // TUPLE1, TUPLE2, TUPLE3
        const n = op - 0x84;
        const items: PickleValue[] = [];
        for (let k = 0; k < n; k++) items.unshift(value(pop("TUPLE" + n), "TUPLE" + n));
        push(container(new PickleTuple(items), items));
        break;
      }
      case 0x61: {
        // APPEND
        const v = value(pop("APPEND"), "APPEND");
        const list = top("APPEND");
        if (!Array.isArray(list)) fail(`APPEND to ${describeItem(list)} (only lists are read)`, at);
        grow(list as PickleValue[], v);
        (list as PickleValue[]).push(v);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark("APPENDS").map((v) => value(v, "APPENDS"));
        const list = top("APPENDS");
        if (!Array.isArray(list)) fail(`APPENDS to ${describeItem(list)} (only lists are read)`, at);
        for (const v of items) {
          grow(list as PickleValue[], v);
          (list as PickleValue[]).push(v);
        }
        break;
      }
      case 0x73: {
        // SETITEM
        const v = value(pop("SETITEM"), "SETITEM");
        const k = value(pop("SETITEM"), "SETITEM");
        const d = top("SETITEM");
        if (!(d instanceof PickleDict)) fail(`SETITEM on ${describeItem(d)} (only dicts are read)`, at);
        grow(d as PickleDict, v);
        setItem(d as PickleDict, k, v);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark("SETITEMS").map((v) => value(v, "SETITEMS"));
        if (items.length % 2 !== 0) fail("SETITEMS with an odd number of items", at);
        const d = top("SETITEMS");
        if (!(d instanceof PickleDict)) fail(`SETITEMS on ${describeItem(d)} (only dicts are read)`, at);
        for (let k = 0; k < items.length; k += 2) {
          grow(d as PickleDict, items[k + 1]);
          setItem(d as PickleDict, items[k], items[k + 1]);
        }
        break;
      }
      case 0x71: // BINPUT
        memoPut(u8());
        break;
      case 0x72: // LONG_BINPUT
        memoPut(u32());
        break;
      case 0x94: // MEMOIZE
        memoPut(memo.size);
        break;
      case 0x70: {
        // PUT (protocol 0)
        const t = line("PUT");
        if (!/^\d{1,10}$/.test(t)) fail(`PUT with text '${shortText(t)}'`, at);
        memoPut(Number(t));
        break;
      }
      case 0x68: // BINGET
        memoGet(u8());
        break;
      case 0x6a: // LONG_BINGET
        memoGet(u32());
        break;
      case 0x67: {
        // GET (protocol 0)
        const t = line("GET");
        if (!/^\d{1,10}$/.test(t)) fail(`GET with text '${shortText(t)}'`, at);
        memoGet(Number(t));
        break;
      }
      case 0x63: {
        // GLOBAL "module\nname\n"
        const module = line("GLOBAL");
        const qual = line("GLOBAL");
        push(global(module, qual, at));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const qual = value(pop("STACK_GLOBAL"), "STACK_GLOBAL");
        const module = value(pop("STACK_GLOBAL"), "STACK_GLOBAL");
        if (typeof module !== "string" || typeof qual !== "string") fail("STACK_GLOBAL needs two str", at);
        push(global(module as string, qual as string, at));
        break;
      }
      case 0x52: {
        // REDUCE
        const args = value(pop("REDUCE"), "REDUCE");
        const fn = pop("REDUCE");
        if (!(fn instanceof PickleGlobal)) fail(`REDUCE on ${describeItem(fn)} (only numpy's array functions may be called)`, at);
        push(reduce(fn as PickleGlobal, args, (m) => fail(m, at), budget));
        break;
      }
      case 0x62: {
        // BUILD
        const state = value(pop("BUILD"), "BUILD");
        const obj = top("BUILD");
        if (obj instanceof PendingArray) {
          if (obj.built !== null) fail("BUILD on a numpy array that was already built", at);
          obj.built = buildArray(state, (m) => fail(m, at), budget);
        }
        else if (obj instanceof DType) buildDType(obj, state, (m) => fail(m, at));
        else fail(`BUILD on ${describeItem(obj)} (only numpy arrays and dtypes are built)`, at);
        break;
      }
      default: {
        const known = OPCODE_NAMES[op];
        fail(known === undefined ? `unknown opcode 0x${op.toString(16).padStart(2, "0")}` : `opcode ${known} is not allowed (it creates objects of arbitrary classes or needs outside data)`, at);
      }
    }
  }
}

// Opcodes refused by name.
const OPCODE_NAMES: Record<number, string> = {
  0x81: "NEWOBJ",
  0x92: "NEWOBJ_EX",
  0x6f: "OBJ",
  0x69: "INST",
  0x50: "PERSID",
  0x51: "BINPERSID",
  0x82: "EXT1",
  0x83: "EXT2",
  0x84: "EXT4",
  0x97: "NEXT_BUFFER",
  0x98: "READONLY_BUFFER",
  0x8f: "EMPTY_SET",
  0x90: "ADDITEMS",
  0x91: "FROZENSET",
  0x53: "STRING",
  0x56: "UNICODE",
  0x46: "FLOAT",
};

// Where each key sits in a dict's entries, so that setting n items costs O(n), not O(n^2).
const dictIndex = new WeakMap<PickleDict, Map<string, number>>();

function setItem(d: PickleDict, k: PickleValue, v: PickleValue): void {
  const id =
    typeof k === "string" ? `s:${k}` : k instanceof Uint8Array ? `b:${latin1.decode(k)}` : typeof k === "number" || typeof k === "bigint" ? `n:${k}` : k === null ? "None" : null;
  let index = dictIndex.get(d);
  if (index === undefined) dictIndex.set(d, (index = new Map()));
  const at = id === null ? undefined : index.get(id);
  if (at !== undefined) {
    d.entries[at][1] = v;
    return;
  }
  if (id !== null) index.set(id, d.entries.length);
  d.entries.push([k, v]);
}

function isText(v: PickleValue, expected: string): boolean {
  return keyText(v) === expected;
}

function ints(v: PickleValue, what: string, fail: (m: string) => never): number[] {
  if (!(v instanceof PickleTuple)) return fail(`${what} must be a tuple of ints, got ${describePickle(v)}`);
  return v.items.map((x) => {
    if (typeof x !== "number" || !Number.isInteger(x) || x < 0) return fail(`${what} must be a tuple of ints >= 0, got ${describePickle(x)}`);
    return x;
  });
}

/**
 * Bytes that arrays and latin1 bytes built from the pickle may still take: a memoised argument tuple
 * can be REDUCEd again and again for a few bytes each, copying its data every time (a pickle bomb),
 * so one read may build at most 4 times its own size, plus 1 MB.
 */
interface Budget {
  left: number;
}

function spend(budget: Budget, n: number, fail: (m: string) => never): void {
  budget.left -= n;
  if (budget.left < 0) fail("the arrays built add up to more than 4 times the pickle's own size (a pickle bomb?)");
}

function reduce(fn: PickleGlobal, args: PickleValue, fail: (m: string) => never, budget: Budget): Item {
  const q = fn.qualified;
  const a = args instanceof PickleTuple ? args.items : fail(`REDUCE of ${q}: arguments must be a tuple, got ${describePickle(args)}`);
  if (RECONSTRUCT.has(q)) {
    // _reconstruct(numpy.ndarray, (0,), b"b")
    const shape = a[1];
    const ok =
      a.length === 3 &&
      a[0] instanceof PickleGlobal &&
      a[0].qualified === NDARRAY &&
      shape instanceof PickleTuple &&
      shape.items.length === 1 &&
      shape.items[0] === 0 &&
      isText(a[2], "b");
    if (!ok) fail(`${q} must be called as numpy writes it: (ndarray, (0,), b'b')`);
    return new PendingArray();
  }
  if (q === DTYPE) {
    // dtype("u1", False, True)
    const kind = a.length >= 1 ? keyText(a[0]) : undefined;
    const dt = kind === undefined ? undefined : DTYPES[kind];
    if (dt === undefined) fail(`numpy.dtype(${a.length >= 1 ? describePickle(a[0]) : ""}) is not allowed (only uint8 'u1' and int64 'i8')`);
    // numpy writes (typestr, align=False, copy=True); Python 2's numpy wrote the flags as 0 and 1.
    if (a.length !== 3 || !(a[1] === false || a[1] === 0) || !(a[2] === true || a[2] === 1)) {
      fail(`numpy.dtype must be called as numpy writes it: ('${kind}', False, True), got ${describeArgs(a)}`);
    }
    return new DType(dt as "uint8" | "int64");
  }
  if (ENCODE.has(q)) {
    // _codecs.encode("text", "latin1"): Python 3 protocol 2's bytes
    if (a.length !== 2 || typeof a[0] !== "string" || !(a[1] === "latin1" || a[1] === "latin-1")) {
      fail(`_codecs.encode must be called as (str, 'latin1'), got ${describeArgs(a)}`);
    }
    const s = a[0] as string;
    spend(budget, s.length, fail);
    const out = new Uint8Array(s.length);
    for (let k = 0; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (c > 255) fail("_codecs.encode: a character above U+00FF in latin1 text");
      out[k] = c;
    }
    return out;
  }
  if (FROMBUFFER.has(q)) {
    // _frombuffer(buffer, dtype, shape, order)
    if (a.length !== 4 || !(a[0] instanceof Uint8Array) || !(a[1] instanceof DType) || !(a[3] === "C" || a[3] === "F")) {
      fail(`${q} must be called as (bytes, dtype, shape, 'C' | 'F'), got ${describeArgs(a)}`);
    }
    return toArray(a[1] as DType, ints(a[2], `${q} shape`, fail), a[0] as Uint8Array, a[3] === "F", fail, budget);
  }
  return fail(`REDUCE on global ${shortText(q)} is not allowed`);
}

function toArray(dt: DType, shape: number[], raw: Uint8Array, fortran: boolean, fail: (m: string) => never, budget: Budget): NdArray {
  let count = 1;
  for (const d of shape) count *= d;
  const size = dt.kind === "uint8" ? 1 : 8;
  if (!Number.isSafeInteger(count) || count * size !== raw.length) {
    fail(`numpy array of shape [${shape.slice(0, 8).join(", ")}${shape.length > 8 ? `, ... (${shape.length} dims)` : ""}] and dtype ${dt.kind} needs ${count * size} bytes, got ${raw.length}`);
  }
  spend(budget, fortran && shape.length > 1 ? 2 * raw.length : raw.length, fail);
  let data: Uint8Array | BigInt64Array;
  if (dt.kind === "uint8") {
    data = raw.slice();
  } else {
    const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const out = new BigInt64Array(count);
    const little = dt.byteOrder !== ">";
    for (let k = 0; k < count; k++) out[k] = v.getBigInt64(k * 8, little);
    data = out;
  }
  if (fortran && shape.length > 1) data = fortranToC(data, shape);
  return new NdArray(dt.kind, shape, data);
}

function fortranToC<T extends Uint8Array | BigInt64Array>(src: T, shape: number[]): T {
  const out = new (src.constructor as { new (n: number): T })(src.length);
  const nd = shape.length;
  const fStride = new Array<number>(nd);
  let s = 1;
  for (let d = 0; d < nd; d++) {
    fStride[d] = s;
    s *= shape[d];
  }
  const idx = new Array<number>(nd).fill(0);
  for (let c = 0; c < src.length; c++) {
    let f = 0;
    for (let d = 0; d < nd; d++) f += idx[d] * fStride[d];
    out[c] = src[f];
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

function buildArray(state: PickleValue, fail: (m: string) => never, budget: Budget): NdArray {
  // ndarray.__setstate__((version, shape, dtype, is_fortran, rawdata))
  const s = state instanceof PickleTuple ? state.items : fail(`numpy array state must be a tuple, got ${describePickle(state)}`);
  if (s.length !== 5 || s[0] !== 1) fail("numpy array state must be (1, shape, dtype, is_fortran, data)");
  const shape = ints(s[1], "numpy array shape", fail);
  const dt = s[2];
  if (!(dt instanceof DType)) fail(`numpy array state: the dtype must be numpy.dtype('u1') or ('i8'), got ${describePickle(dt)}`);
  const fortran = s[3];
  if (typeof fortran !== "boolean" && fortran !== 0 && fortran !== 1) fail(`numpy array state: is_fortran must be a bool, got ${describePickle(fortran)}`);
  const raw = s[4];
  if (!(raw instanceof Uint8Array)) fail(`numpy array data must be bytes, got ${describePickle(raw)}`);
  return toArray(dt as DType, shape, raw as Uint8Array, fortran === true || fortran === 1, fail, budget);
}

function buildDType(dt: DType, state: PickleValue, fail: (m: string) => never): void {
  // dtype.__setstate__: numpy >= 1.3 writes (3, '<', None, None, None, -1, -1, 0) (version 4 adds
  // metadata); older numpy wrote versions 0-2, shorter tuples that also lead with (version,) byte order.
  const s = state instanceof PickleTuple ? state.items : fail(`numpy dtype state must be a tuple, got ${describePickle(state)}`);
  const at = s.length === 5 && typeof s[0] !== "number" ? 0 : 1; // version 0 has no version number
  if (s.length < 5 || s.length > 9 || (at === 1 && !(typeof s[0] === "number" && s[0] >= 1 && s[0] <= 4))) {
    fail("numpy dtype state must be (3, byteorder, None, None, None, -1, -1, 0)");
  }
  const order = keyText(s[at]);
  if (order !== "<" && order !== ">" && order !== "|" && order !== "=") fail(`numpy dtype byte order must be '<', '>', '|' or '=', got ${describePickle(s[at])}`);
  for (let k = at + 1; k < s.length; k++) {
    const v = s[k];
    if (v !== null && typeof v !== "number" && !(k === s.length - 1 && s.length === 9 && v instanceof PickleDict && v.entries.length === 0)) {
      fail(`numpy dtype state: only plain dtypes (no fields, names, subarrays or metadata), got ${describePickle(v)}`);
    }
  }
  dt.byteOrder = order === "=" ? "<" : (order as "<" | ">" | "|");
}

