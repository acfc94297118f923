// Package report turns a filing into what a unit hands in: plain-text tables
// laid out like the official forms (附件1 to 附件4), indicator and score CSVs,
// an XLSX workbook in the official layout with live formulas, the 附件4
// report as Markdown, the jixiao/filing@1 JSON document, and the batch
// summary a finance bureau reviews. The text export and the TUI measure text
// with the same width model (internal/textwidth). See docs/exports.md.
package report
