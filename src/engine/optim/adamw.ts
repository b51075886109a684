// AdamW exactly as torch.optim.AdamW: decoupled weight decay (p -= lr·wd·p), moving averages of
// the gradient (m) and its square (v), bias correction by the step count. The arithmetic runs in
// the backend's fused `adamw` update, in place, over every parameter of a group in one call.
import { keep, zeros, type Tensor } from '../tensor';
import { Optimizer, loadStateBuffer, withDefaults, type OptimizerState, type OptimizerStateSource, type ParamGroup } from './optimizer';

export interface AdamWOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
}

const DEFAULTS: AdamWOptions = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.01 };

interface ParamState {
  m: Tensor;
  v: Tensor;
  step: number;
}

export class AdamW extends Optimizer<AdamWOptions> {
  /** Learning rate; change it between steps for warm-up or decay schedules. */
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  private state = new Map<Tensor, ParamState>();

  constructor(params: Tensor[] | ParamGroup<AdamWOptions>[], options: Partial<AdamWOptions> = {}) {
    super(params);
    const o = withDefaults(DEFAULTS, options);
    checkOptions(o);
    this.lr = o.lr;
    this.betas = [o.betas[0], o.betas[1]];
    this.eps = o.eps;
    this.weightDecay = o.weightDecay;
    for (const g of this.groups) checkOptions(withDefaults(o, g.options));
  }

  /** Updates every parameter that has a gradient (others are skipped, as in PyTorch). */
  step(): void {
    for (const g of this.groups) {
      const lr = g.options?.lr ?? this.lr;
      const [beta1, beta2] = g.options?.betas ?? this.betas;
      const eps = g.options?.eps ?? this.eps;
      const weightDecay = g.options?.weightDecay ?? this.weightDecay;
      // One backend call per group and step count (counts differ only where some parameters had
      // no gradient at some step).
      const byStep = new Map<number, { params: Tensor[]; states: ParamState[] }>();
      for (const p of g.params) {
        if (!p.grad) continue;
        let s = this.state.get(p);
        if (!s) this.state.set(p, (s = { m: keep(zeros(p.shape)), v: keep(zeros(p.shape)), step: 0 }));
        s.step++;
        const batch = byStep.get(s.step) ?? byStep.set(s.step, { params: [], states: [] }).get(s.step)!;
        batch.params.push(p);
        batch.states.push(s);
      }
      for (const [step, { params, states }] of byStep) {
        params[0].backend.adamw(
          params.map((p) => p.storage), params.map((p) => p.grad!.storage),
          states.map((s) => s.m.storage), states.map((s) => s.v.storage),
          { lr, beta1, beta2, eps, weightDecay, step },
        );
      }
    }
  }

  /** m and v of parameter i under `state.i.exp_avg` / `state.i.exp_avg_sq` (PyTorch's names), steps in meta. */
  stateDict(): OptimizerState {
    const tensors: Record<string, Tensor> = {};
    const steps: (number | null)[] = [];
    this.params.forEach((p, i) => {
      const s = this.state.get(p);
      steps.push(s ? s.step : null);
      if (!s) return;
      tensors[`state.${i}.exp_avg`] = s.m;
      tensors[`state.${i}.exp_avg_sq`] = s.v;
    });
    return {
      tensors,
      meta: { type: 'AdamW', lr: this.lr, betas: this.betas, eps: this.eps, weightDecay: this.weightDecay, steps },
    };
  }

  loadStateDict(source: OptimizerStateSource): void {
    const meta = source.meta;
    if (meta.type !== 'AdamW') throw new Error(`AdamW.loadStateDict: the state is from ${String(meta.type)}, not AdamW`);
    const steps = meta.steps as (number | null)[];
    const params = this.params;
    if (!Array.isArray(steps) || steps.length !== params.length) {
      throw new Error(`AdamW.loadStateDict: the state has ${steps?.length} parameters but this optimizer has ${params.length}`);
    }
    this.lr = meta.lr as number;
    this.betas = [...(meta.betas as [number, number])];
    this.eps = meta.eps as number;
    this.weightDecay = meta.weightDecay as number;
    for (const s of this.state.values()) {
      s.m.dispose();
      s.v.dispose();
    }
    this.state.clear();
    params.forEach((p, i) => {
      const step = steps[i];
      if (step === null) return;
      const m = loadStateBuffer(source, i, 'exp_avg', p, 'AdamW');
      const v = loadStateBuffer(source, i, 'exp_avg_sq', p, 'AdamW');
      this.state.set(p, { m, v, step });
    });
  }
}

function checkOptions(o: AdamWOptions): void {
  if (!(o.lr >= 0) || !Number.isFinite(o.lr)) throw new Error(`AdamW: lr must be a finite number ≥ 0, got ${o.lr}`);
  if (!(o.betas[0] >= 0 && o.betas[0] < 1 && o.betas[1] >= 0 && o.betas[1] < 1)) throw new Error(`AdamW: betas must be in [0, 1), got [${o.betas.join(', ')}]`);
  if (!(o.eps >= 0)) throw new Error(`AdamW: eps must be ≥ 0, got ${o.eps}`);
  if (!(o.weightDecay >= 0)) throw new Error(`AdamW: weightDecay must be ≥ 0, got ${o.weightDecay}`);
}
