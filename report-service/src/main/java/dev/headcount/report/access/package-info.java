/**
 * Who may use the report-service's API and within which bounds: the bearer token on writes (and optionally reads),
 * the refusal to start reachable from other hosts without one, the roots that a request's local files must lie in,
 * and the limits per client (body size, experiments in flight, tasks, fractions and seeds per request).
 */
package dev.headcount.report.access;
