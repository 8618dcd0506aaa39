/**
 * Names each cell's JavaScript for V8's stack traces and keeps the source maps from it back to the cell.
 *
 * tslab runs every cell with `vm.runInThisContext` and no file name: every frame of every cell says
 * `evalmachine.<anonymous>`, at a line of JavaScript the reader never sees. tslab-compiler.ts has the watch program
 * emit each file with an inline source map, and puts `transpileModule` here: every text tslab runs passes through
 * it last (one-pass-commonjs.ts hands the one-pass emit back unchanged; other files are compiled a second time,
 * here with a source map of that compile too). For the cell's own text, the inline map is taken out and a
 * `//# sourceURL=` comment names the script, a name V8 then gives the cell's frames, those of its functions
 * called from later cells included. Decoding the maps waits until a traceback needs them (kernel/traceback.ts).
 */
import { hash } from "node:crypto";
import type ts from "typescript";

/** The file tslab's converter emits a cell to (its `__tslab__.ts`, emitted as `outDir/__tslab__.js`). */
const cellOutputFile = "__tslab__.js";
/** The line of the file tslab's converter compiles where the cell's code begins (after its `export {};`). */
export const cellFirstLine = 1;
/** A trailing source-map comment, as TypeScript writes it. */
const sourceMapComment = /\n\/\/# sourceMappingURL=(\S*)\s*$/;
const inlineMapPrefix = "data:application/json;base64,";

/** A cell's script: its name, and its source maps (JSON texts) from the script back to the cell's TypeScript. */
export interface CellScript {
  readonly name: string;
  readonly maps: readonly string[];
}

export class CellScripts {
  /** The cell being compiled, and once emitted, its script. */
  #expected: { code: string; script?: CellScript } | undefined;

  /**
   * Runs `compile`, which compiles (and may start) the cell `code`. Returns what `compile` returned and the cell's
   * script, or none where it emitted no cell (a type error, a cell of declarations only).
   *
   * The name comes from the code and the JavaScript: the same cell run again is the same script, which V8 then
   * takes from its compilation cache (a name of its own for each run would cost every warm cell a compile).
   */
  naming<T>(code: string, compile: () => T): { value: T; script?: CellScript } {
    const expected: { code: string; script?: CellScript } = { code };
    this.#expected = expected;
    try {
      return { value: compile(), script: expected.script };
    } finally {
      this.#expected = undefined;
    }
  }

  /** `transpileModule` for tslab's last compile of each text, over `inner` (see the module). */
  transpileModule(inner: typeof ts.transpileModule): typeof ts.transpileModule {
    return (input, options) => {
      const expected = this.#expected;
      const inline = expected && inlineMap(input);
      if (!expected || !inline || JSON.parse(inline).file !== cellOutputFile) {
        // another file a cell imports: it runs as tslab would run it, without a map
        const compiled = inner(input, options);
        return { ...compiled, outputText: withoutSourceMapComments(compiled.outputText) };
      }
      const compiled = inner(input, {
        ...options,
        compilerOptions: { ...options.compilerOptions, sourceMap: true, inlineSourceMap: false },
      });
      // a text compiled again has a map of that compile, whose sources are the inline map's generated text
      const maps = compiled.sourceMapText ? [compiled.sourceMapText, inline] : [inline];
      const text = withoutSourceMapComments(compiled.outputText);
      const name = `cell-${hash("sha1", `${expected.code}\0${text}`).slice(0, 12)}.js`;
      expected.script = { name, maps };
      return { ...compiled, outputText: `${text}//# sourceURL=${name}`, sourceMapText: undefined };
    };
  }
}

/** The JSON of `text`'s trailing inline source map, if it has one. */
function inlineMap(text: string): string | undefined {
  const url = sourceMapComment.exec(text)?.[1];
  if (!url?.startsWith(inlineMapPrefix)) return undefined;
  return Buffer.from(url.slice(inlineMapPrefix.length), "base64").toString("utf8");
}

/**
 * `text` as it would be without source maps: without its trailing source-map comments (a text compiled again may
 * keep the inline one and add its own), its last line break kept.
 */
function withoutSourceMapComments(text: string): string {
  let stripped = text;
  for (let match = sourceMapComment.exec(stripped); match; match = sourceMapComment.exec(stripped)) {
    stripped = stripped.slice(0, match.index + 1);
  }
  return stripped;
}
