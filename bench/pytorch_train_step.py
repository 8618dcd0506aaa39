"""Images per second of a PyTorch training step (forward, backward, SGD with momentum 0.9 and weight decay 5e-4)
of the networks that explr builds (BatchNorm without affine parameters, a fixed bias-free output layer), fp32, on the
CPU with every core or on a CUDA GPU. Prints one JSON object per model and line:
{"model", "batch", "backend", "device", "threads", "imagesPerSecond", "cpuSecondsPerStep"}. Run by
`npm run bench:train` (CPU) and `npm run bench:gpu` (CUDA); alone:
python bench/pytorch_train_step.py --batch 128 --steps 3
python bench/pytorch_train_step.py --device cuda --models preresnet20 preresnet32 --steps 50
On CUDA a step is timed as the mean over `steps` steps between two synchronizations (the GPU runs ahead of Python),
in fp32 without TF32, as explr computes.
"""

import argparse
import json
import os
import time

import torch
from torch import nn
import torch.nn.functional as F


def bn(channels):
    return nn.BatchNorm2d(channels, eps=1e-5, affine=False)


class PreActBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.norm1, self.norm2 = bn(cin), bn(cout)
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.shortcut = nn.Conv2d(cin, cout, 1, stride, bias=False) if stride != 1 or cin != cout else None

    def forward(self, x):
        pre = F.relu(self.norm1(x))
        shortcut = x if self.shortcut is None else self.shortcut(pre)
        return self.conv2(F.relu(self.norm2(self.conv1(pre)))) + shortcut


def fixed_head(features, classes=10):
    head = nn.Linear(features, classes, bias=False)
    head.weight.requires_grad_(False)
    return head


class PreResNet(nn.Module):
    def __init__(self, depth=20, width=16):
        super().__init__()
        n = (depth - 2) // 6
        self.stem = nn.Conv2d(3, width, 3, 1, 1, bias=False)
        blocks, channels = [], width
        for stage in range(3):
            out = width * 2**stage
            for block in range(n):
                blocks.append(PreActBlock(channels, out, 2 if stage > 0 and block == 0 else 1))
                channels = out
        self.blocks = nn.Sequential(*blocks)
        self.norm = bn(channels)
        self.head = fixed_head(channels)

    def forward(self, x):
        h = F.relu(self.norm(self.blocks(self.stem(x))))
        return self.head(h.mean((2, 3)))


class SmallCnn(nn.Module):
    def __init__(self, width=32):
        super().__init__()
        layers, channels = [], 3
        for i, stride in enumerate([1, 2, 2]):
            out = width * 2**i
            layers += [nn.Conv2d(channels, out, 3, stride, 1, bias=False), bn(out), nn.ReLU()]
            channels = out
        self.body = nn.Sequential(*layers)
        self.head = fixed_head(channels)

    def forward(self, x):
        return self.head(self.body(x).mean((2, 3)))


MODELS = {
    "small-cnn": ("small CNN", SmallCnn),
    "preresnet20": ("PreResNet-20", lambda: PreResNet(20)),
    "preresnet32": ("PreResNet-32", lambda: PreResNet(32)),
}


def images_per_second(model, batch, steps, device):
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.SGD(params, lr=0.1, momentum=0.9, weight_decay=5e-4)
    x = torch.randn(batch, 3, 32, 32, device=device)
    y = torch.arange(batch, device=device) % 10

    def step():
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(model(x), y).backward()
        opt.step()

    step()
    if device.type == "cuda":
        for _ in range(5):
            step()
        torch.cuda.synchronize()
        cpu_start = time.process_time()
        start = time.perf_counter()
        for _ in range(steps):
            step()
        torch.cuda.synchronize()
        elapsed = time.perf_counter() - start
        return batch * steps / elapsed, (time.process_time() - cpu_start) / steps
    times = []
    cpu_start = time.process_time()
    for _ in range(steps):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return batch / min(times), (time.process_time() - cpu_start) / steps


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--steps", type=int, default=3)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--device", default="cpu", help="cpu or cuda")
    parser.add_argument("--models", nargs="+", choices=sorted(MODELS), default=["small-cnn", "preresnet20"])
    args = parser.parse_args()
    device = torch.device(args.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        parser.error("--device cuda: this PyTorch sees no CUDA GPU")
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    for key in args.models:
        name, make = MODELS[key]
        model = make().to(device).train()
        rate, cpu = images_per_second(model, args.batch, args.steps, device)
        record = {"model": name, "batch": args.batch, "backend": f"pytorch-{torch.__version__}",
                  "device": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu",
                  "threads": args.threads, "imagesPerSecond": rate, "cpuSecondsPerStep": cpu}
        print(json.dumps(record), flush=True)


if __name__ == "__main__":
    main()
