export { qr, type QrOptions } from "./qr.ts";
export { svd, svdvals, type SvdOptions } from "./svd.ts";
export { lstsq, type LstsqOptions, type LstsqResult } from "./lstsq.ts";
