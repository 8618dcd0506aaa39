/**
 * Sweeps' results in the library: `record` a notebook's values, `load` a sweep folder as one table, draw each
 * configuration's mean ± std over seeds (`bandPlot`), and the report `explr sweep` writes.
 */
export {
  loadSweep as load,
  type RunCurve,
  resultsCsv,
  resultsJson,
  type SweepResults,
  type SweepRow,
} from "./collect.js";
export { RECORD_MIME, type RecordValue, record } from "./record.js";
export { type BandPlotOptions, bandPlot, sweepReportHtml } from "./report.js";
export { type Configuration, configurations, type MeanCurve, type Spread, spread } from "./summary.js";
