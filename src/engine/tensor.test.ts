import { describe, expect, it } from 'vitest';
import { Tensor, isTensor, tensor, zeros } from './tensor';
import { memory } from './memory';

describe('Tensor', () => {
  it('reads values back as Float32Array, nested arrays and items', async () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.size).toBe(6);
    expect(t.ndim).toBe(2);
    expect(await t.data()).toEqual(Float32Array.from([1, 2, 3, 4, 5, 6]));
    expect(await t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(await tensor(2.5).item()).toBe(2.5);
    await expect(t.item()).rejects.toThrow('item: tensor has 6 elements (shape [2, 3]); item() needs exactly one');
    expect(isTensor(t)).toBe(true);
    expect(isTensor([1])).toBe(false);
    expect(String(tensor([1], { requiresGrad: true }))).toBe('Tensor(shape=[1], requiresGrad, backend=cpu)');
  });

  it('data() returns a copy: mutating it does not change the tensor', async () => {
    const t = tensor([1, 2]);
    (await t.data())[0] = 99;
    expect(await t.toArray()).toEqual([1, 2]);
  });

  it('use after dispose says so; dispose twice is harmless', async () => {
    const t = tensor([[1, 2]]);
    t.dispose();
    t.dispose();
    expect(t.isDisposed).toBe(true);
    expect(() => t.add(1)).toThrow('Tensor of shape [1, 2] was used after dispose()');
    expect(() => t.data()).toThrow('Tensor of shape [1, 2] was used after dispose()');
  });

  it('views share storage: the buffer lives until the last view is disposed', async () => {
    const before = memory();
    const a = tensor([1, 2, 3, 4]);
    const b = a.reshape([2, 2]);
    const c = a.detach();
    expect(memory().buffers).toBe(before.buffers + 1);
    expect(memory().tensors).toBe(before.tensors + 3);
    a.dispose();
    b.dispose();
    expect(await c.toArray()).toEqual([1, 2, 3, 4]);
    c.dispose();
    expect(memory()).toEqual(before);
  });

  it('assign replaces values in place and checks the size', async () => {
    const p = zeros([2, 2]);
    const view = p.reshape([4]);
    p.assign(Float32Array.from([1, 2, 3, 4]));
    expect(await view.toArray()).toEqual([1, 2, 3, 4]); // views see the new values
    p.assign(tensor([[5, 6], [7, 8]]));
    expect(await p.toArray()).toEqual([[5, 6], [7, 8]]);
    expect(() => p.assign(tensor([1, 2, 3]))).toThrow('assign: shape [3] does not fit a tensor of shape [2, 2]');
    expect(() => p.assign(new Float32Array(3))).toThrow('assign: 3 values does not fit a tensor of shape [2, 2]');
  });

  it('clone copies; onesLike; T; flatten', async () => {
    const a = tensor([[1, 2], [3, 4]]);
    const b = a.clone();
    a.assign(Float32Array.from([0, 0, 0, 0]));
    expect(await b.toArray()).toEqual([[1, 2], [3, 4]]);
    expect(await a.onesLike().toArray()).toEqual([[1, 1], [1, 1]]);
    expect(await b.T.toArray()).toEqual([[1, 3], [2, 4]]);
    expect(b.flatten().shape).toEqual([4]);
    expect(b.view([1, 4]).shape).toEqual([1, 4]);
  });

  it('methods forward to the ops with PyTorch names', async () => {
    const x = tensor([[1, -2], [3, -4]]);
    expect(await x.abs().sum(0).toArray()).toEqual([4, 6]);
    expect(await x.relu().max().item()).toBe(3);
    expect(await x.neg().argmax(1).toArray()).toEqual([1, 1]);
    expect(x).toBeInstanceOf(Tensor);
  });
});
