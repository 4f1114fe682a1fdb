/**
 * One experiment's report: {@link dev.headcount.report.report.ReportBuilder} turns an in-memory
 * {@link dev.headcount.report.report.ExperimentSnapshot} (the plan and every result event, no database) into an
 * {@link dev.headcount.report.report.ExperimentReport}, whose files (report.json, CSV tables, figures, report.md)
 * {@link dev.headcount.report.report.ReportFiles} lists; the findings and their plain-language summary.
 */
package dev.headcount.report.report;
