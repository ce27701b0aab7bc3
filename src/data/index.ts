/**
 * Data sets, loaders and transforms, like `torch.utils.data` and torchvision's `transforms`; readers
 * for data files.
 * @example
 * const [train, test] = data.randomSplit(new data.TensorDataset(images, labels), [0.8, 0.2]);
 * for (const [x, y] of new data.DataLoader(train, { batchSize: 64, shuffle: true })) { ... }
 */
export { type Dataset, TensorDataset, Subset } from "./dataset.ts";
export { DataLoader, type DataLoaderOptions } from "./dataloader.ts";
export { defaultCollate, type Collated } from "./collate.ts";
export { randomSplit } from "./random_split.ts";
export * as transforms from "./transforms.ts";
export { readIdx, parseIdx, type IdxArray, type IdxData, type IdxDtype } from "./idx.ts";
export { readCsv, parseCsv, type CsvOptions, type CsvTable, type CsvColumns, type CsvDtype } from "./csv.ts";
export { readImage, decodeImage, writeImage, encodeImage, MAX_IMAGE_VALUES, type ImageFormat, type ImageWriteOptions } from "./image.ts";
export { parseCifarBinary, parseCifarPickle, parseCifarMeta, type CifarBatch } from "./cifar.ts";
export { readTar, readTarFile, gunzip, type TarEntry, type ReadTarOptions } from "./archive.ts";
