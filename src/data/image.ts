/**
 * Image files in and out: PNG and JPEG decoded into int32 tensors of values 0..255 (what
 * `np.asarray(PIL.Image.open(path))` gives), and tensors encoded back, through fast-png and jpeg-js
 * (pure JavaScript). `decodeImage` / `encodeImage` work on bytes and never touch files (they run in a
 * browser); `readImage` / `writeImage` add the files in Node.
 *
 * Layouts: [H, W] grey (never [H, W, 1]), [H, W, 2] grey + alpha (PIL's "LA"), [H, W, 3] RGB,
 * [H, W, 4] RGBA. Palette PNGs are expanded to RGB, or RGBA when they carry transparency; 1-, 2- and
 * 4-bit grey is scaled to 0..255 (1-bit: 0 / 255, like PIL's convert("L")); 16-bit samples keep their
 * high byte (`v >> 8`, what PIL does for 16-bit RGB). A tRNS colour key on grey or RGB is ignored (as
 * np.asarray of PIL's "L" / "RGB" image ignores it). Grey JPEGs give [H, W]; CMYK JPEGs are converted
 * to RGB.
 * @example
 * const img = data.readImage("digit.png");               // int32 [28, 28], 0..255
 * const x = data.transforms.toTensor(img);                // float32 [1, 28, 28], 0..1
 * data.writeImage("out.png", x.mul(255).squeeze(0));      // floats are rounded and clamped
 */
import { decode as decodePng, encode as encodePng } from "fast-png";
import { decode as decodeJpeg, encode as encodeJpeg } from "jpeg-js";
import { Unzlib } from "fflate";
import { Tensor } from "../tensor/tensor.ts";
import { formatShape } from "../tensor/shape.ts";
import { readRegularFile, writeFileAtomic } from "../io/files.ts";

/** The image file formats: PNG (lossless) and JPEG (lossy, no alpha). */
export type ImageFormat = "png" | "jpeg";

/** Options of `encodeImage` / `writeImage`. */
export interface ImageWriteOptions {
  /** JPEG quality, 1..100 (default 75, PIL's default); ignored for PNG. */
  quality?: number;
}

/**
 * The largest image decoded: width * height * channels values (2^28, a 16384 x 16384 RGBA image), checked
 * from the header before anything is allocated.
 * @example
 * data.MAX_IMAGE_VALUES; // 268435456
 */
export const MAX_IMAGE_VALUES = 2 ** 28;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

class ImageError extends Error {}

function fail(op: string, source: string, message: string): never {
  throw new ImageError(`${op}: ${source}: ${message}`);
}

function hexBytes(bytes: Uint8Array, n: number): string {
  return Array.from(bytes.subarray(0, n), (b) => b.toString(16).padStart(2, "0")).join(" ");
}

/** A decoder's own error message, cut to 200 characters. */
function reason(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 200);
}

function checkSize(op: string, source: string, width: number, height: number, channels: number): void {
  if (width <= 0 || height <= 0) fail(op, source, `image has no pixels (width ${width}, height ${height})`);
  const values = width * height * channels;
  if (values > MAX_IMAGE_VALUES) {
    fail(op, source, `image is too large: ${width} x ${height} x ${channels} = ${values} values, the limit is 2^28 (${MAX_IMAGE_VALUES})`);
  }
}

// ---------------------------------------------------------------- PNG

interface PngHeader {
  width: number;
  height: number;
  depth: number;
  colorType: number;
  interlace: number;
  idat: Uint8Array[];
}

const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const PNG_DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

/** Reads the chunk structure: IHDR first, every chunk inside the file, IDAT present, IEND reached. */
function readPngChunks(op: string, source: string, bytes: Uint8Array): PngHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 33) fail(op, source, `truncated PNG: ${bytes.length} bytes, too short for the IHDR header`);
  const type = (o: number): string => String.fromCharCode(bytes[o], bytes[o + 1], bytes[o + 2], bytes[o + 3]);
  if (view.getUint32(8) !== 13 || type(12) !== "IHDR") fail(op, source, "corrupt PNG: the first chunk is not a 13-byte IHDR");
  const header: PngHeader = {
    width: view.getUint32(16),
    height: view.getUint32(20),
    depth: bytes[24],
    colorType: bytes[25],
    interlace: bytes[28],
    idat: [],
  };
  const channels = PNG_CHANNELS[header.colorType];
  if (channels === undefined) fail(op, source, `corrupt PNG: unknown colour type ${header.colorType}`);
  if (!PNG_DEPTHS[header.colorType].includes(header.depth)) {
    fail(op, source, `corrupt PNG: bit depth ${header.depth} is not allowed for colour type ${header.colorType}`);
  }
  if (header.interlace > 1) fail(op, source, `corrupt PNG: unknown interlace method ${header.interlace}`);
  // palette images come out as RGB(A): count 4 values per pixel for them
  checkSize(op, source, header.width, header.height, header.colorType === 3 ? 4 : channels);
  let o = 8;
  let ended = false;
  while (o < bytes.length) {
    if (o + 12 > bytes.length) fail(op, source, `truncated PNG: a chunk header at byte ${o} runs past the end (${bytes.length} bytes)`);
    const length = view.getUint32(o);
    const kind = type(o + 4);
    if (o + 12 + length > bytes.length) {
      fail(op, source, `truncated PNG: chunk ${JSON.stringify(kind)} at byte ${o} needs ${length} bytes of data, the file ends first`);
    }
    if (kind === "IDAT") header.idat.push(bytes.subarray(o + 8, o + 8 + length));
    o += 12 + length;
    if (kind === "IEND") {
      ended = true;
      break;
    }
  }
  if (header.idat.length === 0) fail(op, source, "corrupt PNG: no IDAT chunk (no image data)");
  if (!ended) fail(op, source, "truncated PNG: no IEND chunk");
  return header;
}

/** Bytes of filtered scanlines the header promises (all seven Adam7 passes when interlaced). */
function pngRawSize(h: PngHeader): number {
  const bits = PNG_CHANNELS[h.colorType] * h.depth;
  const rows = (w: number, n: number): number => (w > 0 && n > 0 ? n * (1 + Math.ceil((w * bits) / 8)) : 0);
  if (h.interlace === 0) return rows(h.width, h.height);
  const passes = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];
  return passes.reduce((sum, [x0, y0, dx, dy]) => sum + rows(Math.ceil((h.width - x0) / dx), Math.ceil((h.height - y0) / dy)), 0);
}

/**
 * Inflates the image data without keeping it, to check that it holds exactly the promised bytes:
 * a deflate bomb stops as soon as it passes that size, a short stream is a truncated file.
 */
function checkPngData(op: string, source: string, h: PngHeader): void {
  const expected = pngRawSize(h);
  let got = 0;
  const inflater = new Unzlib((chunk) => {
    got += chunk.length;
    if (got > expected) fail(op, source, `corrupt PNG: the image data inflates past the ${expected} bytes that ${h.width} x ${h.height} pixels need`);
  });
  try {
    h.idat.forEach((part, i) => inflater.push(part, i === h.idat.length - 1));
  } catch (err) {
    if (err instanceof ImageError) throw err;
    fail(op, source, `corrupt PNG: the image data does not inflate (${reason(err)})`);
  }
  if (got < expected) fail(op, source, `truncated PNG: the image data holds ${got} bytes, ${h.width} x ${h.height} pixels need ${expected}`);
}

function decodePngTensor(op: string, source: string, bytes: Uint8Array): Tensor {
  const header = readPngChunks(op, source, bytes);
  checkPngData(op, source, header);
  let png: ReturnType<typeof decodePng>;
  try {
    png = decodePng(bytes, { checkCrc: true });
  } catch (err) {
    return fail(op, source, `corrupt PNG (${reason(err)})`);
  }
  const { width, height, depth } = png;
  const n = width * height;
  const src = png.data;
  if (header.colorType === 3) {
    const palette = png.palette;
    if (palette === undefined || palette.length === 0) fail(op, source, "corrupt PNG: a palette image without a PLTE chunk");
    const c = palette[0].length;
    const out = new Int32Array(n * c);
    const rowBytes = Math.ceil((width * depth) / 8);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const bit = x * depth;
        const index = (src[y * rowBytes + (bit >> 3)] >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
        if (index >= palette.length) fail(op, source, `corrupt PNG: pixel (${y}, ${x}) uses palette entry ${index}, the palette has ${palette.length}`);
        const colour = palette[index];
        for (let k = 0; k < c; k++) out[(y * width + x) * c + k] = colour[k] ?? 255;
      }
    }
    return new Tensor(out, [height, width, c]);
  }
  const channels = png.channels;
  const out = new Int32Array(n * channels);
  if (depth === 16) for (let i = 0; i < out.length; i++) out[i] = src[i] >> 8;
  else if (depth === 8) for (let i = 0; i < out.length; i++) out[i] = src[i];
  else {
    const rowBytes = Math.ceil((width * depth) / 8);
    const scale = 255 / ((1 << depth) - 1);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const bit = x * depth;
        out[y * width + x] = ((src[y * rowBytes + (bit >> 3)] >> (8 - depth - (bit & 7))) & ((1 << depth) - 1)) * scale;
      }
    }
  }
  return new Tensor(out, channels === 1 ? [height, width] : [height, width, channels]);
}

// ---------------------------------------------------------------- JPEG

/** Walks the JPEG markers up to the first scan: the frame's size and number of components. */
function readJpegFrame(op: string, source: string, bytes: Uint8Array): { width: number; height: number; components: number } {
  let o = 2;
  let frame: { width: number; height: number; components: number } | null = null;
  while (o < bytes.length) {
    if (bytes[o] !== 0xff) fail(op, source, `corrupt JPEG: expected a marker at byte ${o}, found 0x${bytes[o].toString(16)}`);
    const marker = bytes[o + 1];
    if (marker === undefined) break;
    if (marker === 0xff) {
      o++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      o += 2;
      continue;
    }
    if (o + 4 > bytes.length) break;
    const length = (bytes[o + 2] << 8) | bytes[o + 3];
    if (length < 2 || o + 2 + length > bytes.length) {
      fail(op, source, `truncated JPEG: segment 0xff${marker.toString(16)} at byte ${o} runs past the end (${bytes.length} bytes)`);
    }
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (length < 8) fail(op, source, "corrupt JPEG: frame header too short");
      frame = { height: (bytes[o + 5] << 8) | bytes[o + 6], width: (bytes[o + 7] << 8) | bytes[o + 8], components: bytes[o + 9] };
    }
    if (marker === 0xda) {
      if (frame === null) fail(op, source, "corrupt JPEG: a scan before any frame header");
      // the entropy-coded data never holds 0xff 0xd9 (0xff is stuffed as 0xff 0x00): the end marker must follow
      let end = -1;
      for (let i = bytes.length - 2; i > o; i--) {
        if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) {
          end = i;
          break;
        }
      }
      if (end === -1) fail(op, source, "truncated JPEG: no end-of-image marker after the scan data");
      return frame;
    }
    o += 2 + length;
  }
  return fail(op, source, "truncated JPEG: the file ends before the image data");
}

function decodeJpegTensor(op: string, source: string, bytes: Uint8Array): Tensor {
  const frame = readJpegFrame(op, source, bytes);
  if (frame.components !== 1 && frame.components !== 3 && frame.components !== 4) {
    fail(op, source, `unsupported JPEG: ${frame.components} colour components (1, 3 or 4 are read)`);
  }
  checkSize(op, source, frame.width, frame.height, 3);
  // Huffman coding spends at least one bit on every 8 x 8 block (its DC value), so a frame's size is
  // checked against the file before jpeg-js allocates for it (a 341-byte file claiming 9000 x 9000
  // pixels took 760 MB and 2 s to refuse); jpeg-js reads no arithmetic-coded JPEG.
  const blocks = Math.ceil(frame.width / 8) * Math.ceil(frame.height / 8);
  if (bytes.length * 8 < blocks) {
    fail(op, source, `truncated JPEG: ${frame.width} x ${frame.height} pixels need at least ${Math.ceil(blocks / 8)} bytes ` +
      `of image data (a bit per 8 x 8 block), the file has ${bytes.length}`);
  }
  let jpeg: { width: number; height: number; data: Uint8Array };
  try {
    jpeg = decodeJpeg(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      tolerantDecoding: false,
      maxResolutionInMP: Math.ceil(MAX_IMAGE_VALUES / 3 / 1e6),
      maxMemoryUsageInMB: 2048,
    });
  } catch (err) {
    return fail(op, source, `corrupt JPEG (${reason(err)})`);
  }
  const { width, height, data } = jpeg;
  if (width !== frame.width || height !== frame.height) fail(op, source, "corrupt JPEG: decoded size differs from the frame header");
  const n = width * height;
  if (frame.components === 1) {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = data[3 * i];
    return new Tensor(out, [height, width]);
  }
  return new Tensor(Int32Array.from(data.subarray(0, 3 * n)), [height, width, 3]);
}

// ---------------------------------------------------------------- decode / read

function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

function decodeWith(op: string, source: string, bytes: Uint8Array): Tensor {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${op}: expected a Uint8Array of file bytes, got ${typeof bytes}`);
  if (bytes.length === 0) fail(op, source, "the file is empty");
  if (isPng(bytes)) return decodePngTensor(op, source, bytes);
  if (isJpeg(bytes)) return decodeJpegTensor(op, source, bytes);
  return fail(op, source, `not a PNG or JPEG image (it starts with bytes ${hexBytes(bytes, 8)})`);
}

/**
 * Decodes the bytes of a PNG or JPEG file (the format is sniffed from the magic bytes, not a name)
 * into an int32 Tensor of values 0..255: [H, W] grey, [H, W, 2] grey + alpha, [H, W, 3] RGB or
 * [H, W, 4] RGBA (see the module's notes for palettes, low and high bit depths).
 * @param bytes the file's contents
 * @param source a name for error messages (default "<bytes>")
 * @throws Error `decodeImage: <source>: ...` for a format that is neither PNG nor JPEG, a truncated or
 *   corrupt file, or one larger than `MAX_IMAGE_VALUES` values (checked before decoding).
 * @example
 * const img = data.decodeImage(new Uint8Array(await (await fetch("cat.png")).arrayBuffer())); // [H, W, 3]
 */
export function decodeImage(bytes: Uint8Array, source = "<bytes>"): Tensor {
  return decodeWith("decodeImage", source, bytes);
}

/**
 * Reads a PNG or JPEG image (Node: a path; anywhere: the file's bytes) into an int32 Tensor of values
 * 0..255, [H, W] for grey and [H, W, 3] / [H, W, 4] for colour, like `np.asarray(PIL.Image.open(path))`.
 * @param input a file path, or the file's bytes
 * @throws Error `readImage: <path>: ...` for a missing, truncated, corrupt or too large file.
 * @example
 * const img = data.readImage("examples/digit.png");   // int32 [28, 28]
 * img.max().item();                                    // 255
 */
export function readImage(input: string | Uint8Array): Tensor {
  if (typeof input === "string") return decodeWith("readImage", input, readRegularFile(input, "readImage"));
  return decodeWith("readImage", "<bytes>", input);
}

// ---------------------------------------------------------------- encode / write

/** The image as 8-bit samples (floats rounded and clamped to 0..255), with its size and channels. */
function toBytes(op: string, image: Tensor): { width: number; height: number; channels: number; data: Uint8Array } {
  if (!(image instanceof Tensor)) throw new TypeError(`${op}: expected a Tensor image`);
  const s = image.shape;
  const ok = s.length === 2 || (s.length === 3 && s[2] >= 1 && s[2] <= 4);
  if (!ok) {
    const hint = s.length === 3 && s[0] >= 1 && s[0] <= 4 ? ` (a CHW image? use image.permute(1, 2, 0))` : "";
    throw new Error(`${op}: an image must be [H, W], [H, W, 1], [H, W, 2], [H, W, 3] or [H, W, 4], got ${formatShape(s)}${hint}`);
  }
  const [height, width] = s;
  const channels = s.length === 2 ? 1 : s[2];
  if (height === 0 || width === 0) throw new Error(`${op}: the image has no pixels (shape ${formatShape(s)})`);
  const src = image.data;
  const data = new Uint8Array(src.length);
  if (image.dtype === "bool") {
    for (let i = 0; i < src.length; i++) data[i] = src[i] === 0 ? 0 : 255; // like PIL's mode "1": black and white
    return { width, height, channels, data };
  }
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    if (Number.isNaN(v)) throw new Error(`${op}: the image holds NaN (value ${i}); values must be numbers 0..255`);
    data[i] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
  }
  return { width, height, channels, data };
}

/**
 * Encodes an image tensor as PNG or JPEG bytes. Values are 0..255 (floats are rounded, everything is
 * clamped; a bool mask is written black and white, 0 / 255, as PIL writes a mode "1" image); shapes [H, W] or [H, W, 1] (grey), [H, W, 2] (grey + alpha, PNG only), [H, W, 3] (RGB),
 * [H, W, 4] (RGBA, PNG only). jpeg-js writes colour JPEGs only: a grey image is written as RGB with
 * three equal channels (and reads back as [H, W, 3]).
 * @param image the pixels
 * @param format "png" (default) or "jpeg"
 * @param options `quality` for JPEG, 1..100 (default 75)
 * @example
 * const png = data.encodeImage(bp.randint(0, 256, [8, 8, 3]), "png"); // Uint8Array
 */
export function encodeImage(image: Tensor, format: ImageFormat = "png", options: ImageWriteOptions = {}): Uint8Array {
  return encodeWith("encodeImage", image, format, options);
}

function encodeWith(op: string, image: Tensor, format: ImageFormat, options: ImageWriteOptions): Uint8Array {
  if (format !== "png" && format !== "jpeg") throw new Error(`${op}: format must be "png" or "jpeg", got ${JSON.stringify(format)}`);
  const quality = options.quality ?? 75;
  if (typeof quality !== "number" || !Number.isInteger(quality) || quality < 1 || quality > 100) {
    throw new Error(`${op}: quality must be an integer from 1 to 100, got ${String(quality)}`);
  }
  const { width, height, channels, data } = toBytes(op, image);
  if (format === "png") return encodePng({ width, height, data, depth: 8, channels });
  if (channels === 2 || channels === 4) {
    throw new Error(`${op}: JPEG has no alpha channel: drop it (image.index("...", ":3")) or write PNG`);
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    for (let k = 0; k < 3; k++) rgba[4 * i + k] = data[channels * i + (channels === 3 ? k : 0)];
    rgba[4 * i + 3] = 255;
  }
  const encoded = encodeJpeg({ width, height, data: rgba }, quality).data;
  return new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength);
}

/**
 * Writes an image tensor to a PNG or JPEG file, chosen by the extension (.png, .jpg, .jpeg), written
 * atomically; see `encodeImage` for the values and shapes.
 * @param path the file to write (its folder is created)
 * @param image [H, W], [H, W, 1], [H, W, 2], [H, W, 3] or [H, W, 4], values 0..255
 * @param options `quality` for JPEG, 1..100 (default 75)
 * @example
 * data.writeImage("runs/sample.png", img);
 * data.writeImage("runs/sample.jpg", img, { quality: 90 });
 */
export function writeImage(path: string, image: Tensor, options: ImageWriteOptions = {}): void {
  if (typeof path !== "string") throw new TypeError(`writeImage: path must be a string, got ${typeof path}`);
  const ext = /\.([^./\\]+)$/.exec(path)?.[1]?.toLowerCase();
  const format: ImageFormat | null = ext === "png" ? "png" : ext === "jpg" || ext === "jpeg" ? "jpeg" : null;
  if (format === null) throw new Error(`writeImage: ${path}: unknown image extension; use .png, .jpg or .jpeg`);
  writeFileAtomic(path, encodeWith(`writeImage: ${path}`, image, format, options), "writeImage");
}
