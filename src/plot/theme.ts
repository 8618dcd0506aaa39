/**
 * explr's one plot theme: transparent backgrounds and mid-gray text and grid, so a figure reads on JupyterLab's light
 * and dark themes alike; line colors bright enough for both (plotly's own default palette).
 */
import type { PlotlyConfig, PlotlyLayout } from "./spec.js";

/** Mid-gray: contrast ≈ 3.5:1 on white and ≈ 5:1 on JupyterLab's dark background. HTML output replaces it with the
 * page's text color (see html.ts), so it matters only where the plotly MIME renderer draws. */
export const themeFontColor = "#808080";

export const themeColorway: readonly string[] = [
  "#636efa",
  "#ef553b",
  "#00cc96",
  "#ab63fa",
  "#ffa15a",
  "#19d3f3",
  "#ff6692",
  "#b6e880",
  "#ff97ff",
  "#fecb52",
];

const transparent = "rgba(0,0,0,0)";

const axisTheme = {
  gridcolor: "rgba(128,128,128,0.25)",
  zerolinecolor: "rgba(128,128,128,0.45)",
  linecolor: "rgba(128,128,128,0.6)",
  tickcolor: "rgba(128,128,128,0.6)",
  showline: true,
  automargin: true,
};

const baseLayout: PlotlyLayout = {
  paper_bgcolor: transparent,
  plot_bgcolor: transparent,
  font: {
    family: "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
    size: 13,
    color: themeFontColor,
  },
  colorway: [...themeColorway],
  legend: { bgcolor: transparent },
  hovermode: "x unified",
  margin: { l: 60, r: 20, t: 50, b: 50 },
  autosize: true,
};

/** Plotly options that keep an output tidy: resize with the cell, no plotly logo or cloud link. */
export const themeConfig: PlotlyConfig = { responsive: true, displaylogo: false };

/** The color of the i-th series, cycling through the palette. */
export function seriesColor(index: number): string {
  return themeColorway[index % themeColorway.length];
}

/**
 * The layout with the theme underneath: the caller's settings win; every axis the layout names (`xaxis`, `yaxis2`,
 * …, at least `xaxis` and `yaxis`) gets the neutral grid.
 */
export function themedLayout(layout: PlotlyLayout): PlotlyLayout {
  const themed = mergeDeep(baseLayout, layout);
  const axes = new Set(["xaxis", "yaxis", ...Object.keys(layout).filter((k) => /^[xy]axis\d*$/.test(k))]);
  for (const axis of axes) {
    themed[axis] = mergeDeep(axisTheme, (layout[axis] as PlotlyLayout | undefined) ?? {});
  }
  return themed;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `override` on top of `base`, recursing into nested plain objects (arrays are replaced, not merged). */
function mergeDeep(base: PlotlyLayout, override: PlotlyLayout): PlotlyLayout {
  const merged: PlotlyLayout = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const under = merged[key];
    merged[key] = isPlainObject(under) && isPlainObject(value) ? mergeDeep(under, value) : value;
  }
  return merged;
}
