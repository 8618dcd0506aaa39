/**
 * Markdown as reports render it: GitHub-flavoured Markdown (marked) with Jupyter's inline maths, `$…$`, drawn as
 * MathML. A `$` followed or preceded by a space, or in code, is a dollar sign.
 */
import { Marked } from "marked";
import { texToMathml } from "./maths.js";

const withMaths = new Marked({
  extensions: [
    {
      name: "inlineMath",
      level: "inline",
      start: (source: string) => source.indexOf("$"),
      tokenizer(source: string) {
        const found = /^\$(?!\s)([^$\n]+?)(?<![\s\\])\$/.exec(source);
        return found ? { type: "inlineMath", raw: found[0], tex: found[1] } : undefined;
      },
      renderer: (token) => texToMathml(token.tex as string),
    },
  ],
});

export function renderMarkdown(source: string): string {
  return withMaths.parse(source, { async: false });
}
