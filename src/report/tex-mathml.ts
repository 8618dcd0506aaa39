/**
 * The inline TeX of notebooks' `$…$` maths as MathML, which browsers draw natively, so reports show formulas
 * offline without a math library. It covers the notation the notebooks use: letters, numbers, operators, Greek
 * letters and symbols by name, `^` and `_`, `\frac`, `\sqrt`, `\tilde`, `\mathcal`, `\mathbb`, `\operatorname` and
 * spacing. A command it does not know is shown as its TeX source.
 */
import { escapeHtml } from "../plot/html.js";

const identifiers: Record<string, string> = {
  alpha: "α",
  beta: "β",
  gamma: "γ",
  delta: "δ",
  epsilon: "ϵ",
  varepsilon: "ε",
  eta: "η",
  theta: "θ",
  kappa: "κ",
  lambda: "λ",
  mu: "μ",
  nu: "ν",
  pi: "π",
  rho: "ρ",
  sigma: "σ",
  tau: "τ",
  phi: "φ",
  omega: "ω",
  Gamma: "Γ",
  Delta: "Δ",
  Lambda: "Λ",
  Sigma: "Σ",
  Omega: "Ω",
  ell: "ℓ",
  infty: "∞",
  nabla: "∇",
  top: "⊤",
};

const operators: Record<string, string> = {
  leftarrow: "←",
  rightarrow: "→",
  to: "→",
  times: "×",
  cdot: "·",
  pm: "±",
  le: "≤",
  leq: "≤",
  ge: "≥",
  geq: "≥",
  ne: "≠",
  approx: "≈",
  sim: "∼",
  in: "∈",
  prod: "∏",
  sum: "∑",
  langle: "⟨",
  rangle: "⟩",
  lVert: "‖",
  rVert: "‖",
  Vert: "‖",
  mid: "|",
  max: "max",
  min: "min",
  log: "log",
  exp: "exp",
};

const spaces: Record<string, string> = { ",": "0.167em", ";": "0.278em", " ": "0.25em", quad: "1em" };

const letterVariants: Record<string, string> = { mathcal: "script", mathbb: "double-struck" };

/** `$…$` content → `<math>…</math>`. */
export function texToMathml(tex: string): string {
  const parser = new Parser(tex);
  return `<math>${parser.sequence(undefined)}</math>`;
}

class Parser {
  readonly #tex: string;
  #at = 0;

  constructor(tex: string) {
    this.#tex = tex;
  }

  /** Atoms until `close` (or the end), each with its scripts. */
  sequence(close: string | undefined): string {
    const parts: string[] = [];
    while (this.#at < this.#tex.length && this.#tex[this.#at] !== close) {
      const atom = this.#atom();
      if (atom !== undefined) parts.push(this.#scripts(atom));
    }
    if (close !== undefined) this.#at++;
    return parts.join("");
  }

  /** A base followed by `_x`, `^x` or both. */
  #scripts(base: string): string {
    let sub: string | undefined;
    let sup: string | undefined;
    for (;;) {
      const c = this.#tex[this.#at];
      if (c !== "_" && c !== "^") break;
      this.#at++;
      const script = this.#argument();
      if (c === "_") sub = script;
      else sup = script;
    }
    if (sub !== undefined && sup !== undefined) return `<msubsup>${base}${sub}${sup}</msubsup>`;
    if (sub !== undefined) return `<msub>${base}${sub}</msub>`;
    if (sup !== undefined) return `<msup>${base}${sup}</msup>`;
    return base;
  }

  /** A braced group or a single atom, as one MathML element. */
  #argument(): string {
    this.#skipSpaces();
    if (this.#tex[this.#at] === "{") {
      this.#at++;
      return `<mrow>${this.sequence("}")}</mrow>`;
    }
    return this.#atom() ?? "<mrow></mrow>";
  }

  #skipSpaces(): void {
    while (this.#tex[this.#at] === " ") this.#at++;
  }

  /** One token as MathML, or undefined for what draws nothing (a space). */
  #atom(): string | undefined {
    const c = this.#tex[this.#at];
    if (c === " ") {
      this.#at++;
      return undefined;
    }
    if (c === "\\") return this.#command();
    if (c === "{") {
      this.#at++;
      return `<mrow>${this.sequence("}")}</mrow>`;
    }
    const number = /^\d+(\.\d+)?/.exec(this.#tex.slice(this.#at));
    if (number) {
      this.#at += number[0].length;
      return `<mn>${number[0]}</mn>`;
    }
    this.#at++;
    if (/\p{L}/u.test(c)) return `<mi>${escapeHtml(c)}</mi>`;
    return `<mo>${escapeHtml(c === "-" ? "−" : c)}</mo>`;
  }

  #command(): string | undefined {
    const rest = this.#tex.slice(this.#at + 1);
    const name = /^[A-Za-z]+/.exec(rest)?.[0] ?? rest[0] ?? "";
    this.#at += 1 + name.length;
    if (name in spaces) return `<mspace width="${spaces[name]}"></mspace>`;
    if (name in identifiers) return `<mi>${identifiers[name]}</mi>`;
    if (name in operators) return `<mo>${operators[name]}</mo>`;
    switch (name) {
      case "frac":
        return `<mfrac>${this.#argument()}${this.#argument()}</mfrac>`;
      case "sqrt":
        return `<msqrt>${this.#argument()}</msqrt>`;
      case "tilde":
        return `<mover accent="true">${this.#argument()}<mo>~</mo></mover>`;
      case "operatorname":
        return `<mi>${this.#plainArgument()}</mi>`;
    }
    if (name in letterVariants)
      return `<mi mathvariant="${letterVariants[name]}">${this.#plainArgument()}</mi>`;
    return `<mtext>${escapeHtml(`\\${name}`)}</mtext>`;
  }

  /** The text of a braced argument, or the next character. */
  #plainArgument(): string {
    this.#skipSpaces();
    if (this.#tex[this.#at] !== "{") return escapeHtml(this.#tex[this.#at++] ?? "");
    const end = this.#tex.indexOf("}", this.#at);
    const text = this.#tex.slice(this.#at + 1, end < 0 ? undefined : end);
    this.#at = end < 0 ? this.#tex.length : end + 1;
    return escapeHtml(text);
  }
}
