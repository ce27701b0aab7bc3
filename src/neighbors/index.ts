export { KNeighborsClassifier } from "./k_neighbors_classifier.ts";
export { KNeighborsRegressor } from "./k_neighbors_regressor.ts";
export { NearestCentroid, type NearestCentroidParams } from "./nearest_centroid.ts";
export { type KNeighborsParams } from "./neighbors_base.ts";
export { type MetricName } from "./metric.ts";
