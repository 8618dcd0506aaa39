"""Writes the PyTorch reference fixtures of explr's schedules and SGD to test/fixtures/pytorch/.

Regenerate with `npm run fixtures:pytorch` (needs a virtual environment at .venv with torch installed:
`python3 -m venv .venv && .venv/bin/pip install torch`). `npm test` only reads the JSON files.

All numbers are float64 and written with Python's repr (shortest round-trip form), so nothing is rounded.
"""

import json
import os
import sys

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "fixtures", "pytorch")
SCHEDULE_STEPS = 300
SGD_STEPS = 30
BASE_LR = 0.1


def write(name, payload):
    payload = {"torch": torch.__version__, **payload}
    path = os.path.join(OUT, name)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(payload, f, separators=(",", ":"))
        f.write("\n")
    os.replace(tmp, path)
    print(f"wrote {name} ({os.path.getsize(path)} bytes)")


def lr_sequence(make_scheduler):
    """The LR each of SCHEDULE_STEPS optimizer steps uses: read before the step, then scheduler.step()."""
    param = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([param], lr=BASE_LR, momentum=0.9)
    scheduler = make_scheduler(optimizer)
    lrs = []
    for k in range(SCHEDULE_STEPS):
        lrs.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        if k < SCHEDULE_STEPS - 1:
            scheduler.step()
    return lrs


S = torch.optim.lr_scheduler
SCHEDULES = {
    "StepLR": ({"step_size": 30, "gamma": 0.1}, lambda o: S.StepLR(o, step_size=30, gamma=0.1)),
    "MultiStepLR": (
        {"milestones": [50, 120, 200], "gamma": 0.1},
        lambda o: S.MultiStepLR(o, milestones=[50, 120, 200], gamma=0.1),
    ),
    "ExponentialLR_decay": ({"gamma": 0.99}, lambda o: S.ExponentialLR(o, gamma=0.99)),
    "ExponentialLR_growth": ({"gamma": 1.001005300601762}, lambda o: S.ExponentialLR(o, gamma=1.001005300601762)),
    "CosineAnnealingLR": ({"T_max": 300, "eta_min": 0.001}, lambda o: S.CosineAnnealingLR(o, T_max=300, eta_min=0.001)),
    "CosineAnnealingLR_to_zero": ({"T_max": 300, "eta_min": 0.0}, lambda o: S.CosineAnnealingLR(o, T_max=300)),
    "CosineAnnealingWarmRestarts_mult1": (
        {"T_0": 50, "T_mult": 1, "eta_min": 0.001},
        lambda o: S.CosineAnnealingWarmRestarts(o, T_0=50, T_mult=1, eta_min=0.001),
    ),
    "CosineAnnealingWarmRestarts_mult2": (
        {"T_0": 20, "T_mult": 2, "eta_min": 0.0},
        lambda o: S.CosineAnnealingWarmRestarts(o, T_0=20, T_mult=2),
    ),
    "LinearLR": (
        {"start_factor": 0.1, "end_factor": 1.0, "total_iters": 50},
        lambda o: S.LinearLR(o, start_factor=0.1, end_factor=1.0, total_iters=50),
    ),
    "PolynomialLR": ({"total_iters": 200, "power": 2.0}, lambda o: S.PolynomialLR(o, total_iters=200, power=2.0)),
    "OneCycleLR_cos": (
        {"max_lr": 0.1, "total_steps": 300, "anneal_strategy": "cos"},
        lambda o: S.OneCycleLR(o, max_lr=0.1, total_steps=300, anneal_strategy="cos"),
    ),
    "OneCycleLR_linear": (
        {"max_lr": 0.1, "total_steps": 300, "anneal_strategy": "linear"},
        lambda o: S.OneCycleLR(o, max_lr=0.1, total_steps=300, anneal_strategy="linear"),
    ),
    "OneCycleLR_three_phase": (
        {"max_lr": 0.1, "total_steps": 300, "anneal_strategy": "cos", "three_phase": True},
        lambda o: S.OneCycleLR(o, max_lr=0.1, total_steps=300, three_phase=True),
    ),
    "ConstantLR": ({"factor": 0.5, "total_iters": 40}, lambda o: S.ConstantLR(o, factor=0.5, total_iters=40)),
    "SequentialLR": (
        {"schedulers": ["LinearLR(start_factor=0.1, total_iters=20)", "CosineAnnealingLR(T_max=280)"], "milestones": [20]},
        lambda o: S.SequentialLR(
            o,
            [S.LinearLR(o, start_factor=0.1, total_iters=20), S.CosineAnnealingLR(o, T_max=280)],
            milestones=[20],
        ),
    ),
}


def sgd_trajectory(groups, steps_lr_milestones=None, seed=0):
    """Runs torch.optim.SGD on fixed, seeded float64 gradients; records the parameters after every step."""
    generator = torch.Generator().manual_seed(seed)
    shapes = [[3], [2, 2]]
    params0 = [torch.randn(*s, generator=generator, dtype=torch.float64) for s in shapes]
    grads = [[torch.randn(*s, generator=generator, dtype=torch.float64) for s in shapes] for _ in range(SGD_STEPS)]
    params = [p.clone().requires_grad_(True) for p in params0]
    torch_groups = []
    for i, group in enumerate(groups):
        torch_groups.append({"params": [params[i]], **group})
    optimizer = torch.optim.SGD(torch_groups, lr=BASE_LR)
    scheduler = None
    if steps_lr_milestones is not None:
        scheduler = S.MultiStepLR(optimizer, **steps_lr_milestones)
    lrs, trajectory = [], []
    for k in range(SGD_STEPS):
        lrs.append([g["lr"] for g in optimizer.param_groups])
        for p, g in zip(params, grads[k]):
            p.grad = g.clone()
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        trajectory.append([p.detach().flatten().tolist() for p in params])
    return {
        "shapes": shapes,
        "groups": groups,
        "scheduler": None if steps_lr_milestones is None else {"MultiStepLR": steps_lr_milestones},
        "params0": [p.flatten().tolist() for p in params0],
        "grads": [[g.flatten().tolist() for g in step] for step in grads],
        "lrs": lrs,
        "trajectory": trajectory,
    }


def both(group):
    """The same hyperparameters for the two tensors, as two groups (torch needs one group per tensor here)."""
    return [dict(group), dict(group)]


SGD_CASES = {
    "plain": (both({"lr": 0.1}), None),
    "momentum": (both({"lr": 0.1, "momentum": 0.9}), None),
    "dampening": (both({"lr": 0.1, "momentum": 0.9, "dampening": 0.5}), None),
    "nesterov": (both({"lr": 0.1, "momentum": 0.9, "nesterov": True}), None),
    "weight_decay": (both({"lr": 0.1, "momentum": 0.9, "weight_decay": 0.01}), None),
    "weight_decay_no_momentum": (both({"lr": 0.1, "weight_decay": 0.05}), None),
    "two_groups": (
        [
            {"lr": 0.1, "momentum": 0.9, "weight_decay": 5e-4},
            {"lr": 0.03, "momentum": 0.9, "weight_decay": 0.0},
        ],
        None,
    ),
    "multistep_every_step": (
        both({"lr": 0.1, "momentum": 0.9, "weight_decay": 0.01}),
        {"milestones": list(range(1, SGD_STEPS)), "gamma": 0.8},
    ),
    "multistep_decay": (
        [
            {"lr": 0.1, "momentum": 0.9, "weight_decay": 5e-3},
            {"lr": 0.1, "momentum": 0.9, "nesterov": True},
        ],
        {"milestones": [10, 20], "gamma": 0.1},
    ),
}


def main():
    torch.set_default_dtype(torch.float64)
    os.makedirs(OUT, exist_ok=True)
    schedules = {}
    for name, (args, make) in SCHEDULES.items():
        schedules[name] = {"base_lr": BASE_LR, "args": args, "lrs": lr_sequence(make)}
    write("lr_schedulers.json", {"steps": SCHEDULE_STEPS, "schedules": schedules})
    cases = {}
    for seed, (name, (groups, milestones)) in enumerate(SGD_CASES.items()):
        cases[name] = sgd_trajectory(groups, milestones, seed)
    write("sgd.json", {"steps": SGD_STEPS, "cases": cases})


if __name__ == "__main__":
    sys.exit(main())
