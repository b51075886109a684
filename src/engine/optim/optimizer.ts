// What SGD and AdamW share: parameter groups (so, as nanoGPT does, biases and LayerNorm weights
// can skip weight decay), zeroGrad, and a serialisable state.
import { keep, zeros, type Tensor } from '../tensor';
import type { NamedTensor } from '../checkpoint/safetensors';

export interface ParamGroup<H> {
  params: Tensor[];
  /** Overrides of the optimizer's settings for this group (e.g. { weightDecay: 0 }). */
  options?: Partial<H>;
}

/** An optimizer's state: tensors by name (`state.<param index>.<buffer>`) and JSON-able settings. */
export interface OptimizerState {
  tensors: Record<string, Tensor>;
  meta: Record<string, unknown>;
}

export interface OptimizerStateSource {
  tensors: Record<string, Tensor | NamedTensor> | Map<string, Tensor | NamedTensor>;
  meta: Record<string, unknown>;
}

export function normalizeGroups<H>(params: Tensor[] | ParamGroup<H>[]): ParamGroup<H>[] {
  if (params.length === 0) throw new Error('optimizer got an empty parameter list');
  const groups = (params as unknown[]).every((p) => typeof p === 'object' && p !== null && 'params' in p)
    ? (params as ParamGroup<H>[])
    : [{ params: params as Tensor[] }];
  for (const g of groups) {
    for (const p of g.params) {
      if (!p.requiresGrad) throw new Error(`optimizer: a parameter of shape [${p.shape.join(', ')}] does not require gradients`);
    }
  }
  return groups;
}

export function stateEntry(source: OptimizerStateSource, name: string): Tensor | NamedTensor | undefined {
  return source.tensors instanceof Map ? source.tensors.get(name) : source.tensors[name];
}

/** Options over defaults, where an option left undefined keeps its default. */
export function withDefaults<H extends object>(defaults: H, options: Partial<H> = {}): H {
  const out = { ...defaults };
  for (const [k, v] of Object.entries(options)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** The parameter groups and zeroGrad every optimizer has; subclasses add `step` and their state. */
export abstract class Optimizer<H> {
  readonly groups: ParamGroup<H>[];

  constructor(params: Tensor[] | ParamGroup<H>[]) {
    this.groups = normalizeGroups(params);
  }

  get params(): Tensor[] {
    return this.groups.flatMap((g) => g.params);
  }

  zeroGrad(): void {
    for (const p of this.params) p.zeroGrad();
  }

  abstract step(): void;
}

/**
 * A new kept tensor holding state buffer `state.<i>.<name>` of `source` for parameter `p`; `who`
 * names the optimizer in errors (a missing buffer, or one whose shape differs from the parameter).
 */
export function loadStateBuffer(source: OptimizerStateSource, i: number, name: string, p: Tensor, who: string): Tensor {
  const key = `state.${i}.${name}`;
  const src = stateEntry(source, key);
  if (!src) throw new Error(`${who}.loadStateDict: ${key} is missing`);
  if (src.shape.length !== p.shape.length || src.shape.some((d, j) => d !== p.shape[j])) {
    throw new Error(`${who}.loadStateDict: ${key} has shape [${src.shape.join(', ')}] but parameter ${i} has [${p.shape.join(', ')}]`);
  }
  const buf = keep(zeros(p.shape));
  buf.assign('storage' in src ? src : src.data);
  return buf;
}
