/**
 * Sliders: integer, float, and log-scale float (its `min`/`max` are exponents of `base`). A value outside the bounds
 * is clamped to them, as ipywidgets does, whichever side sets it.
 */
import { escapeHtml } from "../plot/html.js";
import { controlModel, type DescribedOptions, describedState, domParts, ValueControl } from "./control.js";
import { describedHtml, type OfflineDrawing } from "./offline-html.js";
import type { ModelState } from "./protocol.js";

export interface SliderOptions extends DescribedOptions {
  value?: number;
  min?: number;
  max?: number;
  step?: number;
  disabled?: boolean;
  /** Send values while the handle is dragged (default), or only when it is released. */
  continuousUpdate?: boolean;
  orientation?: "horizontal" | "vertical";
  /** Show the value beside the slider. */
  readout?: boolean;
  /** d3-format of the readout: "d", ".2f", ".3g", ... */
  readoutFormat?: string;
  behavior?: "drag-tap" | "drag-snap" | "tap" | "drag" | "snap";
}

function checkNumber(control: string, name: string, value: number, integer: boolean): number {
  if (typeof value !== "number" || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new TypeError(
      `${control} ${name} must be a finite ${integer ? "integer" : "number"}, got ${value}`,
    );
  }
  return value;
}

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));

/** base^exponent, exact for 10^-5 (`10 ** -5` is 9.999999999999999e-6, `1 / 10 ** 5` is 1e-5). */
const power = (base: number, exponent: number): number =>
  exponent < 0 ? 1 / base ** -exponent : base ** exponent;

abstract class Slider extends ValueControl<number> {
  protected readonly valueKey = "value";
  protected abstract readonly integer: boolean;

  protected decode(state: Readonly<ModelState>): number {
    return state.value as number;
  }

  protected encode(value: number): ModelState {
    const name = this.state._model_name as string;
    return { value: this.bounded(checkNumber(name.replace(/Model$/, ""), "value", value, this.integer)) };
  }

  protected override fromFrontend(changes: ModelState): ModelState {
    if (typeof changes.value !== "number" || !Number.isFinite(changes.value)) {
      const { value: _ignored, ...rest } = changes;
      return rest;
    }
    const value = this.integer ? Math.round(changes.value) : changes.value;
    return { ...changes, value: this.bounded(value) };
  }

  /** The value within the slider's range. */
  protected bounded(value: number): number {
    return clamp(value, this.state.min as number, this.state.max as number);
  }
}

function sliderState(
  control: string,
  options: SliderOptions,
  defaults: { value: number; min: number; max: number; step: number; readoutFormat: string },
  integer: boolean,
): ModelState {
  const min = checkNumber(control, "min", options.min ?? defaults.min, integer);
  const max = checkNumber(control, "max", options.max ?? defaults.max, integer);
  const step = checkNumber(control, "step", options.step ?? defaults.step, integer);
  if (min > max) throw new RangeError(`${control} min (${min}) must not exceed max (${max})`);
  if (!(step > 0)) throw new RangeError(`${control} step must be positive, got ${step}`);
  const value = clamp(checkNumber(control, "value", options.value ?? defaults.value, integer), min, max);
  return {
    ...describedState(options),
    behavior: options.behavior ?? "drag-tap",
    continuous_update: options.continuousUpdate ?? true,
    disabled: options.disabled ?? false,
    max,
    min,
    orientation: options.orientation ?? "horizontal",
    readout: options.readout ?? true,
    readout_format: options.readoutFormat ?? defaults.readoutFormat,
    step,
    value,
  };
}

function slider(name: string, options: SliderOptions, state: ModelState) {
  const parts = domParts(options, "SliderStyleModel");
  return [controlModel(name), { ...parts.state, ...state }, parts.owned] as const;
}

/** An integer slider: `new IntSlider({ value: 3, min: 1, max: 10, description: "k" })`. */
export class IntSlider extends Slider {
  protected readonly integer = true;

  constructor(options: SliderOptions = {}) {
    super(
      ...slider(
        "IntSlider",
        options,
        sliderState("IntSlider", options, { value: 0, min: 0, max: 100, step: 1, readoutFormat: "d" }, true),
      ),
    );
  }
}

/** A float slider: `new FloatSlider({ value: 0.1, min: 0.01, max: 1, step: 0.01, description: "η" })`. */
export class FloatSlider extends Slider {
  protected readonly integer = false;

  constructor(options: SliderOptions = {}) {
    super(
      ...slider(
        "FloatSlider",
        options,
        sliderState(
          "FloatSlider",
          options,
          { value: 0, min: 0, max: 100, step: 0.1, readoutFormat: ".2f" },
          false,
        ),
      ),
    );
  }
}

export interface LogSliderOptions extends SliderOptions {
  /** The exponent's base (default 10): the slider spans base^min to base^max, moving by step in the exponent. */
  base?: number;
}

/** A slider on a log scale: `new FloatLogSlider({ value: 5e-4, min: -5, max: -1 })` spans 1e-5 to 1e-1. */
export class FloatLogSlider extends Slider {
  protected readonly integer = false;

  constructor(options: LogSliderOptions = {}) {
    const base = checkNumber("FloatLogSlider", "base", options.base ?? 10, false);
    if (!(base > 0) || base === 1)
      throw new RangeError(`FloatLogSlider base must be positive and not 1, got ${base}`);
    const exponents = sliderState(
      "FloatLogSlider",
      { ...options, value: undefined },
      { value: 0, min: 0, max: 4, step: 0.1, readoutFormat: ".3g" },
      false,
    );
    const min = exponents.min as number;
    const max = exponents.max as number;
    const value = checkNumber("FloatLogSlider", "value", options.value ?? 1, false);
    const state = { ...exponents, base, value: clamp(value, power(base, min), power(base, max)) };
    super(...slider("FloatLogSlider", options, state));
  }

  protected override bounded(value: number): number {
    const base = this.state.base as number;
    return clamp(value, power(base, this.state.min as number), power(base, this.state.max as number));
  }
}

/** A saved slider at its value; a log slider's position is the exponent (log10 is exact for powers of ten). */
function sliderDrawing(log: boolean): OfflineDrawing {
  return (state) => {
    const value = Number(state.value);
    const base = Number(state.base);
    const position = !log ? value : base === 10 ? Math.log10(value) : Math.log(value) / Math.log(base);
    const shown = Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(3)));
    return describedHtml(
      state,
      `<input type="range" disabled min="${state.min}" max="${state.max}" step="${state.step}" value="${position}"><output>${escapeHtml(shown)}</output>`,
    );
  };
}

/** The saved sliders, by model name. */
export const sliderDrawings: Readonly<Record<string, OfflineDrawing>> = {
  IntSliderModel: sliderDrawing(false),
  FloatSliderModel: sliderDrawing(false),
  FloatLogSliderModel: sliderDrawing(true),
};
