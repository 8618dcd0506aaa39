import assert from "node:assert/strict";
import { test } from "node:test";
import { displaySymbol, plot } from "../../src/index.js";
import type { Output } from "../../src/report/nbformat.js";
import { notebookToHtml } from "../../src/report/notebook-html.js";
import { renderOutput } from "../../src/report/output-html.js";
import { renderWidget, savedWidgets, type WidgetModels } from "../../src/report/widget-html.js";
import {
  Button,
  Checkbox,
  Dropdown,
  FloatLogSlider,
  IntSlider,
  Label,
  Output as OutputWidget,
  Text,
  VBox,
  type Widget,
} from "../../src/widgets/index.js";

/** The models as a notebook saves them (made outside a kernel: no comms). */
const saved = (...widgets: Widget[]): WidgetModels => new Map(widgets.map((w) => [w.modelId, w.embedded()]));
const render = (widget: Widget, models: WidgetModels) =>
  renderWidget(widget.modelId, models, (output) => renderOutput(output, models));

test("controls are drawn static with the values the run left them at", () => {
  const k = new IntSlider({ value: 7, max: 9, description: "k" });
  const lambda = new FloatLogSlider({ value: 1e-3, min: -5, max: -1, description: "λ" });
  const choice = new Dropdown({ options: ["sgd", "exp"], value: "exp" });
  const warm = new Checkbox({ value: true, description: "warm" });
  const name = new Text({ value: "<run>" });
  const note = new Label({ value: "done" });
  const go = new Button({ description: "go" });
  const models = saved(k, lambda, choice, warm, name, note, go);
  assert.match(
    render(k, models)?.html ?? "",
    /<label>k<\/label><input type="range" disabled min="0" max="9" step="1" value="7"><output>7<\/output>/,
  );
  assert.match(
    render(lambda, models)?.html ?? "",
    /min="-5" max="-1" step="0.1" value="-3"><output>0.001<\/output>/,
  );
  assert.match(render(choice, models)?.html ?? "", /<option selected>exp<\/option>/);
  assert.match(render(warm, models)?.html ?? "", /<input type="checkbox" disabled checked>/);
  assert.match(render(name, models)?.html ?? "", /value="&#60;run&#62;"/, "text is escaped");
  assert.match(render(note, models)?.html ?? "", /<span>done<\/span>/);
  assert.match(render(go, models)?.html ?? "", /<button disabled>go<\/button>/);
});

test("a box draws its children and an Output its outputs, figures included", () => {
  const k = new IntSlider({ value: 3 });
  const output = new OutputWidget();
  output.show(new plot.Figure({ data: [{ type: "scatter", x: [0, 1], y: [0, 3] }] }));
  const box = new VBox([k, output]);
  const drawn = render(box, saved(k, output, box));
  assert.equal(drawn?.usesPlotly, true);
  assert.match(drawn?.html ?? "", /flex-direction:column.*type="range".*plotly/s);
});

test("a view of a model the notebook did not save falls back to the output's text", () => {
  const k = new IntSlider({ value: 3 });
  const view = { output_type: "display_data", data: k[displaySymbol](), metadata: {} } as unknown as Output;
  assert.equal(
    renderWidget(k.modelId, new Map(), () => ({ html: "", usesPlotly: false })),
    undefined,
  );
  assert.match(renderOutput(view).html, /IntSlider\(value=3\)/);
});

test("the report of a notebook saved with widget state draws its controls", () => {
  const k = new IntSlider({ value: 4, description: "k" });
  const models = saved(k);
  const metadata = {
    widgets: {
      "application/vnd.jupyter.widget-state+json": {
        version_major: 2,
        version_minor: 0,
        state: Object.fromEntries(models),
      },
    },
  };
  assert.equal(savedWidgets(metadata).size, 1);
  assert.equal(savedWidgets(undefined).size, 0);
  const html = notebookToHtml({
    nbformat: 4,
    metadata,
    cells: [
      {
        cell_type: "code",
        source: "k",
        execution_count: 1,
        outputs: [
          { output_type: "execute_result", data: k[displaySymbol](), metadata: {}, execution_count: 1 },
        ],
      },
    ],
  } as never);
  assert.match(html, /<label>k<\/label><input type="range"[^>]*value="4">/);
  assert.doesNotMatch(html, /IntSlider\(value=4/);
});
