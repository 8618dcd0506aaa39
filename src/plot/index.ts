/**
 * Plots: plotly.js figure builders for LR schedules, training curves and the weight dynamics of scale-invariant
 * networks, figures that show themselves in notebooks or save as offline HTML, and a live training dashboard.
 * Knows the display protocol and schedules; knows nothing of the kernel, the optimizer or the theory.
 */
export { type AlphaCurve, type AlphaPlotOptions, alphaPlot } from "./alpha.js";
export { type DashboardMetrics, type DashboardOptions, TrainingDashboard } from "./dashboard.js";
export { anglePlot, directionErrorPlot, effectiveLRPlot, weightNormPlot } from "./dynamics.js";
export { Figure, type FigureInput, plotlyMimeType } from "./figure.js";
export { escapeHtml, htmlPage, plotElement, plotlyScriptTag } from "./html.js";
export {
  type AxisScale,
  type Curve,
  captionLayout,
  coincidingSeries,
  type LinePlotOptions,
  linePlot,
  type Overlap,
  type Series,
} from "./lines.js";
export { type FrameKind, LiveFigure } from "./live-figure.js";
export { NameColors, sessionColors } from "./name-colors.js";
export { PlotlyInlining, plotlyJsSource, sessionInlining } from "./plotly-js.js";
export { type SchedulePlotOptions, type ScheduleValues, schedulePlot } from "./schedules.js";
export type { PlotlyConfig, PlotlyLayout, PlotlySpec, PlotlyTrace } from "./spec.js";
export { type Cell, formatCell, Table, type TableOptions, table } from "./table.js";
export { themeColorway, themedLayout } from "./theme.js";
export { type RunCurves, type TrainingCurvesOptions, type TrainTest, trainingCurves } from "./training.js";
