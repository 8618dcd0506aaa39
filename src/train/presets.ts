import { batchesPerEpoch } from "../data/batches.js";
import type { ModelConfig } from "../nn/config.js";
import type { ScheduleSpec } from "../schedule/schedule.js";
import type { DataJSON, Experiment } from "./experiment.js";

/** A Step Decay + WD setting of Li & Arora §8: LR `lr` divided by 10 at each epoch boundary, WD on the conv weights. */
export interface StepDecaySetting {
  name: string;
  model: ModelConfig;
  data: DataJSON;
  /** Training images in the set the subset is drawn from, to count the steps per epoch. */
  trainImages: number;
  epochs: number;
  lr: number;
  momentum: number;
  weightDecay: number;
  /** Epochs at which the LR is divided by 10. */
  boundaries: number[];
  seed: number;
  evalEvery: number;
  /** The final test accuracy every run of this setting must reach (checked by notebook 2), where one is known. */
  minTestAccuracy?: number;
}

/** Steps per epoch of a setting. */
function stepsPerEpoch(setting: StepDecaySetting): number {
  const count =
    setting.data.trainPerClass === undefined ? setting.trainImages : setting.data.trainPerClass * 10;
  return batchesPerEpoch(count, setting.data.batchSize);
}

function base(setting: StepDecaySetting, name: string): Omit<Experiment, "optimizer"> {
  return {
    name,
    model: setting.model,
    data: setting.data,
    epochs: setting.epochs,
    seed: setting.seed,
    evalEvery: setting.evalEvery,
    evalStatistics: "batch",
  };
}

/**
 * The Step Decay + WD experiment: η_k = lr · 0.1^(boundaries passed), λ on the scale-invariant group, momentum γ.
 * Example: `stepDecayExperiment(settings["cifar10-full"])`.
 */
export function stepDecayExperiment(setting: StepDecaySetting): Experiment {
  const steps = stepsPerEpoch(setting);
  const lr: ScheduleSpec = {
    kind: "multiStep",
    init: setting.lr,
    boundaries: setting.boundaries.map((e) => e * steps),
    factor: 0.1,
  };
  return {
    ...base(setting, setting.name),
    optimizer: {
      lr,
      momentum: setting.momentum,
      groups: { "scale-invariant": { weightDecay: setting.weightDecay } },
    },
  };
}

/**
 * The TEXP twin (Li & Arora, Theorem 2.12): no weight decay, the LR grows by α_I^{−2} per step and drops at the
 * same boundaries, with the theory's momentum corrections; on a scale-invariant network it follows the same
 * trajectory up to the scale c_k.
 */
export function texpExperiment(setting: StepDecaySetting): Experiment {
  const steps = stepsPerEpoch(setting);
  const spec: ScheduleSpec = {
    kind: "theory.texp",
    boundaries: setting.boundaries.map((e) => e * steps),
    lrs: setting.boundaries.reduce((lrs) => [...lrs, lrs[lrs.length - 1] * 0.1], [setting.lr]),
    weightDecay: setting.weightDecay,
    momentum: setting.momentum,
  };
  return {
    ...base(setting, `${setting.name}-texp`),
    optimizer: { lr: spec, momentum: setting.momentum, momentumCorrection: spec },
  };
}

/** BN with fixed affine (γ = 1, β = 0) and a fixed output layer: the loss is scale invariant in every trained weight. */
const invariant = { norm: "batch", affine: "fixed", output: "fixed", bnEpsilon: 1e-5 } as const;

/** The settings behind the presets; each gives a Step Decay + WD preset and its `-texp` twin. */
export const settings: Readonly<Record<string, StepDecaySetting>> = {
  // Seconds: 500 images, a narrow CNN, 2 epochs (run times: bench/NOTES.md).
  "cifar10-cpu-smoke": {
    name: "cifar10-cpu-smoke",
    model: { arch: "smallcnn", width: 8, ...invariant },
    data: { dataset: "cifar10", trainPerClass: 50, testPerClass: 20, augment: true, batchSize: 50 },
    trainImages: 50000,
    epochs: 2,
    lr: 0.1,
    momentum: 0.9,
    weightDecay: 5e-4,
    boundaries: [1],
    seed: 0,
    evalEvery: 1,
  },
  // The notebook's CPU default: 5120 images (40 whole batches: no tiny last batch for BatchNorm), 8 epochs, ÷10 at
  // 4 and 6; minutes on a CPU (run times and accuracies: bench/NOTES.md).
  "cifar10-cpu": {
    name: "cifar10-cpu",
    model: { arch: "smallcnn", width: 32, ...invariant },
    data: { dataset: "cifar10", trainPerClass: 512, testPerClass: 100, augment: true, batchSize: 128 },
    trainImages: 50000,
    epochs: 8,
    lr: 0.1,
    momentum: 0.9,
    weightDecay: 5e-4,
    boundaries: [4, 6],
    seed: 0,
    evalEvery: 1,
  },
  // One GPU: the whole set, PreResNet-20, the schedule scaled to 30 epochs (÷10 at 15 and 22), one seed. PyTorch on
  // exactly this setting, seed 0, on an H200: 87.3 % test accuracy in 77 s (bench/NOTES.md, "Training on a GPU");
  // 3 million images for both schedules.
  "cifar10-gpu": {
    name: "cifar10-gpu",
    model: { arch: "preresnet", depth: 20, ...invariant },
    data: { dataset: "cifar10", augment: true, batchSize: 128 },
    trainImages: 50000,
    epochs: 30,
    lr: 0.1,
    momentum: 0.9,
    weightDecay: 5e-4,
    boundaries: [15, 22],
    seed: 0,
    evalEvery: 1,
    minTestAccuracy: 0.865,
  },
  // The paper: PreResNet-32, LR 0.1 ÷10 at epochs 80 and 120, momentum 0.9, WD 5e-4, batch 128, 160 epochs
  // (300 in the Step Decay vs TEXP figure). Days on a CPU: it needs a GPU backend (bench/NOTES.md).
  "cifar10-full": {
    name: "cifar10-full",
    model: { arch: "preresnet", depth: 32, ...invariant },
    data: { dataset: "cifar10", augment: true, batchSize: 128 },
    trainImages: 50000,
    epochs: 160,
    lr: 0.1,
    momentum: 0.9,
    weightDecay: 5e-4,
    boundaries: [80, 120],
    seed: 0,
    evalEvery: 5,
  },
};

/** Every preset name: each setting and its `-texp` twin. */
export const presetNames: readonly string[] = Object.keys(settings).flatMap((n) => [n, `${n}-texp`]);

/** The experiment of a preset: `preset("cifar10-cpu")` (Step Decay + WD) or `preset("cifar10-cpu-texp")`. */
export function preset(name: string): Experiment {
  const twin = name.endsWith("-texp");
  const setting = settings[twin ? name.slice(0, -"-texp".length) : name];
  if (setting === undefined) {
    throw new RangeError(`unknown preset "${name}"; use one of ${presetNames.join(", ")}`);
  }
  return twin ? texpExperiment(setting) : stepDecayExperiment(setting);
}
