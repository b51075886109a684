// Where the CPU backend's time goes, by op family (matmul, attention, softmax, LayerNorm, GELU,
// elementwise, copies, optimizer…), for `npm run bench -- --profile`. Profiling is opt-in:
// `startProfile` shadows the backend's methods on the instance with timing wrappers and `stop`
// deletes them again, so when no profile is running the prototype's methods run untouched and
// cost nothing extra.
import type { MatmulArgs, UnaryOp } from '../../backend';
import type { CpuBackend } from './cpuBackend';

export type OpFamily =
  | 'matmul (linear layers)'
  | 'attention (q·kᵀ, weights·v)'
  | 'softmax'
  | 'LayerNorm'
  | 'GELU'
  | 'elementwise'
  | 'reductions'
  | 'reshapes / copies'
  | 'cross-entropy'
  | 'embedding'
  | 'optimizer';

export interface OpTiming {
  ms: number;
  calls: number;
}

export interface Profile {
  /** Time inside backend calls, by family. */
  families: Map<OpFamily, OpTiming>;
  /** The same time by backend method and op (e.g. `binary add`), for the details. */
  ops: Map<string, OpTiming>;
}

type Method = keyof CpuBackend;

/** The methods that compute; `read`, `peek`, `dispose` and `liveBuffers` only hand data around. */
const families: Partial<Record<Method, (args: unknown[]) => OpFamily>> = {
  matmul: (args) => {
    const m = args[2] as MatmulArgs;
    return m.batch > 1 && m.aBatched && m.bBatched ? 'attention (q·kᵀ, weights·v)' : 'matmul (linear layers)';
  },
  softmax: () => 'softmax',
  softmaxBackward: () => 'softmax',
  logSoftmax: () => 'softmax',
  layerNorm: () => 'LayerNorm',
  layerNormBackward: () => 'LayerNorm',
  unary: (args) => (args[0] === 'gelu' || args[0] === 'geluGrad' ? 'GELU' : 'elementwise'),
  binary: (args) => (args[0] === 'geluBackward' ? 'GELU' : 'elementwise'),
  reduce: () => 'reductions',
  expand: () => 'reshapes / copies',
  permute: () => 'reshapes / copies',
  narrow: () => 'reshapes / copies',
  unnarrow: () => 'reshapes / copies',
  copy: () => 'reshapes / copies',
  fromArray: () => 'reshapes / copies',
  full: () => 'reshapes / copies',
  crossEntropy: () => 'cross-entropy',
  crossEntropyBackward: () => 'cross-entropy',
  gather: () => 'embedding',
  scatterAdd: () => 'embedding',
  adamw: () => 'optimizer',
  sumOfSquares: () => 'optimizer',
  scaleInPlace: () => 'optimizer',
  sgd: () => 'optimizer',
};

const detail = (method: string, args: unknown[]) =>
  method === 'unary' || method === 'binary' || method === 'reduce' ? `${method} ${args[0] as UnaryOp}` : method;

function add(map: Map<string, OpTiming>, key: string, ms: number): void {
  const t = map.get(key);
  if (t) {
    t.ms += ms;
    t.calls++;
  } else map.set(key, { ms, calls: 1 });
}

/** Starts timing every computing call on `backend`; `stop()` restores it and returns the totals. */
export function startProfile(backend: CpuBackend): { stop: () => Profile } {
  const profile: Profile = { families: new Map(), ops: new Map() };
  const shadowed = backend as unknown as Record<string, unknown>;
  for (const [method, family] of Object.entries(families) as [Method, (args: unknown[]) => OpFamily][]) {
    const original = (backend[method] as (...args: unknown[]) => unknown).bind(backend);
    shadowed[method] = (...args: unknown[]) => {
      const t0 = performance.now();
      const result = original(...args);
      const ms = performance.now() - t0;
      add(profile.families as Map<string, OpTiming>, family(args), ms);
      add(profile.ops, detail(method, args), ms);
      return result;
    };
  }
  return {
    stop: () => {
      for (const method of Object.keys(families)) delete shadowed[method];
      return profile;
    },
  };
}
