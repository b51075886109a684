export { Module, type StateDict, type StateSource } from './module';
export { Linear, type LinearOptions } from './linear';
export { Embedding } from './embedding';
export { LayerNorm } from './layernorm';
export { Dropout } from './dropout';
export { MLP, type MlpActivation } from './mlp';
export { GPT, gptParameterCount, type GPTConfig, type GPTOutput, type GPTParameterCount, type GenerateOptions } from './gpt';
export { samplingDistribution, sampleIndex, temperatureSoftmax, topKFilter, topPFilter, type SamplingOptions } from './sampling';
