/** Plain-text renderings the report reuses. */
package dev.headcount.metrics.report;
