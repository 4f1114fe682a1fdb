/** The report's CSV tables, one per section, with the numbers exactly as report.json holds them. */
package dev.headcount.report.tables;
