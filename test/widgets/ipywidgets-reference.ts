/**
 * ipywidgets' own states of its controls (test/fixtures/ipywidgets/states.json, written by
 * scripts/ipywidgets/make_fixtures.py), and a check that a widget's comm_open carries the same state, its layout and
 * style models included.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { CommData } from "../../kernel/comms.js";
import type { Widget } from "../../src/widgets/index.js";
import type { FakeFrontend } from "./fake-frontend.js";

interface ReferenceCase {
  control: string;
  options: Record<string, unknown>;
  model_name: string;
  state: CommData;
  layout?: CommData;
  style?: CommData;
}

const fixture: { ipywidgets: string; cases: Record<string, ReferenceCase> } = JSON.parse(
  readFileSync(new URL("../../../test/fixtures/ipywidgets/states.json", import.meta.url), "utf8"),
);

/** The reference case `name` with its options in explr's spelling (camelCase). */
export function referenceCase(name: string): ReferenceCase & { explrOptions: Record<string, unknown> } {
  const found = fixture.cases[name];
  if (!found) throw new Error(`no ipywidgets reference case "${name}"`);
  const explrOptions = Object.fromEntries(
    Object.entries(found.options).map(([key, value]) => [
      key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()),
      value,
    ]),
  );
  return { ...found, explrOptions };
}

const referencedId = (reference: unknown): string => {
  assert.match(String(reference), /^IPY_MODEL_[0-9a-f-]+$/);
  return String(reference).slice("IPY_MODEL_".length);
};

/** Asserts that `widget` opened its model (and its layout and style models) with ipywidgets' state for `name`. */
export function assertSameAsIpywidgets(frontend: FakeFrontend, widget: Widget, name: string): void {
  const reference = referenceCase(name);
  const open = frontend.opened(widget.modelId);
  assert.equal(open.content.target_name, "jupyter.widget");
  assert.deepEqual(open.metadata, { version: "2.1.0" });
  const { state, buffer_paths } = open.content.data as { state: CommData; buffer_paths: unknown[] };
  assert.deepEqual(buffer_paths, []);
  const { layout, style, ...own } = state;
  const { layout: _layout, style: _style, ...referenceOwn } = reference.state;
  assert.deepEqual(own, referenceOwn, `${name}: the model's own state`);
  for (const [part, value] of [
    ["layout", layout],
    ["style", style],
  ] as const) {
    if (reference[part] === undefined) {
      assert.equal(value, undefined, `${name} has no ${part}`);
      continue;
    }
    const opened = frontend.opened(referencedId(value)).content.data as { state: CommData };
    assert.deepEqual(opened.state, reference[part], `${name}: its ${part} model`);
  }
}
