"""Reads a training run's event files with TensorBoard's own reader and checks every scalar against history.json.

usage: python tensorboard_check.py RUN_DIR   (prints the number of scalars checked; exits 1 naming a mismatch)
"""
import json
import sys

import numpy as np
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

run_dir = sys.argv[1]
history = json.load(open(f"{run_dir}/history.json"))
expected = {}


def add(tag, step, value):
    expected.setdefault(tag, []).append((step, float(np.float32(value))))


for record in history["steps"]:
    add("step/loss", record["step"], record["loss"])
    add("step/accuracy", record["step"], record["accuracy"])
    for group in ("lr", "weightDecay", "weightNorm"):
        prefix = {"lr": "lr", "weightDecay": "weight_decay", "weightNorm": "weight_norm"}[group]
        for kind, value in record[group].items():
            add(f"{prefix}/{kind}", record["step"], value)
    if "effectiveLR" in record:
        add("effective_lr", record["step"], record["effectiveLR"])
for record in history["epochs"]:
    add("train/loss", record["step"], record["trainLoss"])
    add("train/accuracy", record["step"], record["trainAccuracy"])
    for key, tag in (("testLoss", "test/loss"), ("testAccuracy", "test/accuracy"), ("angle", "angle")):
        if key in record:
            add(tag, record["step"], record[key])
    for kind, value in record["weightNorm"].items():
        add(f"epoch/weight_norm/{kind}", record["step"], value)

accumulator = EventAccumulator(run_dir, size_guidance={"scalars": 0})
accumulator.Reload()
tags = set(accumulator.Tags()["scalars"])
if tags != set(expected):
    sys.exit(f"tags differ: the event files have {sorted(tags)}, history.json gives {sorted(expected)}")
checked = 0
for tag, points in expected.items():
    read = [(event.step, event.value) for event in accumulator.Scalars(tag)]
    if read != points:
        sys.exit(f"{tag}: the event files have {read}, history.json gives {points}")
    checked += len(points)
for tag in ("effective_lr", "angle", "test/accuracy", "lr/scale-invariant"):
    if tag not in expected:
        sys.exit(f"{tag} is missing from the run")
print(f"{checked} scalars in {len(tags)} tags equal history.json")
