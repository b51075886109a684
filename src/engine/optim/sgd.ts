// Stochastic gradient descent as torch.optim.SGD: with weight decay g += wd·p, and with momentum
// a velocity buf = μ·buf + g that the step follows (p -= lr·buf) instead of the raw gradient.
import { keep, zeros, type Tensor } from '../tensor';
import { Optimizer, loadStateBuffer, withDefaults, type OptimizerState, type OptimizerStateSource, type ParamGroup } from './optimizer';

export interface SGDOptions {
  lr: number;
  momentum: number;
  weightDecay: number;
}

export class SGD extends Optimizer<SGDOptions> {
  lr: number;
  momentum: number;
  weightDecay: number;
  private buffers = new Map<Tensor, Tensor>();

  constructor(params: Tensor[] | ParamGroup<SGDOptions>[], options: Partial<SGDOptions> & { lr: number }) {
    super(params);
    const o = withDefaults<SGDOptions>({ lr: options.lr, momentum: 0, weightDecay: 0 }, options);
    checkOptions(o);
    this.lr = o.lr;
    this.momentum = o.momentum;
    this.weightDecay = o.weightDecay;
    for (const g of this.groups) checkOptions(withDefaults(o, g.options));
  }

  step(): void {
    for (const g of this.groups) {
      const lr = g.options?.lr ?? this.lr;
      const momentum = g.options?.momentum ?? this.momentum;
      const weightDecay = g.options?.weightDecay ?? this.weightDecay;
      for (const p of g.params) {
        if (!p.grad) continue;
        let buf = this.buffers.get(p) ?? null;
        if (momentum !== 0 && !buf) this.buffers.set(p, (buf = keep(zeros(p.shape))));
        p.backend.sgd(p.storage, p.grad.storage, momentum !== 0 ? buf!.storage : null, lr, momentum, weightDecay);
      }
    }
  }

  stateDict(): OptimizerState {
    const tensors: Record<string, Tensor> = {};
    const hasBuffer: boolean[] = [];
    this.params.forEach((p, i) => {
      const buf = this.buffers.get(p);
      hasBuffer.push(!!buf);
      if (buf) tensors[`state.${i}.momentum_buffer`] = buf;
    });
    return { tensors, meta: { type: 'SGD', lr: this.lr, momentum: this.momentum, weightDecay: this.weightDecay, hasBuffer } };
  }

  loadStateDict(source: OptimizerStateSource): void {
    const meta = source.meta;
    if (meta.type !== 'SGD') throw new Error(`SGD.loadStateDict: the state is from ${String(meta.type)}, not SGD`);
    const hasBuffer = meta.hasBuffer as boolean[];
    const params = this.params;
    if (!Array.isArray(hasBuffer) || hasBuffer.length !== params.length) {
      throw new Error(`SGD.loadStateDict: the state has ${hasBuffer?.length} parameters but this optimizer has ${params.length}`);
    }
    this.lr = meta.lr as number;
    this.momentum = meta.momentum as number;
    this.weightDecay = meta.weightDecay as number;
    for (const b of this.buffers.values()) b.dispose();
    this.buffers.clear();
    params.forEach((p, i) => {
      if (!hasBuffer[i]) return;
      this.buffers.set(p, loadStateBuffer(source, i, 'momentum_buffer', p, 'SGD'));
    });
  }
}

function checkOptions(o: SGDOptions): void {
  if (!(o.lr >= 0) || !Number.isFinite(o.lr)) throw new Error(`SGD: lr must be a finite number ≥ 0, got ${o.lr}`);
  if (!(o.momentum >= 0 && o.momentum < 1)) throw new Error(`SGD: momentum must be in [0, 1), got ${o.momentum}`);
  if (!(o.weightDecay >= 0)) throw new Error(`SGD: weightDecay must be ≥ 0, got ${o.weightDecay}`);
}
