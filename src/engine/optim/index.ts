export { AdamW, type AdamWOptions } from './adamw';
export { SGD, type SGDOptions } from './sgd';
export { clipGradNorm } from './clip';
export type { OptimizerState, OptimizerStateSource, ParamGroup } from './optimizer';
