export { Figure, type ToPngOptions } from "./figure.ts";
export { configure, svgToPng, renderSpec, FONT_FAMILY, type PlotConfig, type Box, type FigureLayout, type ChartSpec, type Rendered } from "./render.ts";
export {
  colormap, colormapBytes, COLORMAP_NAMES, TAB10, lighten, hexToBytes, bytesToHex, valuesToPixels, tensorToPixels, pngDataUrl,
  type ColormapName, type RGB, type PixelGrid, type ColorScaleOptions,
} from "./colormap.ts";
export { lines, type LinesOptions, type HistoryLike, type SeriesRecord } from "./lines.ts";
export { scatter, lineEquation, type ScatterOptions, type LineSpec } from "./scatter.ts";
export { image, type ImageOptions } from "./image.ts";
export { imageGrid, weightsAsImages, type ImageGridOptions, type WeightsAsImagesOptions } from "./image_grid.ts";
export { decisionBoundary, type DecisionBoundaryOptions, type Classifier2D } from "./decision_boundary.ts";
export { confusionMatrix, type ConfusionMatrixOptions } from "./confusion_matrix.ts";
export { activations, activationCurve, ACTIVATIONS, type ActivationsOptions } from "./activations.ts";
