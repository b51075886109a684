// Module: the base of every layer, as torch.nn.Module. A module's parameters are the tensors in
// its fields, and its sub-modules are the modules in its fields — directly, in arrays (PyTorch's
// ModuleList) or in plain objects (ModuleDict). Names join field names with dots, so the GPT's
// fields spell nanoGPT's parameter names (`transformer.h.0.attn.c_attn.weight`).
import { Tensor } from '../tensor';
import type { NamedTensor } from '../checkpoint/safetensors';

export type StateDict = Record<string, Tensor>;
/** What loadStateDict accepts: tensors, or plain { shape, data } as read from a checkpoint file. */
export type StateSource = Record<string, Tensor | NamedTensor> | Map<string, Tensor | NamedTensor>;

type Entry = [name: string, value: Tensor | Module];

export abstract class Module {
  /** Dropout is active only while training (see train() / eval()). */
  training = true;

  /** Every parameter under its dotted name, each tensor once (a tied weight keeps its first name). */
  namedParameters(): [string, Tensor][] {
    const seen = new Set<Tensor>();
    const out: [string, Tensor][] = [];
    for (const [name, t] of this.allParameters('')) {
      if (seen.has(t)) continue;
      seen.add(t);
      out.push([name, t]);
    }
    return out;
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  /** Number of trainable values (tied weights counted once). */
  numParameters(): number {
    return this.parameters().reduce((n, t) => n + t.size, 0);
  }

  /** Name → tensor for every parameter, tied weights under each of their names (as PyTorch's state_dict). */
  stateDict(): StateDict {
    return Object.fromEntries(this.allParameters(''));
  }

  /**
   * Copies values into this module's parameters. Names and shapes must match exactly; a tied
   * weight needs only one of its names (exports often keep just one).
   */
  loadStateDict(source: StateSource): void {
    const entries = source instanceof Map ? source : new Map(Object.entries(source));
    const own = this.allParameters('');
    const namesOf = new Map<Tensor, string[]>();
    for (const [name, t] of own) namesOf.set(t, [...(namesOf.get(t) ?? []), name]);
    const missing = [...namesOf.values()].filter((names) => !names.some((n) => entries.has(n))).map((names) => names[0]);
    const known = new Set(own.map(([name]) => name));
    const unexpected = [...entries.keys()].filter((name) => !known.has(name));
    if (missing.length || unexpected.length) {
      const parts = [];
      if (missing.length) parts.push(`missing ${missing.join(', ')}`);
      if (unexpected.length) parts.push(`unexpected ${unexpected.join(', ')}`);
      throw new Error(`loadStateDict: the names do not match this ${this.constructor.name}: ${parts.join('; ')}`);
    }
    for (const [name, t] of own) {
      const src = entries.get(name);
      if (src && !sameShape(src.shape, t.shape)) {
        throw new Error(`loadStateDict: ${name} has shape [${src.shape.join(', ')}] in the state dict but [${t.shape.join(', ')}] in the model`);
      }
    }
    for (const [t, names] of namesOf) {
      const src = entries.get(names.find((n) => entries.has(n))!)!;
      if (src instanceof Tensor) t.assign(src);
      else t.assign(src.data);
    }
  }

  train(mode = true): this {
    this.training = mode;
    for (const [, m] of this.children()) m.train(mode);
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** Clears every parameter's gradient. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.zeroGrad();
  }

  /** Direct sub-modules with their names. */
  children(): [string, Module][] {
    return this.entries().filter((e): e is [string, Module] => e[1] instanceof Module);
  }

  private allParameters(prefix: string): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [name, value] of this.entries()) {
      if (value instanceof Tensor) out.push([prefix + name, value]);
      else out.push(...value.allParameters(prefix + name + '.'));
    }
    return out;
  }

  private entries(): Entry[] {
    const out: Entry[] = [];
    const visit = (name: string, value: unknown): void => {
      if (value instanceof Tensor || value instanceof Module) out.push([name, value]);
      else if (Array.isArray(value)) value.forEach((v, i) => visit(`${name}.${i}`, v));
      else if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
        for (const [k, v] of Object.entries(value)) visit(`${name}.${k}`, v);
      }
    };
    for (const [k, v] of Object.entries(this)) visit(k, v);
    return out;
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
