export { CpuBackend, cpuBackend, type CpuStorage } from './cpuBackend';
