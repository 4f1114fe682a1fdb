/**
 * {@code ./headcount run --in-process}: an experiment's plan run in this JVM, without Kafka, MongoDB or the
 * services. The units of {@code WorkPlan} run one at a time in hand-out order as their needs are met, through the
 * same {@code pipeline} jobs the GPU workers call, against a {@code DirectoryArtifactStore}; their result events and
 * timings become the {@code report} module's {@code ExperimentSnapshot}, so the report is written by the same code
 * as the report-service's.
 */
package dev.headcount.cli.inprocess;
