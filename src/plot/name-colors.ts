/**
 * One color per series name across all the figures of a kernel session (one notebook): a run or a schedule called
 * "BN only" is drawn in the same color in every figure that names it, as a theme would key colors by name.
 */
import { themeColorway } from "./theme.js";

export class NameColors {
  readonly #byName = new Map<string, string>();

  /**
   * The colors of one figure's series, in order. A name keeps the color it was first given unless another series
   * of this figure has it already; a new name takes the first palette color that no series of this figure has
   * and, where one is left, no other name owns.
   */
  colors(names: readonly string[]): string[] {
    const used = new Set<string>();
    return names.map((name) => {
      const known = this.#byName.get(name);
      if (known !== undefined && !used.has(known)) {
        used.add(known);
        return known;
      }
      const owned = new Set(this.#byName.values());
      const free = themeColorway.filter((color) => !used.has(color));
      const color =
        free.find((c) => !owned.has(c)) ?? free[0] ?? themeColorway[used.size % themeColorway.length];
      if (known === undefined) this.#byName.set(name, color);
      used.add(color);
      return color;
    });
  }
}

/** The session's colors, shared by every figure builder (one kernel session = one process). */
export const sessionColors = new NameColors();
