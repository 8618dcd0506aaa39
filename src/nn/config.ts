/** Normalization layer kinds. */
export type NormKind = "batch" | "group" | "layer" | "instance";

/**
 * A model as plain JSON, so it can be saved and rebuilt. Example:
 * `{ arch: "preresnet", depth: 20, norm: "batch", affine: "fixed", output: "fixed", bnEpsilon: 1e-5 }`.
 * `affine: "fixed"` means γ = 1, β = 0 (no parameters); `output: "fixed"` a random dense layer without bias that
 * is not trained, which makes the whole loss scale invariant in the conv weights.
 */
export interface ModelConfig {
  arch: "preresnet" | "smallcnn";
  /** PreResNet depth 6n + 2 (20, 32, 56, ...); ignored by the small CNN. */
  depth?: number;
  norm: NormKind;
  affine: "learnable" | "fixed";
  output: "learnable" | "fixed";
  /** ε of every normalization layer; 0 allowed (exact scale invariance). */
  bnEpsilon: number;
  /** Running-statistics momentum m (PyTorch convention: running ← (1 − m)·running + m·batch). Default 0.1. */
  bnMomentum?: number;
  /** Channel groups of GroupNorm; must divide every width. Default 8. */
  groups?: number;
  /** Channels of the first stage (PreResNet 16, small CNN 32); doubled at every stage. */
  width?: number;
  /** Default 10. */
  numClasses?: number;
  /** Seed of the He-normal initialization. Default 0. */
  seed?: number;
}

/** A config with every default filled in and checked. */
export type ResolvedModelConfig = Required<ModelConfig>;

/** Fills defaults and rejects impossible configs with a message naming the fix. */
export function resolveConfig(config: ModelConfig): ResolvedModelConfig {
  const { arch } = config;
  if (arch !== "preresnet" && arch !== "smallcnn") {
    throw new TypeError(`arch '${arch}' is unknown; use 'preresnet' or 'smallcnn'.`);
  }
  const resolved: ResolvedModelConfig = {
    depth: arch === "preresnet" ? 20 : 0,
    bnMomentum: 0.1,
    groups: 8,
    width: arch === "preresnet" ? 16 : 32,
    numClasses: 10,
    seed: 0,
    ...config,
  };
  if (
    arch === "preresnet" &&
    (!Number.isInteger(resolved.depth) || resolved.depth < 8 || (resolved.depth - 2) % 6)
  ) {
    throw new RangeError(`PreResNet depth ${resolved.depth} is not 6n + 2 with n ≥ 1; use 20, 32 or 56.`);
  }
  if (!["batch", "group", "layer", "instance"].includes(resolved.norm)) {
    throw new TypeError(`norm '${resolved.norm}' is unknown; use batch, group, layer or instance.`);
  }
  for (const key of ["affine", "output"] as const) {
    if (resolved[key] !== "learnable" && resolved[key] !== "fixed") {
      throw new TypeError(`${key} '${resolved[key]}' is unknown; use 'learnable' or 'fixed'.`);
    }
  }
  if (!(resolved.bnEpsilon >= 0)) throw new RangeError(`bnEpsilon ${resolved.bnEpsilon} must be ≥ 0.`);
  if (!(resolved.bnMomentum > 0 && resolved.bnMomentum <= 1)) {
    throw new RangeError(`bnMomentum ${resolved.bnMomentum} must be in (0, 1].`);
  }
  if (resolved.norm === "group" && resolved.width % resolved.groups !== 0) {
    throw new RangeError(`GroupNorm: width ${resolved.width} is not divisible by groups ${resolved.groups}.`);
  }
  if (!Number.isInteger(resolved.width) || resolved.width < 1) {
    throw new RangeError(`width ${resolved.width} must be a positive integer.`);
  }
  if (!Number.isInteger(resolved.numClasses) || resolved.numClasses < 2) {
    throw new RangeError(`numClasses ${resolved.numClasses} must be an integer ≥ 2.`);
  }
  return resolved;
}
