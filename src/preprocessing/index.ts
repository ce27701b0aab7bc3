export { StandardScaler, type StandardScalerParams } from "./standard_scaler.ts";
export { MinMaxScaler, type MinMaxScalerParams } from "./min_max_scaler.ts";
export { LabelEncoder, type LabelEncoderInput } from "./label_encoder.ts";
export { OneHotEncoder, type OneHotEncoderParams, type CategoricalInput } from "./one_hot_encoder.ts";
