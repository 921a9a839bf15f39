/**
 * `@rasflow/core/report`: what users look at after a run: SVG charts, report.html, the two-run
 * comparison, and the Chrome Trace Event export with its checker.
 *
 * @module
 */
export * from './svg-chart.js';
export { htmlReport, layerLatencies, layerTimes, percentile, OUTCOME_ORDER, HANDLER_LAYERS } from './html-report.js';
export type { HtmlReportInput, LayerLatency, ReportScenario, Results } from './html-report.js';
export { compareResults, formatCompare, compareHtml } from './compare.js';
export type { CompareRow, CompareTable, FateChange } from './compare.js';
export { barChart, boxChart, inlineSvg } from './svg-bars.js';
export type { BarChartSpec, BoxChartSpec, BoxStats } from './svg-bars.js';
export * from './trace-events.js';
