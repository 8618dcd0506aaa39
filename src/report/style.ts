/** The report's CSS on top of the page style: cells, prompts and outputs, in light and dark. */
export const reportStyle = `
.cell { margin: 1rem 0; }
.code { display: grid; grid-template-columns: 4.5rem minmax(0, 1fr); column-gap: 0.5rem; }
.prompt { color: #808080; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.85rem;
  text-align: right; padding-top: 0.5rem; }
pre { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.85rem; overflow-x: auto;
  margin: 0.25rem 0; padding: 0.5rem 0.75rem; white-space: pre-wrap; word-break: break-word; }
pre.source { background: rgba(128,128,128,0.1); border: 1px solid rgba(128,128,128,0.3); border-radius: 4px; }
pre.stderr { background: rgba(255,170,0,0.12); }
pre.error { background: rgba(255,60,60,0.12); border-left: 3px solid #e5534b; }
.outputs img { max-width: 100%; }
.markdown img { max-width: 100%; }
.maths-error { color: #e5534b; }
.unsupported { color: #808080; font-style: italic; }
table { border-collapse: collapse; }
th, td { border: 1px solid rgba(128,128,128,0.4); padding: 0.2rem 0.5rem; }
a { color: #2f81f7; }
footer { color: #808080; font-size: 0.85rem; margin-top: 3rem; }
ul.reports li { margin: 0.4rem 0; }
.failed { color: #e5534b; font-weight: 600; }
.passed { color: #3fb950; font-weight: 600; }
.not-run { color: #808080; font-weight: 600; }
`;
