/** Every widget model an offline page can draw from its saved state, by model name: one list. */
import { boxDrawings } from "./box.js";
import { buttonDrawing } from "./button.js";
import { checkboxDrawing } from "./checkbox.js";
import { dropdownDrawing } from "./dropdown.js";
import type { OfflineDrawing } from "./offline-html.js";
import { outputDrawing } from "./output.js";
import { sliderDrawings } from "./sliders.js";
import { labelDrawing, textDrawing } from "./text.js";

const drawings = new Map<string, OfflineDrawing>([
  ...Object.entries(sliderDrawings),
  ...Object.entries(boxDrawings),
  ["OutputModel", outputDrawing],
  ["DropdownModel", dropdownDrawing],
  ["CheckboxModel", checkboxDrawing],
  ["TextModel", textDrawing],
  ["LabelModel", labelDrawing],
  ["ButtonModel", buttonDrawing],
]);

/** How a saved model of `modelName` is drawn, or undefined for a model explr does not draw offline. */
export function offlineDrawing(modelName: string): OfflineDrawing | undefined {
  return drawings.get(modelName);
}
