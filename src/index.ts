/**
 * explr: LR schedules, SGD, the theory of Li & Arora's exponential learning rate schedule, scale-invariant networks
 * on TensorFlow.js, CIFAR-10, training and plots. Import the namespaces: `import { schedule, optim, theory } from "explr"`.
 * Importing loads tfjs-core only; a tfjs backend starts on the first `await backend.ready()`. `tf` is the very
 * tfjs-core instance explr trains with (a second copy of tfjs-core would have its own engine and backends).
 */
export * as tf from "@tensorflow/tfjs-core";
export * as backend from "./backend/index.js";
export * as data from "./data/index.js";
export * from "./display.js";
export * from "./interrupt.js";
export * as nn from "./nn/index.js";
export * as optim from "./optim/index.js";
export * as parallel from "./parallel/index.js";
export * as plot from "./plot/index.js";
export * from "./random.js";
export * as refnet from "./refnet/index.js";
export * as report from "./report/index.js";
export * as schedule from "./schedule/index.js";
export * as sweep from "./sweep/index.js";
export * as theory from "./theory/index.js";
export * as toy from "./toy/index.js";
export * as train from "./train/index.js";
export * as twin from "./twin/index.js";
export * as widgets from "./widgets/index.js";
