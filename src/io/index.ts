export { save, load } from "./checkpoint.ts";
export {
  serializeSafetensors, parseSafetensors, writeSafetensorsFile, readSafetensorsFile,
  type SafetensorsDtype, type SafetensorsTensor, type SafetensorsContents,
} from "./safetensors.ts";
export { toBytes, type BytesInput, type ToBytesOptions } from "./bytes.ts";
export { exportOnnx, onnxBytes, type ExportOnnxOptions, type OnnxKerasModel, type OnnxKerasLayer } from "./onnx.ts";
