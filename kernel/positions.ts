/**
 * Jupyter counts cursor positions in Unicode code points (protocol 5.2+); JavaScript strings index UTF-16 units.
 * In "a😀b", the cursor before "b" is 2 in code points and 3 in UTF-16.
 */

/** The UTF-16 index of the code point offset `cursor` in `text` (clamped to the text). */
export function fromCodePoints(text: string, cursor: number): number {
  let units = 0;
  let points = 0;
  for (const char of text) {
    if (points >= cursor) break;
    units += char.length;
    points++;
  }
  return units;
}

/** The code point offset of the UTF-16 index `index` in `text`. */
export function toCodePoints(text: string, index: number): number {
  return [...text.slice(0, index)].length;
}
