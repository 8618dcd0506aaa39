/**
 * IOPub messages → a notebook's outputs, as nbclient (what `jupyter nbconvert --execute` runs) applies them, so both
 * save the same notebook: stream, display_data, execute_result and error messages append an output;
 * `clear_output` empties the cell now, or with `wait: true` just before its next output; `update_display_data` (and a
 * new display carrying an existing display_id) replaces the data and metadata of every output shown with that
 * display_id, in whichever cell it is; `execution_count` is taken from the messages that carry one.
 */

import type { Message } from "../kernel/protocol/wire.js";
import type { Output } from "../src/report/nbformat.js";

/** An output being built: a plain nbformat output object, mutable while the notebook runs. */
type MutableOutput = Record<string, unknown>;

/** A code cell as the collector writes it. */
export interface OutputCell {
  outputs: Output[];
  execution_count: number | null;
}

export class NotebookOutputs {
  /** display_id → the outputs showing it (objects inside the cells' outputs arrays). */
  readonly #displays = new Map<string, Set<MutableOutput>>();
  #clearBeforeNextOutput = false;

  /** Applies one IOPub message of the cell being run. Messages that are not outputs are ignored. */
  apply(cell: OutputCell, message: Message<unknown>): void {
    const type = message.header.msg_type;
    const content = message.content as Record<string, unknown>;
    const displayId = (content.transient as { display_id?: unknown } | undefined)?.display_id;
    if (
      typeof displayId === "string" &&
      ["display_data", "execute_result", "update_display_data"].includes(type)
    ) {
      this.#update(displayId, content);
    }
    if (typeof content.execution_count === "number") cell.execution_count = content.execution_count;
    if (type === "clear_output") {
      if (content.wait === true) this.#clearBeforeNextOutput = true;
      else this.#clear(cell);
      return;
    }
    const output = outputOf(type, content);
    if (!output) return;
    if (this.#clearBeforeNextOutput) {
      this.#clear(cell);
      this.#clearBeforeNextOutput = false;
    }
    if (typeof displayId === "string") {
      const shown = this.#displays.get(displayId) ?? new Set();
      shown.add(output);
      this.#displays.set(displayId, shown);
    }
    cell.outputs.push(output as unknown as Output);
  }

  /** Starts a new cell: a pending `clear_output(wait)` of the previous one does not carry over. */
  startCell(): void {
    this.#clearBeforeNextOutput = false;
  }

  #clear(cell: OutputCell): void {
    for (const shown of this.#displays.values()) {
      for (const output of cell.outputs) shown.delete(output as unknown as MutableOutput);
    }
    cell.outputs.length = 0;
  }

  #update(displayId: string, content: Record<string, unknown>): void {
    for (const output of this.#displays.get(displayId) ?? []) {
      output.data = content.data;
      output.metadata = content.metadata ?? {};
    }
  }
}

/** The nbformat output of an IOPub message (nbformat's `output_from_msg`), or undefined for other messages. */
function outputOf(type: string, content: Record<string, unknown>): MutableOutput | undefined {
  switch (type) {
    case "stream":
      return { output_type: "stream", name: content.name, text: content.text };
    case "display_data":
      return { output_type: "display_data", data: content.data, metadata: content.metadata ?? {} };
    case "execute_result":
      return {
        output_type: "execute_result",
        data: content.data,
        metadata: content.metadata ?? {},
        execution_count: content.execution_count ?? null,
      };
    case "error":
      return {
        output_type: "error",
        ename: content.ename,
        evalue: content.evalue,
        traceback: content.traceback ?? [],
      };
    default:
      return undefined;
  }
}
