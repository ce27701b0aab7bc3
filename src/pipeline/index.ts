export { Pipeline, makePipeline, nameEstimators, type PipelineParams, type Step, type StepEstimator } from "./pipeline.ts";
