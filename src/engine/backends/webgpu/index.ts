export * from './device';
export * from './webgpuBackend';
