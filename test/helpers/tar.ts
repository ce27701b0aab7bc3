/*
 * Tar archives built by hand for the tests of src/data/archive.ts and the CIFAR-10 reader: ustar headers
 * with correct checksums (or whatever size a test wants to declare), data padded to 512 bytes.
 */
import { concat } from "./arrays.ts";

/** One entry: `type` is the tar type flag ("0" file, "5" folder, "2" symlink, "L" long name, "x" pax). */
export interface Entry {
  name: string;
  data?: Uint8Array | string;
  type?: string;
  /** Size written in the header (default: the data's length). */
  size?: number;
  /** ustar's name prefix field. */
  prefix?: string;
}

/** A ustar header block with a correct checksum. */
export function header(e: Entry, size: number): Uint8Array {
  const h = new Uint8Array(512);
  const put = (at: number, s: string): void => {
    for (let k = 0; k < s.length; k++) h[at + k] = s.charCodeAt(k);
  };
  put(0, e.name);
  put(100, "0000644\0");
  put(108, "0001750\0");
  put(116, "0001750\0");
  put(124, size.toString(8).padStart(11, "0") + "\0");
  put(136, "14712345670\0");
  put(156, e.type ?? "0");
  put(257, "ustar\0");
  put(263, "00");
  if (e.prefix !== undefined) put(345, e.prefix);
  put(148, "        ");
  const sum = h.reduce((a, b) => a + b, 0);
  put(148, sum.toString(8).padStart(6, "0") + "\0 ");
  return h;
}

/** A tar archive built by hand: header, data padded to 512, two zero blocks at the end. */
export function tar(entries: Entry[], { end = true } = {}): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const e of entries) {
    const data = typeof e.data === "string" ? new TextEncoder().encode(e.data) : (e.data ?? new Uint8Array(0));
    blocks.push(header(e, e.size ?? data.length));
    const padded = new Uint8Array(Math.ceil(data.length / 512) * 512);
    padded.set(data);
    blocks.push(padded);
  }
  if (end) blocks.push(new Uint8Array(1024));
  return concat(...blocks);
}

