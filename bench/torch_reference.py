"""The engine's GPT training recipe in PyTorch, as a reference for loss and speed.

Same data (public/data/moby-dick.txt, char vocabulary of the whole text, last 10% of characters
for validation), same model (nanoGPT: learned positions, pre-norm blocks, GELU (tanh) MLP, tied
head, init N(0, 0.02) with residual projections scaled by 1/sqrt(2 * n_layer)), same optimizer
(AdamW, betas (0.9, 0.99), weight decay 0.1 on 2-D weights only, gradient clipping at 1.0,
constant learning rate) and the same evaluation (mean loss over --eval-iters random batches) as
`npm run train`. The random numbers differ (torch's generator), so curves agree within noise.

    /usr/bin/python3 bench/torch_reference.py --layers 2 --heads 2 --embd 64 --ctx 32 --batch 16 --steps 500
"""
import argparse
import os
import time

import torch

from torch_gpt import GPT

p = argparse.ArgumentParser()
p.add_argument("--data", default="moby")
p.add_argument("--layers", type=int, default=4)
p.add_argument("--heads", type=int, default=4)
p.add_argument("--embd", type=int, default=128)
p.add_argument("--ctx", type=int, default=64)
p.add_argument("--batch", type=int, default=12)
p.add_argument("--steps", type=int, default=2000)
p.add_argument("--lr", type=float, default=1e-3)
p.add_argument("--seed", type=int, default=1337)
p.add_argument("--eval-every", type=int, default=100)
p.add_argument("--eval-iters", type=int, default=20)
p.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: torch's default)")
args = p.parse_args()

torch.manual_seed(args.seed)
if args.threads:
    torch.set_num_threads(args.threads)
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
path = {"moby": "public/data/moby-dick.txt", "names": "public/data/names.txt"}.get(args.data, args.data)
text = open(os.path.join(root, path) if not os.path.isabs(path) else path, encoding="utf-8").read()
chars = sorted(set(text))
stoi = {c: i for i, c in enumerate(chars)}
data = torch.tensor([stoi[c] for c in text], dtype=torch.long)
n = int(len(data) * 0.9)
train_data, val_data = data[:n], data[n:]


def get_batch(split):
    d = train_data if split == "train" else val_data
    ix = torch.randint(len(d) - args.ctx, (args.batch,))
    x = torch.stack([d[i:i + args.ctx] for i in ix])
    y = torch.stack([d[i + 1:i + 1 + args.ctx] for i in ix])
    return x, y


model = GPT(len(chars), args.embd, args.layers, args.heads, args.ctx)
n_params = sum(q.numel() for q in model.parameters())
decay = [q for q in model.parameters() if q.dim() >= 2]
no_decay = [q for q in model.parameters() if q.dim() < 2]
opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
                        lr=args.lr, betas=(0.9, 0.99))
print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; vocab {len(chars)}, {n_params:,} parameters; "
      f"train {len(train_data):,} / val {len(val_data):,} chars")


@torch.no_grad()
def estimate(split):
    model.eval()
    losses = [model(*get_batch(split))[1].item() for _ in range(args.eval_iters)]
    model.train()
    return sum(losses) / len(losses)


train_time, tokens = 0.0, 0
val = float("nan")
for step in range(args.steps + 1):
    if step % args.eval_every == 0 or step == args.steps:
        val = estimate("val")
        tps = tokens / train_time if train_time else float("nan")
        print(f"step {step:5d} | train {estimate('train'):.4f} | val {val:.4f} | {tps:,.0f} tok/s")
    if step == args.steps:
        break
    t0 = time.perf_counter()
    x, y = get_batch("train")
    _, loss = model(x, y)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    train_time += time.perf_counter() - t0
    tokens += args.batch * args.ctx
print(f"final val loss {val:.4f}, {tokens / train_time:,.0f} tokens/s over {args.steps} steps")
