export { Callback, CallbackList, type CallbackLike, type CallbackListOptions } from "./callback.ts";
export { History } from "./history.ts";
export { ProgbarLogger, type ProgbarLoggerOptions } from "./progbar_logger.ts";
export { EarlyStopping, type EarlyStoppingOptions } from "./early_stopping.ts";
export { ModelCheckpoint, type ModelCheckpointOptions } from "./model_checkpoint.ts";
export { LearningRateScheduler, type LearningRateSchedulerOptions } from "./learning_rate_scheduler.ts";
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from "./reduce_lr_on_plateau.ts";
export { CSVLogger, type CSVLoggerOptions } from "./csv_logger.ts";
export { TerminateOnNaN, type TerminateOnNaNOptions } from "./terminate_on_nan.ts";
