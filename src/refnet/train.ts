import type { SgdConfig } from "../optim/config.js";
import { sgd } from "../optim/sgd.js";
import type { Matrix } from "./matrix.js";
import type { ReferenceNet } from "./network.js";

export interface Batch {
  x: Matrix;
  labels: ArrayLike<number>;
}

export interface ReferenceTrainOptions {
  /**
   * The optimizer. Its parameter groups are: 0 the scale-invariant weights, 1 the other trained parameters (norm
   * affine, output layer) when the configuration has a second group, else they share group 0. Parameters the
   * network does not train are never handed to the optimizer.
   */
  optimizer: SgdConfig;
  /** Batch k is used at step k; steps = batches.length. */
  batches: readonly Batch[];
  /** Logits are recorded on this batch after every step (batch statistics, as in training). */
  probe: Batch;
}

export interface ReferenceRun {
  /** Index k holds the state before step k (k = 0..steps). */
  logits: Float64Array[];
  /** The scale-invariant weights, concatenated, before each step. */
  invariantWeights: Float64Array[];
  /** Training loss of batch k at step k. */
  losses: number[];
}

/** Trains the float64 reference network with explr's SGD and records everything the equivalence checks compare. */
export function trainReference(net: ReferenceNet, options: ReferenceTrainOptions): ReferenceRun {
  const { optimizer, batches, probe } = options;
  const trained = net.parameters.flatMap((p, index) => (p.trainable ? [{ ...p, index }] : []));
  const hasSecondGroup = (optimizer.groups?.length ?? 1) > 1;
  const groupOf = (kind: string) => (kind === "scale-invariant" || !hasSecondGroup ? 0 : 1);
  const groupCount = hasSecondGroup ? 2 : 1;
  if (optimizer.groups && optimizer.groups.length > 2) {
    throw new RangeError(`trainReference: the optimizer has ${optimizer.groups.length} groups; use 1 or 2`);
  }

  const values: Float64Array[] = net.parameters.map((p) => Float64Array.from(p.init));
  const grouped = () =>
    Array.from({ length: groupCount }, (_, g) =>
      trained.filter((p) => groupOf(p.kind) === g).map((p) => values[p.index]),
    );
  const opt = sgd({ ...optimizer, groups: optimizer.groups ?? [{}] });
  let state = opt.init(grouped());
  const run: ReferenceRun = { logits: [], invariantWeights: [], losses: [] };
  const record = () => {
    run.logits.push(net.evaluate(values, probe.x, probe.labels).logits.data);
    run.invariantWeights.push(
      concat(trained.filter((p) => p.kind === "scale-invariant").map((p) => values[p.index])),
    );
  };

  for (const batch of batches) {
    record();
    const { loss, grads } = net.evaluate(values, batch.x, batch.labels);
    run.losses.push(loss);
    const gradGroups = Array.from({ length: groupCount }, (_, g) =>
      trained.filter((p) => groupOf(p.kind) === g).map((p) => grads[p.index]),
    );
    const result = opt.step(grouped(), gradGroups, state);
    state = result.state;
    for (let g = 0; g < groupCount; g++) {
      trained
        .filter((p) => groupOf(p.kind) === g)
        .forEach((p, i) => {
          values[p.index] = result.params[g][i];
        });
    }
  }
  record();
  return run;
}

function concat(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
